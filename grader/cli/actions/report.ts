/**
 * `tcplab report REPORT.json --format …`: a saved report (`tcplab.report/1`, from `check` or
 * `grade --format json`) rendered in any format, so a CI job checks once and then writes its step
 * summary, its annotations and its artifact from that one run. `annotations` prints GitHub workflow
 * commands on the student's lines (the exercise file under the current folder, at the line that
 * names the transition). With `--rubric`, a hidden report is shown as the rubric's visibility lets a
 * student see it. `--min-score` and `--min-percent` exit 1 below them, as with `grade`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EXERCISES } from '../../engine/exercises.js';
import { toAnnotations, type Locate } from '../../report/annotations.js';
import { studentMarkdown } from '../../report/feedback.js';
import type { Report } from '../../report/model.js';
import { forStudent, studentView, type StudentView } from '../../report/visibility.js';
import { UsageError } from '../errors.js';
import type { ReportFormat } from '../formats.js';
import { MB, readInputFile } from '../input-file.js';
import { outputFileProblem, writeAtomically } from '../output-file.js';
import { readRubricFile } from '../rubric-file.js';
import { belowThreshold, render } from './grade.js';

export interface ReportFlags {
  format: ReportFormat;
  out?: string;
  minScore?: number;
  minPercent?: number;
  rubric?: string;
}

/** The fields every renderer reads; the rest of the report passes through as it is. */
const ReportSchema = z
  .object({
    schema: z.literal('tcplab.report/1'),
    mode: z.enum(['public', 'hidden']),
    seed: z.number(),
    score: z.number(),
    maxScore: z.number(),
    exercises: z.array(
      z.object({
        id: z.string(),
        score: z.number(),
        maxScore: z.number(),
        status: z.enum(['passed', 'failed', 'in-progress', 'not-started', 'error']),
      }),
    ),
    transitions: z.array(
      z
        .object({
          id: z.string(),
          exercise: z.string(),
          passed: z.number(),
          total: z.number(),
          score: z.number(),
          maxScore: z.number(),
          status: z.enum(['passed', 'failed', 'not-started', 'blocked']),
          failures: z.array(
            z.object({ check: z.string(), step: z.number(), expected: z.string(), actual: z.string() }).passthrough(),
          ),
        })
        .passthrough(),
    ),
    errors: z.array(
      z
        .object({ kind: z.string(), message: z.string(), file: z.string().optional(), line: z.number().optional() })
        .passthrough(),
    ),
    checks: z.number(),
    durationMs: z.number(),
  })
  .passthrough();

/** The report at `path`, checked: a file that is not one is a usage error naming the field. */
function readReport(path: string): Report {
  const text = readInputFile(path, 'report', 64 * MB);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path}: not a tcplab report: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = ReportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${path}: not a tcplab report: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return { isolation: '', ...parsed.data } as unknown as Report;
}

/** Where a failing transition is in the student's code: their exercise file under `root`, at the first line naming the transition. */
export function locateIn(root: string): Locate {
  const texts = new Map<string, string[] | undefined>();
  return (exercise, transition) => {
    const e = EXERCISES.find((x) => x.id === exercise);
    if (!e) return undefined;
    const file = join('exercises', e.id, e.file);
    if (!texts.has(file)) {
      const path = join(root, file);
      let lines: string[] | undefined;
      try {
        lines = existsSync(path) ? readInputFile(path, 'exercise file', MB).split('\n') : undefined;
      } catch {
        lines = undefined;
      }
      texts.set(file, lines);
    }
    const lines = texts.get(file);
    if (!lines) return undefined;
    // The line that makes the step (ctx.go('…'), or ctx.stay('event') for a rule keeping the state)
    // before a comment that only mentions it.
    const keeps = /^(\S+) --(.+)--> \1$/.exec(transition);
    const names = (l: string): boolean =>
      l.includes(transition) || (keeps !== null && l.includes(`.stay('${keeps[2]}')`));
    const code = lines.findIndex((l) => names(l) && !/^\s*(\/\/|\*)/.test(l));
    const any = code >= 0 ? code : lines.findIndex(names);
    return { file, ...(any >= 0 ? { line: any + 1 } : {}) };
  };
}

export function runReport(path: string, flags: ReportFlags, out: (text: string) => void): number {
  if (flags.out !== undefined) {
    const problem = outputFileProblem(flags.out);
    if (problem) throw new UsageError(`--out ${flags.out}: ${problem}`);
  }
  const file = flags.rubric === undefined ? undefined : readRubricFile(flags.rubric);
  const report = readReport(path);
  if (flags.minScore !== undefined && flags.minScore > report.maxScore) {
    throw new UsageError(`--min-score ${flags.minScore}: above the most this report can score, ${report.maxScore}`);
  }
  // Without a rubric the report is shown whole (the instructor's view, or public checks).
  const view: StudentView = file
    ? studentView(report, file.visibility, new Date())
    : { results: true, transitions: true, firstFailure: true };
  const shown = forStudent(report, view);
  let text: string;
  if (flags.format === 'annotations') text = toAnnotations(report, view, locateIn(process.cwd())).trimEnd();
  else if (flags.format === 'markdown') text = studentMarkdown(report, view, file?.visibility.due).trimEnd();
  else text = render(shown, flags.format, file?.visibility);
  if (flags.out) writeAtomically(flags.out, `${text}\n`);
  else if (text !== '') out(text);
  const below = belowThreshold(report, flags);
  if (below) {
    process.stderr.write(`tcplab: ${below}\n`);
    return 1;
  }
  return 0;
}
