import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['grader/**/*.test.ts', 'solutions/**/*.test.ts'],
    // A test checks outcomes, not speed: the default limits are far above what any test needs on an
    // idle machine, so one with both cores busy passes too (a hang still fails; the engine and the
    // simulator stop at step bounds). Tests that grade, spawn or compile set larger limits of their own.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // In CI a JSON summary is written too, so .ci/run can print one plain closing line.
    reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
    outputFile: { json: '.tcplab/vitest-results.json' },
  },
});
