// `npm run test:exercises [-- NN]`: the public tests against your code in exercises/.
import { defineConfig } from 'vitest/config';
import ExerciseReporter from './grader/kit/exercise-reporter.js';

export default defineConfig({
  test: {
    include: ['exercises/**/*.test.ts'],
    reporters: [new ExerciseReporter()],
    // A worker thread starts faster than a process (about an eighth off each run); a run stuck in an
    // endless loop is still ended whole, with its process group (grader/cli/app-tests.ts).
    pool: 'threads',
  },
});
