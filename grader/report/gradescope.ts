/**
 * Gradescope's results.json: the total, a short Markdown summary, and one test per transition
 * (number "<exercise>.<index>", tagged with its exercise). A hidden-mode report's tests get the
 * visibility the instructor chose (after the due date unless told otherwise); while they are not
 * visible the summary shows no score and no failure, so it gives nothing away that the tests hide.
 * Every `output` is Markdown, so text in it is escaped as the Markdown report's is.
 */
import type { TransitionScore } from '../conformance/score.js';
import { inert, inertJson } from './inert.js';
import { errorList, exerciseTable, mdCode, scoreLine } from './markdown.js';
import type { Report } from './model.js';

export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  tags: string[];
  visibility: GradescopeVisibility;
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: 'md';
  visibility: 'visible';
  stdout_visibility: 'hidden';
  tests: GradescopeTest[];
}

function testOutput(t: TransitionScore): string {
  if (t.status === 'not-started') return 'not started';
  const counts = `${t.passed}/${t.total} checks passed`;
  const f = t.failures[0];
  if (t.status === 'passed' || !f) return t.total === 0 ? 'no check reached this transition' : counts;
  return `${counts}\n\nfirst failure: check ${mdCode(f.check)}, step ${f.step}\n\n- expected: ${mdCode(f.expected)}\n- actual: ${mdCode(f.actual)}`;
}

const exerciseNumber = (id: string): string => String(Number.parseInt(id, 10) || 0);

function summary(report: Report, hidden: boolean, visibility: GradescopeVisibility): string {
  const own = report.errors.filter((e) => e.kind === 'static' || e.kind === 'typecheck');
  if (!hidden) {
    const parts = [scoreLine(report), exerciseTable(report)];
    if (report.errors.length > 0) parts.push(`**Errors**\n\n${errorList(report.errors, 300)}`);
    return parts.join('\n\n');
  }
  const when = visibility === 'hidden' ? 'are not shown' : visibility === 'after_published' ? 'are shown once grades are published' : 'are shown after the due date';
  const parts = [
    `**${report.mode} tests** · seed ${report.seed} · ${report.transitions.length} transitions in ${report.exercises.length} exercises graded. Their results ${when}.`,
  ];
  // Only errors about the submitted code itself: a timeout or crash could tell what a hidden check does.
  if (own.length > 0) parts.push(`**Errors in your code**\n\n${errorList(own, 300)}`);
  return parts.join('\n\n');
}

/** The report as Gradescope results.json text (two-space indented, with a final newline). */
export function toGradescope(report: Report, options: { hiddenVisibility?: GradescopeVisibility } = {}): string {
  const visibility: GradescopeVisibility = report.mode === 'hidden' ? options.hiddenVisibility ?? 'after_due_date' : 'visible';
  const index = new Map<string, number>();
  const tests = report.transitions.map((t): GradescopeTest => {
    const n = (index.get(t.exercise) ?? 0) + 1;
    index.set(t.exercise, n);
    return {
      name: inert(t.id),
      number: `${exerciseNumber(t.exercise)}.${n}`,
      score: t.score,
      max_score: t.maxScore,
      status: t.status === 'passed' ? 'passed' : 'failed',
      output: testOutput(t),
      tags: [inert(t.exercise)],
      visibility,
    };
  });
  const results: GradescopeResults = {
    score: report.score,
    execution_time: Math.round(report.durationMs) / 1000,
    output: summary(report, visibility !== 'visible', visibility),
    output_format: 'md',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests,
  };
  return `${inertJson(JSON.stringify(results, null, 2))}\n`;
}
