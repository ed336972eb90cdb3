/** `tcplab grade`: grade a submission, with the public checks or the hidden suite (instructors). */
import type { Command } from 'commander';
import type { GradeFlags } from '../actions/grade.js';
import { interruptible, withRun } from '../cli-run.js';
import { INSTRUCTOR } from '../instructor.js';
import { parseSeed, reportOptions, seedGiven } from '../options.js';

export function registerGrade(program: Command): void {
  reportOptions(
    program
      .command('grade', { hidden: !INSTRUCTOR })
      .description('grade a submission: a copy of the kit, its exercises/ folder, or solutions/')
      .argument('<dir>', 'the submission')
      .option('--hidden', 'use the hidden suite (instructors)')
      .option('--no-sandbox', "run the submission's code in this process (only for code you trust)")
      .option('--seed <n>', 'seed of the hidden suite', parseSeed, 42)
      .option('--exercise <id>', 'grade one exercise only (01 to 08, or its name)'),
  ).action(
    withRun(async (run, dir: string, opts: GradeFlags, cmd: Command) => {
      await interruptible(run);
      const { runGrade } = await import('../actions/grade.js');
      return runGrade(dir, { ...opts, seedGiven: seedGiven(cmd) }, run.out);
    }),
  );
}
