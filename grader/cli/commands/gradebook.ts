/** `tcplab gradebook merge`: join the results folders of grade-all shards (instructors). */
import type { Command } from 'commander';
import { withRun } from '../cli-run.js';
import { INSTRUCTOR } from '../instructor.js';

export function registerGradebook(program: Command): void {
  program
    .command('gradebook', { hidden: !INSTRUCTOR })
    .description('results folders of grade-all')
    .command('merge')
    .description('join the results of grade-all shards into the folder one run would have written')
    .argument('<results...>', 'results folders (grade-all --out)')
    .requiredOption('--out <folder>', 'the merged results folder')
    .action(
      withRun(async (run, results: string[], opts: { out: string }) => {
        const { runMerge } = await import('../actions/gradebook-merge.js');
        return runMerge(results, opts, run.out);
      }),
    );
}
