// `npm run test:exercises [-- NN]`: the public tests against your code in exercises/.
import { defineConfig } from 'vitest/config';
import ExerciseReporter from './grader/kit/exercise-reporter.js';

export default defineConfig({
  test: {
    include: ['exercises/**/*.test.ts'],
    reporters: [new ExerciseReporter()],
  },
});
