/** `tcplab grade DIR` (instructors, CI) and `tcplab check [EXERCISE]` (students): run the conformance checks. */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { grade, type GradeOptions } from '../grading.js';
import { defaultRubric, maxScore, parseRubric, RubricError, type Rubric } from '../../conformance/rubric.js';
import type { Report } from '../../report/model.js';
import { failingTransitions, toGradebookCsv } from '../../report/csv.js';
import { toGradescope } from '../../report/gradescope.js';
import { toJUnit } from '../../report/junit.js';
import { toJson } from '../../report/json.js';
import { toMarkdown } from '../../report/markdown.js';
import { toTable } from '../../report/table.js';
import { prestart, sandboxExecutor, sandboxIsolation } from '../../runner/sandbox.js';
import { KIT, exerciseRoot } from '../../runner/submission.js';

import { UsageError as GradeUsageError } from '../errors.js';
import { MB, nonEmpty, readInputFile, shown } from '../input-file.js';
import { moduleExercise } from '../instructor.js';
import { outputFileProblem, writeAtomically } from '../output-file.js';

export { FORMATS, type Format } from '../formats.js';
import type { Format } from '../formats.js';


export interface GradeFlags {
  hidden?: boolean;
  seed: number;
  exercise?: string;
  format: Format;
  out?: string;
  minScore?: number;
  rubric?: string;
  /** Run the recorded public packs (tcplab check). */
  packs?: boolean;
  /** false: run the submission's code in this process (`--no-sandbox`; `tcplab check`, the student's own code). */
  sandbox?: boolean;
}

/** Grade with the submission's code in the sandbox (grader/runner/sandbox.ts), or in this process. */
function gradeWith(dir: string, options: GradeOptions, sandbox: boolean): Promise<Report> {
  if (!sandbox) return grade(dir, options);
  return grade(dir, { ...options, executor: (candidates, prepared) => sandboxExecutor(prepared, candidates), warm: (prepared) => prestart(prepared) });
}

/** Hidden grading is for code nobody has vetted: say so loudly when it is not fully isolated. */
async function warnIfExposed(hidden: boolean | undefined, sandbox: boolean): Promise<void> {
  if (!hidden) return;
  const isolation = sandbox ? await sandboxIsolation() : 'none';
  if (isolation === 'namespaces') return;
  const [what, fix] = isolation === 'none'
    ? ["the submission's code runs inside the grader's own process: it can read and write any file you can, and change the report", 'Leave out --no-sandbox.']
    : ["the submission's code runs under Node's permission model only, without Linux namespaces: it may use the network and send signals to your other processes", 'Grade on Linux where `unshare --user --map-root-user --pid --fork --net true` succeeds.'];
  process.stderr.write(`${pc.bold(pc.red(`tcplab: WARNING: hidden grading with isolation '${isolation}'`))}\n  ${what}.\n  ${fix}\n`);
}

/** Each failing transition's first diagram, for the Markdown report. */
function firstFailureDiagrams(report: Report): Map<string, string> {
  const diagrams = new Map<string, string>();
  for (const t of report.transitions) {
    const mermaid = t.failures.find((f) => f.mermaid)?.mermaid;
    if (mermaid) diagrams.set(t.id, mermaid);
  }
  return diagrams;
}

export function render(report: Report, format: Format): string {
  switch (format) {
    case 'json': return toJson(report);
    case 'table': return toTable(report, { kit: KIT });
    case 'junit': return toJUnit(report);
    case 'markdown': return toMarkdown(report, { diagrams: firstFailureDiagrams(report) });
    case 'gradescope': return toGradescope(report);
  }
}

function exerciseId(key: string | undefined): string | undefined {
  return key === undefined ? undefined : moduleExercise(key, (id) => `check it with npm run test:exercises -- ${id.slice(0, 2)}`).id;
}

/** The rubric file, read with a cap and checked; a mistake in it is the user's (exit 2). */
function readRubric(path: string): Rubric {
  try {
    return parseRubric(readInputFile(path, 'rubric', MB), path);
  } catch (e) {
    if (e instanceof RubricError) throw new GradeUsageError(e.message);
    throw e;
  }
}

/** Refuse an --out that cannot be written now, rather than after the grading it would hold. */
function checkOut(path: string | undefined): void {
  if (path === undefined) return;
  const problem = outputFileProblem(path);
  if (problem) throw new GradeUsageError(`--out ${shown(path)}: ${problem}`);
}

/** Everything a grade is given, checked before it starts: the report's file, the rubric, the exercise, a reachable --min-score. */
function checkFlags(flags: GradeFlags): { rubric: Rubric | undefined; exercise: string | undefined } {
  checkOut(flags.out);
  const rubric = flags.rubric === undefined ? undefined : readRubric(flags.rubric);
  const exercise = exerciseId(flags.exercise);
  const max = maxScore(rubric ?? defaultRubric(), exercise);
  if (flags.minScore !== undefined && flags.minScore > max) {
    throw new GradeUsageError(`--min-score ${flags.minScore}: above the most this grade can score, ${max}${exercise ? ` (exercise ${exercise})` : ''}${flags.rubric ? ` under ${flags.rubric}` : ''}`);
  }
  return { rubric, exercise };
}

/** Run a grade and write it where asked; returns the exit code (1 when --min-score is not met). */
export async function runGrade(dir: string, flags: GradeFlags, out: (text: string) => void): Promise<number> {
  nonEmpty(dir, 'the submission');
  const { rubric, exercise } = checkFlags(flags);
  if (!exerciseRoot(resolve(dir))) {
    throw new GradeUsageError(`${dir}: no exercise folders found (give a copy of the kit, its exercises/ folder, or solutions/)`);
  }
  // The recorded packs (tcplab check) are judged in this process by design: the student's own code.
  const sandbox = flags.sandbox !== false && !flags.packs;
  await warnIfExposed(flags.hidden, sandbox);
  const report = await gradeWith(dir, {
    mode: flags.hidden ? 'hidden' : 'public', seed: flags.seed, ...(flags.packs ? { packs: true } : {}),
    ...(exercise ? { exercise } : {}), ...(rubric ? { rubric } : {}),
  }, sandbox);
  const text = render(report, flags.format);
  if (flags.out) writeAtomically(flags.out, `${text}\n`);
  else out(text);
  if (flags.minScore !== undefined && report.score < flags.minScore) {
    process.stderr.write(`tcplab: score ${report.score} is below --min-score ${flags.minScore}\n`);
    return 1;
  }
  return 0;
}

/** The student folders in `dir` (dotfiles and loose files aside), sorted. */
function submissions(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new GradeUsageError(`${dir}: not a folder of submissions`);
  }
  const isFolder = (name: string): boolean => {
    try {
      return statSync(join(dir, name)).isDirectory();
    } catch {
      return false; // a dangling link: not a submission
    }
  };
  return names.filter((n) => !n.startsWith('.') && isFolder(n)).sort();
}

/**
 * Grade every submission in DIR (one folder per student) and write a CSV gradebook; print which
 * transitions the class fails most. A submission that cannot be graded gets a row with its error.
 */
export async function runGradeAll(dir: string, flags: { hidden?: boolean; seed: number; out: string; rubric?: string; sandbox?: boolean }, out: (text: string) => void): Promise<number> {
  nonEmpty(dir, 'the folder of submissions');
  checkOut(flags.out);
  const rubric = flags.rubric === undefined ? undefined : readRubric(flags.rubric);
  const names = submissions(dir);
  if (names.length === 0) throw new GradeUsageError(`${dir}: no submissions (expected one folder per student)`);
  const sandbox = flags.sandbox !== false;
  await warnIfExposed(flags.hidden, sandbox);
  const rows: { student: string; report: Report | undefined; error?: string }[] = [];
  for (const [i, student] of names.entries()) {
    const path = join(dir, student);
    if (!exerciseRoot(resolve(path))) {
      rows.push({ student, report: undefined, error: 'no exercise folders found' });
      continue;
    }
    try {
      const report = await gradeWith(path, { mode: flags.hidden ? 'hidden' : 'public', seed: flags.seed, ...(rubric ? { rubric } : {}) }, sandbox);
      rows.push({ student, report });
      process.stderr.write(`[${i + 1}/${names.length}] ${student}: ${report.score}/${report.maxScore}\n`);
    } catch (e) {
      rows.push({ student, report: undefined, error: e instanceof Error ? e.message : String(e) });
    }
  }
  writeAtomically(flags.out, toGradebookCsv(rows));
  const reports = rows.flatMap((r) => (r.report ? [r.report] : []));
  const worst = failingTransitions(reports).filter((t) => t.failed > 0).slice(0, 10);
  out(`${rows.length} submissions graded; gradebook written to ${flags.out}`);
  if (worst.length > 0) out(['Transitions the class fails most:', ...worst.map((t) => `  ${String(t.failed).padStart(4)}/${t.of}  ${t.id}`)].join('\n'));
  return 0;
}
