import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const solution = (path: string): string => fileURLToPath(new URL(`./solutions/${path}`, import.meta.url));

export default defineConfig({
  test: {
    // A test checks outcomes, not speed: the default limits are far above what any test needs on an
    // idle machine, so one with both cores busy passes too (a hang still fails; the engine and the
    // simulator stop at step bounds). Tests that grade, spawn or compile set larger limits of their own.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // In CI a JSON summary is written too, so .ci/run can print one plain closing line.
    reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
    outputFile: { json: '.tcplab/vitest-results.json' },
    projects: [
      { extends: true, test: { name: 'kit', include: ['grader/**/*.test.ts', 'solutions/**/*.test.ts'] } },
      {
        // The application exercises' tests are kept once, in exercises/ where students run them on
        // their code; here they run on the reference's crawler and server.
        extends: true,
        test: {
          name: 'reference apps',
          include: ['exercises/05-time-wait/crawler.test.ts', 'exercises/06-close-wait/server.test.ts'],
        },
        resolve: {
          alias: [
            { find: /^\.\/crawler\.js$/, replacement: solution('05-time-wait/crawler.ts') },
            { find: /^\.\/server\.js$/, replacement: solution('06-close-wait/server.ts') },
          ],
        },
      },
    ],
  },
});
