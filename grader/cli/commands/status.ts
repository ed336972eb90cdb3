/** `tcplab status`: every exercise with its public-check score, and what to do next. */
import type { Command } from 'commander';
import { interruptible, withRun } from '../cli-run.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('where you are: every exercise with its public-check score, and what to do next')
    .action(withRun(async (run) => {
      await interruptible(run);
      const [{ publicCheck }, { statusLines }] = await Promise.all([import('../grading.js'), import('../actions/status.js')]);
      run.out(statusLines(await publicCheck('exercises')).join('\n'));
    }));
}
