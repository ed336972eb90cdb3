import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['grader/**/*.test.ts', 'solutions/**/*.test.ts'],
    // Keep output plain in CI logs; locally vitest's default reporter is used.
    reporters: process.env['CI'] ? ['default'] : ['default'],
    pool: 'threads',
  },
});
