import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['grader/**/*.test.ts', 'solutions/**/*.test.ts'],
    // In CI a JSON summary is written too, so .ci/run can print one plain closing line.
    reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
    outputFile: { json: '.tcplab/vitest-results.json' },
  },
});
