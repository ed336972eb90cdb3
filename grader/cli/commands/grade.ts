/** `tcplab grade DIR` (instructors, CI) and `tcplab check [EXERCISE]` (students): run the conformance checks. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { grade } from '../../conformance/grade.js';
import { loadRubric, RubricError } from '../../conformance/rubric.js';
import { findExercise } from '../../engine/exercises.js';
import type { Report } from '../../report/model.js';
import { toTable } from '../../report/table.js';
import { KIT, exerciseRoot } from '../../runner/submission.js';

export class GradeUsageError extends Error {}

export const FORMATS = ['table', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface GradeFlags {
  hidden?: boolean;
  seed: number;
  exercise?: string;
  format: Format;
  out?: string;
  minScore?: number;
  rubric?: string;
}

export function render(report: Report, format: Format): string {
  switch (format) {
    case 'json': return JSON.stringify(report, null, 2);
    case 'table': return toTable(report, { kit: KIT });
  }
}

function exerciseId(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  const exercise = findExercise(key);
  if (!exercise) throw new GradeUsageError(`no exercise '${key}': use a number 01 to 08 or a name like 04-four-way-close`);
  if (!exercise.module) throw new GradeUsageError(`exercise ${exercise.id} is application code: check it with npm run test:exercises -- ${exercise.id.slice(0, 2)}`);
  return exercise.id;
}

/** Run a grade and write it where asked; returns the exit code (1 when --min-score is not met). */
export async function runGrade(dir: string, flags: GradeFlags, out: (text: string) => void): Promise<number> {
  if (!exerciseRoot(resolve(dir))) {
    throw new GradeUsageError(`${dir}: no exercise folders found (give a copy of the kit, its exercises/ folder, or solutions/)`);
  }
  let rubric;
  try {
    rubric = flags.rubric ? loadRubric(flags.rubric) : undefined;
  } catch (e) {
    if (e instanceof RubricError) throw new GradeUsageError(e.message);
    throw e;
  }
  const exercise = exerciseId(flags.exercise);
  const report = await grade(dir, {
    mode: flags.hidden ? 'hidden' : 'public', seed: flags.seed,
    ...(exercise ? { exercise } : {}), ...(rubric ? { rubric } : {}),
  });
  const text = render(report, flags.format);
  if (flags.out) writeFileSync(flags.out, `${text}\n`);
  else out(text);
  if (flags.minScore !== undefined && report.score < flags.minScore) {
    process.stderr.write(`tcplab: score ${report.score} is below --min-score ${flags.minScore}\n`);
    return 1;
  }
  return 0;
}
