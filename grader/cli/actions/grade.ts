/** `tcplab grade DIR` (instructors, CI) and `tcplab check [EXERCISE]` (students): run the conformance checks. */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRubric, maxScore, type Rubric } from '../../conformance/rubric.js';
import type { Report } from '../../report/model.js';
import { firstFailureDiagrams } from '../../report/feedback.js';
import { toGradescope } from '../../report/gradescope.js';
import { toJUnit } from '../../report/junit.js';
import { toJson } from '../../report/json.js';
import { toMarkdown } from '../../report/markdown.js';
import { toTable } from '../../report/table.js';
import { DEFAULT_VISIBILITY, type Visibility } from '../../report/visibility.js';
import { KIT } from '../../runner/submission.js';

import { UsageError as GradeUsageError } from '../errors.js';
import { intake } from '../intake/intake.js';
import { relabel, SCRATCH_PREFIX } from '../intake/relabel.js';
import { nonEmpty, shown } from '../input-file.js';
import { moduleExercise } from '../instructor.js';
import { outputFileProblem, writeAtomically } from '../output-file.js';
import { gradeWith, warnIfExposed } from '../sandboxed.js';

export { FORMATS, type Format } from '../formats.js';
import type { Format } from '../formats.js';

export interface GradeFlags {
  hidden?: boolean;
  seed: number;
  exercise?: string;
  format: Format;
  out?: string;
  minScore?: number;
  /** Exit 1 below this share of the most the grade can score, in percent. */
  minPercent?: number;
  rubric?: string;
  /** Run the recorded public packs (tcplab check). */
  packs?: boolean;
  /** Whether --seed was given: the public checks have one fixed seed, so it is then ignored, and said to be. */
  seedGiven?: boolean;
  /** false: run the submission's code in this process (`--no-sandbox`; `tcplab check`, the student's own code). */
  sandbox?: boolean;
}

/** `visibility` (the rubric's) decides what a Gradescope results.json shows the student. */
export function render(report: Report, format: Format, visibility: Visibility = DEFAULT_VISIBILITY): string {
  switch (format) {
    case 'json':
      return toJson(report);
    case 'table':
      return toTable(report, { kit: KIT });
    case 'junit':
      return toJUnit(report);
    case 'markdown':
      return toMarkdown(report, { diagrams: firstFailureDiagrams(report) });
    case 'gradescope':
      return toGradescope(report, { visibility });
  }
}

function exerciseId(key: string | undefined): string | undefined {
  return key === undefined
    ? undefined
    : moduleExercise(key, (id) => `check it with npm run test:exercises -- ${id.slice(0, 2)}`).id;
}

/** Refuse an --out that cannot be written now, rather than after the grading it would hold. */
function checkOut(path: string | undefined): void {
  if (path === undefined) return;
  const problem = outputFileProblem(path);
  if (problem) throw new GradeUsageError(`--out ${shown(path)}: ${problem}`);
}

/** Everything a grade is given, checked before it starts: the report's file, the rubric, the exercise, a reachable --min-score. */
async function checkFlags(flags: GradeFlags): Promise<{
  rubric: Rubric | undefined;
  visibility: Visibility;
  exercise: string | undefined;
}> {
  checkOut(flags.out);
  // The YAML reader loads only for a rubric file: most grades and every check have none.
  const file =
    flags.rubric === undefined ? undefined : (await import('../rubric-file.js')).readRubricFile(flags.rubric);
  const rubric = file?.rubric;
  const exercise = exerciseId(flags.exercise);
  const max = maxScore(rubric ?? defaultRubric(), exercise);
  if (flags.minScore !== undefined && flags.minScore > max) {
    throw new GradeUsageError(
      `--min-score ${flags.minScore}: above the most this grade can score, ${max}${exercise ? ` (exercise ${exercise})` : ''}${flags.rubric ? ` under ${flags.rubric}` : ''}`,
    );
  }
  return { rubric, visibility: file?.visibility ?? DEFAULT_VISIBILITY, exercise };
}

/** Why the grade fails its threshold (--min-score, --min-percent), or undefined when it meets both. */
export function belowThreshold(report: Report, flags: { minScore?: number; minPercent?: number }): string | undefined {
  if (flags.minScore !== undefined && report.score < flags.minScore)
    return `score ${report.score} is below --min-score ${flags.minScore}`;
  const percent = report.maxScore === 0 ? 0 : (report.score / report.maxScore) * 100;
  if (flags.minPercent !== undefined && percent < flags.minPercent) {
    // npm run test:exercises asks for 100%: said as what it means.
    if (flags.minPercent === 100) return `score ${report.score} / ${report.maxScore}: not every check passes yet`;
    return `score ${report.score} / ${report.maxScore} is ${Math.floor(percent * 10) / 10}%, below --min-percent ${flags.minPercent}`;
  }
  return undefined;
}

/**
 * Run a grade and write it where asked; returns the exit code (1 below --min-score or --min-percent).
 * DIR goes through the intake (a kit, its exercises/, loose files, a nested folder, an archive); for
 * `tcplab check` it is the student's own exercises/.
 */
export async function runGrade(dir: string, flags: GradeFlags, out: (text: string) => void): Promise<number> {
  nonEmpty(dir, 'the submission');
  const { rubric, visibility, exercise } = await checkFlags(flags);
  if (flags.seedGiven && !flags.hidden)
    process.stderr.write(
      `tcplab: --seed ${flags.seed} is the hidden suite's; the public checks have one fixed seed (add --hidden to grade with seed ${flags.seed})\n`,
    );
  // Made by the intake only if it unpacks or places files.
  const scratch = join(tmpdir(), `${SCRATCH_PREFIX}${randomUUID()}`);
  try {
    const taken = await intake(dir, scratch, dir);
    if (taken.kind !== 'ready')
      throw new GradeUsageError(
        `${taken.reason}${taken.kind === 'none' ? ' (give a copy of the kit, its exercises/ folder, exercise files, or a .zip or .tar.gz of them)' : ''}`,
      );
    for (const note of taken.notes) process.stderr.write(`tcplab: ${note}\n`);
    // The recorded packs (tcplab check) are judged in this process by design: the student's own code.
    const sandbox = flags.sandbox !== false && !flags.packs;
    await warnIfExposed(flags.hidden, sandbox);
    const graded = await gradeWith(
      taken.dir,
      {
        mode: flags.hidden ? 'hidden' : 'public',
        seed: flags.seed,
        ...(flags.packs ? { packs: true } : {}),
        ...(exercise ? { exercise } : {}),
        ...(rubric ? { rubric } : {}),
      },
      sandbox,
    );
    const report = relabel(graded, taken.shown);
    const text = render(report, flags.format, visibility);
    if (flags.out) writeAtomically(flags.out, `${text}\n`);
    else out(text);
    const below = belowThreshold(report, flags);
    if (below) {
      process.stderr.write(`tcplab: ${below}\n`);
      return 1;
    }
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
