/**
 * A class's gradebook as CSV (one row per student, one score column per exercise, then the status,
 * a message, and the seed, mode and kit version that made the score), the same results in long
 * format (one line per student and transition), and the transitions the class fails most. Fields are quoted as RFC 4180 asks: a field holding a comma, a
 * double quote or a line break is put in double quotes, with its own double quotes doubled. Text
 * may come from a submission: control characters are made inert, and a text that a spreadsheet
 * would run as a formula (starting = + - @, tab or CR) is prefixed with ' (OWASP's CSV injection advice).
 */
import { EXERCISES } from '../engine/exercises.js';
import { inert } from './inert.js';
import type { Report } from './model.js';

/** What became of a submission: graded, could not be graded, or nothing to grade. */
export type SubmissionStatus = 'ok' | 'error' | 'no-submission';

export interface GradebookRow {
  student: string;
  report: Report | undefined;
  /** `ok` with a report, `error` without, unless given. */
  status?: SubmissionStatus;
  /** Why there is no report; or, beside one, what else the grader has to say (files left out). */
  error?: string;
}

/** What made the grades: the same for every row of one gradebook. */
export interface GradebookRun {
  seed: number;
  mode: 'public' | 'hidden';
  kit: string;
}

function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : inert(value);
  const s = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (fields: (string | number)[]): string => fields.map(csvField).join(',');

/** Exercise ids in course order, then any the course list does not know, in the order first seen. */
function exerciseColumns(reports: readonly Report[]): string[] {
  const seen = [...new Set(reports.flatMap((r) => r.exercises.map((e) => e.id)))];
  const order = (id: string): number => {
    const i = EXERCISES.findIndex((e) => e.id === id);
    return i === -1 ? EXERCISES.length + seen.indexOf(id) : i;
  };
  return [...seen].sort((a, b) => order(a) - order(b));
}

const statusOf = (row: GradebookRow): SubmissionStatus => row.status ?? (row.report ? 'ok' : 'error');

function messageOf(row: GradebookRow): string {
  const listed = (row.report?.errors ?? []).map((e) => {
    const where = e.file
      ? ` ${e.file}${e.line !== undefined ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}`
      : '';
    return `${e.kind}${where}: ${e.message}`;
  });
  const own = row.error ?? (row.report ? undefined : 'no report');
  return [...(own !== undefined ? [own] : []), ...listed].join('; ');
}

/**
 * The gradebook: `student,score,maxScore,<exercise ids…>,status,message,seed,mode,kit`, one line per
 * student in the order given. Without `run`, the seed and mode are each report's and the kit is left empty.
 */
export function toGradebookCsv(rows: readonly GradebookRow[], run?: GradebookRun): string {
  const columns = exerciseColumns(rows.flatMap((r) => (r.report ? [r.report] : [])));
  const lines = [csvLine(['student', 'score', 'maxScore', ...columns, 'status', 'message', 'seed', 'mode', 'kit'])];
  for (const row of rows) {
    const r = row.report;
    const scores = columns.map((id) => r?.exercises.find((e) => e.id === id)?.score ?? '');
    lines.push(
      csvLine([
        row.student,
        r?.score ?? '',
        r?.maxScore ?? '',
        ...scores,
        statusOf(row),
        messageOf(row),
        run?.seed ?? r?.seed ?? '',
        run?.mode ?? r?.mode ?? '',
        run?.kit ?? '',
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Long format: `student,exercise,transition,status,passed,total,score,maxScore`, a line per student and graded transition. */
export function toTransitionsCsv(rows: readonly GradebookRow[]): string {
  const lines = [csvLine(['student', 'exercise', 'transition', 'status', 'passed', 'total', 'score', 'maxScore'])];
  for (const row of rows) {
    for (const t of row.report?.transitions ?? []) {
      lines.push(csvLine([row.student, t.exercise, t.id, t.status, t.passed, t.total, t.score, t.maxScore]));
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Each transition with how many students' reports fail it (status 'failed'; not started is not
 * counted) out of how many reports grade it: most failed first, then the higher share, then the
 * order the transitions first appear in.
 */
export function failingTransitions(reports: readonly Report[]): { id: string; failed: number; of: number }[] {
  const counts = new Map<string, { id: string; failed: number; of: number }>();
  for (const report of reports) {
    for (const t of report.transitions) {
      const c = counts.get(t.id) ?? { id: t.id, failed: 0, of: 0 };
      c.of += 1;
      if (t.status === 'failed') c.failed += 1;
      counts.set(t.id, c);
    }
  }
  const first = [...counts.keys()];
  return [...counts.values()].sort(
    (a, b) => b.failed - a.failed || b.failed / b.of - a.failed / a.of || first.indexOf(a.id) - first.indexOf(b.id),
  );
}
