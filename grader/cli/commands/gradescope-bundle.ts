/** `tcplab gradescope-bundle`: the autograder zip for Gradescope (instructors; grader/instructor/gradescope-bundle.ts). */
import type { Command } from 'commander';
import { withRun } from '../cli-run.js';
import { INSTRUCTOR, instructorModule } from '../instructor.js';
import { parseSeed, seedGiven } from '../options.js';

export function registerGradescopeBundle(program: Command): void {
  program
    .command('gradescope-bundle', { hidden: !INSTRUCTOR })
    .description(
      'write the autograder zip for Gradescope (setup.sh, run_autograder, this kit): each submission gets the hidden grade',
    )
    .argument('<zip>', 'the file to write, e.g. autograder.zip')
    .option('--seed <n>', 'seed of the hidden suite the autograder runs', parseSeed, 42)
    .option('--rubric <file>', 'exercises that count, weights, and what students see (YAML)')
    .option('--public', 'grade with the public checks (those students have) instead of the hidden suite')
    .action(
      withRun(async (run, zip: string, opts: { seed: number; rubric?: string; public?: boolean }, cmd: Command) => {
        const { runGradescopeBundle } = await instructorModule('gradescope-bundle', 'gradescope-bundle');
        return runGradescopeBundle(zip, { ...opts, seedGiven: seedGiven(cmd) }, run.out);
      }),
    );
}
