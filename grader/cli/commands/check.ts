/** `tcplab check`: the recorded public checks on the student's exercises/, each first failure drawn. */
import type { Command } from 'commander';
import { PUBLIC_SEED } from '../../conformance/pack.js';
import type { GradeFlags } from '../actions/grade.js';
import { interruptible, withRun } from '../cli-run.js';
import { reportOptions } from '../options.js';

export function registerCheck(program: Command): void {
  reportOptions(
    program
      .command('check')
      .description('run the recorded public checks on your exercises/ and draw each first failure')
      .argument('[exercise]', 'one exercise, e.g. 04'),
  )
    .option('--json', 'print the report as JSON')
    .action(
      withRun(async (run, exercise: string | undefined, opts: GradeFlags & { json?: boolean }) => {
        await interruptible(run);
        const { runGrade } = await import('../actions/grade.js');
        const { APP_EXERCISES, appTestsPass, runAppTests } = await import('../app-tests.js');
        const { findExercise } = await import('../../engine/exercises.js');
        const only = exercise === undefined ? undefined : findExercise(exercise)?.id;
        const table = !opts.json && (opts.format ?? 'table') === 'table';
        // The application exercises' tests, with the table only: the JSON and other formats are the report's.
        const apps = async (): Promise<number> => {
          const ids = Object.keys(APP_EXERCISES).filter((id) => only === undefined || id === only);
          if (!table || ids.length === 0) return 0;
          const tests = await runAppTests(ids);
          run.out(tests.text);
          const threshold = opts.minPercent !== undefined || opts.minScore !== undefined;
          return threshold && !appTestsPass(tests) ? 1 : 0;
        };
        // 06 is application code only: its tests are its check.
        if (only === '06-close-wait') return apps();
        // The packs were recorded with the public seed; there is no other to choose. The code is the student's own.
        const flags: GradeFlags = {
          ...opts,
          seed: PUBLIC_SEED,
          ...(exercise !== undefined ? { exercise } : {}),
          format: opts.json ? 'json' : opts.format,
          packs: true,
          sandbox: false,
        };
        const graded = await runGrade('exercises', flags, run.out);
        return Math.max(graded, await apps());
      }),
    );
}
