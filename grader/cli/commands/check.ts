/** `tcplab check`: the recorded public checks on the student's exercises/, each first failure drawn. */
import type { Command } from 'commander';
import { PUBLIC_SEED } from '../../conformance/pack.js';
import type { GradeFlags } from '../actions/grade.js';
import { interruptible, withRun } from '../cli-run.js';
import { reportOptions } from '../options.js';

export function registerCheck(program: Command): void {
  reportOptions(program
    .command('check')
    .description('run the recorded public checks on your exercises/ and draw each first failure')
    .argument('[exercise]', 'one exercise, e.g. 04'))
    .option('--json', 'print the report as JSON')
    .action(withRun(async (run, exercise: string | undefined, opts: GradeFlags & { json?: boolean }) => {
      await interruptible(run);
      const { runGrade } = await import('../actions/grade.js');
      // The packs were recorded with the public seed; there is no other to choose. The code is the student's own.
      const flags: GradeFlags = {
        ...opts, seed: PUBLIC_SEED, ...(exercise !== undefined ? { exercise } : {}),
        format: opts.json ? 'json' : opts.format, packs: true, sandbox: false,
      };
      return runGrade('exercises', flags, run.out);
    }));
}
