/**
 * A student's feedback file (grade-all's students/<id>/feedback.md): the report as the rubric's
 * visibility lets the student see it (./visibility.ts). Before the due date, when the total waits
 * for it, only the errors in the student's own code; then the scores, and the failing transitions by
 * name, or with each first failure drawn, or neither. Notes on what was handed in (a file left out)
 * come last. Everything from the submission is escaped as the Markdown report escapes it.
 */
import { errorList, exerciseTable, mdCode, mdText, scoreLine, toMarkdown } from './markdown.js';
import type { Report } from './model.js';
import { forStudent, type StudentView } from './visibility.js';

/** Each failing transition's first diagram (Mermaid), for the Markdown report. */
export function firstFailureDiagrams(report: Report): Map<string, string> {
  const diagrams = new Map<string, string>();
  for (const t of report.transitions) {
    const mermaid = t.failures.find((f) => f.mermaid)?.mermaid;
    if (mermaid) diagrams.set(t.id, mermaid);
  }
  return diagrams;
}

/** The report in Markdown, cut to `view`: what a step summary or a feedback file shows a student. */
export function studentMarkdown(report: Report, view: StudentView, due?: string): string {
  const shown = forStudent(report, view);
  if (!view.results) {
    const parts = [
      `**${mdText(report.mode)} checks** · seed ${report.seed}: the results are shown after the due date${due ? ` (${mdText(due)})` : ''}.`,
    ];
    if (shown.errors.length > 0) parts.push(`### Errors in your code\n\n${errorList(shown.errors, 300)}`);
    return `${parts.join('\n\n')}\n`;
  }
  if (view.firstFailure) return toMarkdown(shown, { diagrams: firstFailureDiagrams(shown) });
  const parts = ['## tcplab results', scoreLine(shown), exerciseTable(shown)];
  if (view.transitions) {
    for (const e of shown.exercises.filter((x) => x.status === 'failed')) {
      const failing = shown.transitions.filter((t) => t.exercise === e.id && t.status === 'failed');
      if (failing.length === 0) continue;
      parts.push(
        `### ${mdText(e.id)}: failing transitions\n\n${failing.map((t) => `- ${mdCode(t.id)}: ${t.passed} of ${t.total} checks passed`).join('\n')}`,
      );
    }
  }
  if (shown.errors.length > 0) parts.push(`### Errors in your code\n\n${errorList(shown.errors, 300)}`);
  return `${parts.join('\n\n')}\n`;
}

/** feedback.md: a title naming the student, the report as `view` allows, then `notes` on what was handed in. */
export function toFeedback(
  student: string,
  report: Report | undefined,
  view: StudentView,
  options: { notes?: readonly string[]; reason?: string; due?: string } = {},
): string {
  const parts = [`# tcp-lab feedback: ${mdText(student)}`];
  if (report) parts.push(studentMarkdown(report, view, options.due).trimEnd());
  else parts.push(`Nothing was graded: ${mdText(options.reason ?? 'no report', 500)}`);
  if (options.notes && options.notes.length > 0)
    parts.push(`### About what you handed in\n\n${options.notes.map((n) => `- ${mdText(n, 300)}`).join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}
