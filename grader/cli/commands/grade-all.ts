/** `tcplab grade-all`: grade a class into a results folder (instructors). */
import type { Command } from 'commander';
import type { GradeAllFlags } from '../actions/grade-all.js';
import { withRun } from '../cli-run.js';
import { INSTRUCTOR } from '../instructor.js';
import { parseJobs, parseSeed, seedGiven } from '../options.js';

export function registerGradeAll(program: Command): void {
  program
    .command('grade-all', { hidden: !INSTRUCTOR })
    .description(
      'grade a class (one folder, .zip or .tar.gz per student) into a results folder: gradebook, per-student reports and feedback',
    )
    .argument('<dir>', 'folder of submissions')
    .requiredOption('--out <folder>', 'the results folder (made if missing; an earlier one is resumed)')
    .option('--jobs <n>', 'submissions graded at once (default: the number of cores)', parseJobs)
    .option('--hidden', 'use the hidden suite')
    .option('--seed <n>', 'seed of the hidden suite', parseSeed, 42)
    .option('--rubric <file>', 'weights, exercises to count and what students see (YAML)')
    .option('--exercise <id>', 'grade one exercise only (01 to 08, or its name)')
    .option('--force', 'grade again the submissions already graded whose files have not changed')
    .option('--shard <k/n>', 'grade the K-th of N shares of the class (then: tcplab gradebook merge)')
    .option('--no-sandbox', "run the submissions' code in this process (only for code you trust)")
    .action(
      withRun(async (run, dir: string, opts: GradeAllFlags, cmd: Command) => {
        const { runGradeAll } = await import('../actions/grade-all.js');
        return runGradeAll(dir, { ...opts, seedGiven: seedGiven(cmd) }, run.out);
      }),
    );
}
