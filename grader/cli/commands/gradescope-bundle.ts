/** `tcplab gradescope-bundle`: the autograder zip for Gradescope (instructors). */
import type { Command } from 'commander';
import { withRun } from '../cli-run.js';
import { UsageError } from '../errors.js';
import { INSTRUCTOR, instructorModule } from '../instructor.js';
import { parseSeed, seedGiven } from '../options.js';

interface BundleFlags {
  seed: number;
  rubric?: string;
  public?: boolean;
}

export function registerGradescopeBundle(program: Command): void {
  program
    .command('gradescope-bundle', { hidden: !INSTRUCTOR })
    .description('write the autograder zip for Gradescope (setup.sh, run_autograder, this kit): each submission gets the hidden grade')
    .argument('<zip>', 'the file to write, e.g. autograder.zip')
    .option('--seed <n>', 'seed of the hidden suite the autograder runs', parseSeed, 42)
    .option('--rubric <file>', 'exercises that count, weights, and what students see (YAML)')
    .option('--public', 'grade with the public checks (those students have) instead of the hidden suite')
    .action(withRun(async (run, zip: string, opts: BundleFlags, cmd: Command) => {
      const bundle = await instructorModule('gradescope-bundle', 'gradescope-bundle');
      if (opts.public && seedGiven(cmd)) {
        throw new UsageError(`--seed ${opts.seed}: the public checks have one fixed seed; leave out --public to grade with seed ${opts.seed}`);
      }
      try {
        const files = bundle.gradescopeBundle(zip, {
          seed: opts.seed, ...(opts.rubric !== undefined ? { rubric: opts.rubric } : {}), ...(opts.public ? { public: true } : {}),
        });
        const suite = opts.public ? 'public checks' : `hidden suite seed ${opts.seed}`;
        run.out([
          `${zip}: ${files} files (setup.sh, run_autograder, the kit under kit/); ${suite}${opts.rubric ? `, rubric ${opts.rubric}` : ''}.`,
          'Upload it as the autograder of a Gradescope programming assignment.',
        ].join('\n'));
      } catch (e) {
        if (e instanceof bundle.BundleError) throw new UsageError(e.message);
        throw e;
      }
    }));
}
