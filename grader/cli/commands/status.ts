/** `tcplab status`: every exercise with its public-check score, and what to do next. */
import type { Command } from 'commander';
import { interruptible, withRun } from '../cli-run.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('where you are: every exercise with its public-check score, and what to do next')
    .action(
      withRun(async (run) => {
        await interruptible(run);
        const [{ publicCheck }, { statusLines }, { APP_EXERCISES, runAppTests }] = await Promise.all([
          import('../grading.js'),
          import('../actions/status.js'),
          import('../app-tests.js'),
        ]);
        const report = await publicCheck('exercises');
        run.out(statusLines(report, await runAppTests(Object.keys(APP_EXERCISES))).join('\n'));
      }),
    );
}
