/**
 * A class's gradebook as CSV (one row per student, one score column per exercise) and the
 * transitions the class fails most. Fields are quoted as RFC 4180 asks: a field holding a comma, a
 * double quote or a line break is put in double quotes, with its own double quotes doubled. Text
 * may come from a submission: control characters are made inert, and a text that a spreadsheet
 * would run as a formula (starting = + - @, tab or CR) is prefixed with ' (OWASP's CSV injection advice).
 */
import { EXERCISES } from '../engine/exercises.js';
import { inert } from './inert.js';
import type { Report } from './model.js';

export interface GradebookRow {
  student: string;
  report: Report | undefined;
  error?: string;
}

export function csvField(value: string | number): string {
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

/** One word for a whole report: no-report, error, passed, not-started, failed or in-progress. */
function statusOf(report: Report | undefined): string {
  if (!report) return 'no-report';
  const statuses = report.exercises.map((e) => e.status);
  if (statuses.includes('error')) return 'error';
  if (statuses.every((s) => s === 'passed')) return 'passed';
  if (statuses.every((s) => s === 'not-started')) return 'not-started';
  return statuses.includes('failed') ? 'failed' : 'in-progress';
}

function errorsOf(row: GradebookRow): string {
  const listed = (row.report?.errors ?? []).map((e) => {
    const where = e.file ? ` ${e.file}${e.line !== undefined ? `:${e.line}` : ''}` : '';
    return `${e.kind}${where}: ${e.message}`;
  });
  const own = row.error ?? (row.report ? undefined : 'no report');
  return [...(own !== undefined ? [own] : []), ...listed].join('; ');
}

/** The gradebook: `student,score,maxScore,<exercise ids…>,status,errors`, one line per student. */
export function toGradebookCsv(rows: readonly GradebookRow[]): string {
  const columns = exerciseColumns(rows.flatMap((r) => (r.report ? [r.report] : [])));
  const lines = [csvLine(['student', 'score', 'maxScore', ...columns, 'status', 'errors'])];
  for (const row of rows) {
    const r = row.report;
    const scores = columns.map((id) => r?.exercises.find((e) => e.id === id)?.score ?? '');
    lines.push(csvLine([row.student, r?.score ?? '', r?.maxScore ?? '', ...scores, statusOf(r), errorsOf(row)]));
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
  return [...counts.values()].sort((a, b) =>
    b.failed - a.failed || b.failed / b.of - a.failed / a.of || first.indexOf(a.id) - first.indexOf(b.id));
}
