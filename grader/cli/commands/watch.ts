/** `tcplab watch`: the public checks again on every save. */
import type { Command } from 'commander';
import { withRun } from '../cli-run.js';

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description('run the public checks again on every save (Ctrl+C to stop)')
    .argument('[exercise]', 'one exercise, e.g. 04')
    .action(
      withRun(async (run, exercise: string | undefined) => {
        const { runWatch } = await import('../actions/watch.js');
        return runWatch(exercise, run.out);
      }),
    );
}
