/**
 * GitHub Actions workflow commands for a report: `::error file=…,line=…::` on the student's own
 * lines (each error with its file and line; each failing transition where the student's code names
 * it), and a `::notice` with the score. GitHub shows at most 10 errors of a step, so the first ten
 * are annotations and the rest are counted in one notice. Values are escaped as the runner reads
 * them (% CR LF, and : , in properties) after the one rule for submitted text (./inert.ts), so no
 * message can end its line and start a command of its own.
 */
import { inert } from './inert.js';
import type { Report } from './model.js';
import { forStudent, type StudentView } from './visibility.js';

/** GitHub shows this many error annotations of one step. */
const MAX_ERRORS = 10;

const data = (s: string): string => inert(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function command(
  kind: 'error' | 'notice',
  message: string,
  where: { file?: string; line?: number; col?: number; title?: string } = {},
): string {
  const props = [
    ...(where.file ? [`file=${property(where.file)}`] : []),
    ...(where.line !== undefined ? [`line=${where.line}`] : []),
    ...(where.col !== undefined ? [`col=${where.col}`] : []),
    ...(where.title ? [`title=${property(where.title)}`] : []),
  ];
  return `::${kind}${props.length > 0 ? ` ${props.join(',')}` : ''}::${data(message)}`;
}

/** Where a failing transition shows in the student's code: their exercise file, and the line naming it if any. */
export type Locate = (exercise: string, transition: string) => { file: string; line?: number } | undefined;

/** The workflow commands for `report` as `view` lets the student see it, one per line. */
export function toAnnotations(report: Report, view: StudentView, locate: Locate): string {
  const shown = forStudent(report, view);
  const errors: string[] = [];
  for (const e of shown.errors) {
    errors.push(
      command('error', e.message, {
        ...(e.file ? { file: e.file } : {}),
        ...(e.line !== undefined ? { line: e.line } : {}),
        ...(e.column !== undefined ? { col: e.column } : {}),
        title: `tcplab ${e.kind}`,
      }),
    );
  }
  // A transition no check reached (0 of 0) has nothing in the student's code to point at.
  for (const t of shown.transitions.filter((x) => x.status === 'failed' && x.total > 0)) {
    const f = t.failures[0];
    const detail = f
      ? ` First failure (check ${f.check}, step ${f.step}): expected ${f.expected}; got ${f.actual}`
      : '';
    const at = locate(t.exercise, t.id);
    errors.push(command('error', `${t.passed} of ${t.total} checks passed.${detail}`, { ...(at ?? {}), title: t.id }));
  }
  const lines = errors.slice(0, MAX_ERRORS);
  if (errors.length > MAX_ERRORS)
    lines.push(
      command('notice', `${errors.length - MAX_ERRORS} more problems: see the step summary or the report`, {
        title: 'tcplab',
      }),
    );
  if (view.results) {
    const pct = shown.maxScore === 0 ? 0 : Math.round((shown.score / shown.maxScore) * 1000) / 10;
    lines.push(
      command('notice', `score ${shown.score} / ${shown.maxScore} (${pct}%), ${shown.mode} checks`, {
        title: 'tcplab',
      }),
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
