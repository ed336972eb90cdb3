/**
 * `tcplab grade-all DIR --out RESULTS [--jobs N] [--hidden] [--seed N] [--rubric F] [--exercise ID]
 * [--force] [--shard K/N]`: grade a class (../batch/run.ts) into a results folder
 * (../batch/results-folder.ts). Everything it is given is checked before the first submission is
 * graded; a bad input is a usage error (exit 2). Exit codes: 0 done, 2 bad input (or a submission's
 * archive refused: the others are graded and kept), 130 stopped by Ctrl+C (what finished is kept).
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defaultRubric } from '../../conformance/rubric.js';
import { passRates } from '../../report/class-summary.js';
import { UsageError } from '../errors.js';
import { nonEmpty, shown } from '../input-file.js';
import { INSTRUCTOR, moduleExercise } from '../instructor.js';
import { readRubricFile, scoringOf } from '../rubric-file.js';
import { warnIfExposed } from '../sandboxed.js';
import { progressOn } from '../batch/progress.js';
import { readSettings, readStudent, resultsProblem, studentIds } from '../batch/results-folder.js';
import { runBatch } from '../batch/run.js';
import { difference, kitVersion, type RunSettings } from '../batch/settings.js';
import { parseShard } from '../batch/shard.js';
import { listSubmissions } from '../batch/submissions.js';
import { DEFAULT_VISIBILITY } from '../../report/visibility.js';

export interface GradeAllFlags {
  out: string;
  hidden?: boolean;
  seed: number;
  /** Whether --seed was given (a public grade has one fixed seed: a seed given with it is a mistake). */
  seedGiven?: boolean;
  rubric?: string;
  exercise?: string;
  jobs?: number;
  force?: boolean;
  shard?: string;
  sandbox?: boolean;
}

/** The settings of this run, and the checks that refuse a bad input before anything is graded. */
function settle(
  dir: string,
  flags: GradeAllFlags,
): { settings: RunSettings; file: ReturnType<typeof readRubricFile> | undefined } {
  if (!INSTRUCTOR) throw new UsageError("this is a student kit: grade-all needs the instructor's kit");
  nonEmpty(dir, 'the folder of submissions');
  nonEmpty(flags.out, '--out');
  const problem = resultsProblem(flags.out);
  if (problem) throw new UsageError(`--out ${shown(flags.out)}: ${problem}`);
  if (resolve(flags.out) === resolve(dir))
    throw new UsageError(`--out ${shown(flags.out)}: the results cannot go into the folder of submissions`);
  if (flags.seedGiven && !flags.hidden)
    throw new UsageError(
      `--seed ${flags.seed}: the public checks have one fixed seed; add --hidden to grade with seed ${flags.seed}`,
    );
  const file = flags.rubric === undefined ? undefined : readRubricFile(flags.rubric);
  const exercise =
    flags.exercise === undefined
      ? undefined
      : moduleExercise(
          flags.exercise,
          (id) =>
            `grade-all grades exercise modules; ${id} is checked with npm run test:exercises -- ${id.slice(0, 2)}`,
        ).id;
  const settings: RunSettings = {
    mode: flags.hidden ? 'hidden' : 'public',
    seed: flags.hidden ? flags.seed : 1,
    ...(exercise ? { exercise } : {}),
    scoring: scoringOf(file?.rubric ?? defaultRubric()),
    visibility: file?.visibility ?? DEFAULT_VISIBILITY,
    kit: kitVersion(),
  };
  const before = readSettings(flags.out);
  const differs = before && difference(before, settings);
  if (differs)
    throw new UsageError(
      `--out ${shown(flags.out)}: holds results graded with ${differs}; give another folder (one gradebook never mixes the two)`,
    );
  return { settings, file };
}

export async function runGradeAll(dir: string, flags: GradeAllFlags, out: (text: string) => void): Promise<number> {
  const { settings, file } = settle(dir, flags);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const { submissions, ignored } = listSubmissions(dir);
  if (submissions.length === 0) {
    throw new UsageError(
      `${dir}: no submissions (expected one folder, .zip or .tar.gz per student${ignored.length > 0 ? `; found only ${ignored.slice(0, 5).join(', ')}` : ''})`,
    );
  }
  const sandbox = flags.sandbox !== false;
  await warnIfExposed(flags.hidden, sandbox);
  const jobs = flags.jobs ?? availableParallelism();
  const progress = progressOn(process.stderr);
  if (ignored.length > 0) progress.say(`tcplab: not submissions, left aside: ${ignored.join(', ')}`);
  const result = await runBatch({
    results: flags.out,
    submissions,
    settings,
    ...(file ? { rubric: file.rubric } : {}),
    jobs,
    force: flags.force === true,
    ...(shard ? { shard } : {}),
    sandbox,
    // With several submissions at once, one child per submission keeps the cores for them.
    ...(jobs > 1 ? { sandboxOptions: { concurrency: 1 } } : {}),
    progress,
    now: new Date(),
  });
  const share = shard ? ` (shard ${shard.k}/${shard.n})` : '';
  out(
    `${result.graded} graded, ${result.skipped} unchanged and skipped, ${result.none} with nothing to grade, ${result.errors} not graded${share}; ${result.total} students in ${flags.out}: gradebook.csv, transitions.csv, class.md, students/`,
  );
  const records = studentIds(flags.out)
    .map((id) => readStudent(flags.out, id)?.report)
    .filter((r) => r !== undefined);
  const worst = passRates(records.map((report) => ({ student: '', report })))
    .filter((t) => t.passed < t.of)
    .slice(0, 5);
  if (worst.length > 0)
    out(
      [
        'Lowest pass rates (students passing / graded):',
        ...worst.map((t) => `  ${String(t.passed).padStart(4)}/${t.of}  ${t.id}`),
      ].join('\n'),
    );
  if (result.interrupted) {
    process.stderr.write(
      `tcplab: stopped; the submissions finished are kept in ${flags.out}: run the same command again to go on\n`,
    );
    return 130;
  }
  if (result.refused.length > 0) {
    process.stderr.write(
      `tcplab: ${result.refused.length} submission${result.refused.length === 1 ? '' : 's'} refused (the others are graded):\n${result.refused.map((r) => `  ${r.reason}`).join('\n')}\n`,
    );
    return 2;
  }
  return 0;
}
