/**
 * Gradescope's results.json: the total, a short Markdown summary, and one test per transition
 * (number "<exercise>.<index>", tagged with its exercise). A hidden-mode report follows the rubric's
 * visibility (./visibility.ts): its tests are visible at once or after the due date
 * (`totalBeforeDue`), the submission as a whole as `submission` says; while the tests are not
 * visible the summary shows no score and
 * no failure, so it gives nothing away that the tests hide. Once shown, a failing test says what
 * `failures` allows: nothing but each exercise's score (one test per exercise), the transition and
 * its pass count, or also its first failure drawn. Every `output` is Markdown, so text in it is
 * escaped as the Markdown report's is.
 */
import type { TransitionScore } from '../conformance/score.js';
import { inert, inertJson } from './inert.js';
import { errorList, exerciseTable, mdCode, scoreLine } from './markdown.js';
import type { Report } from './model.js';
import { DEFAULT_VISIBILITY, type FailureLevel, type Visibility } from './visibility.js';

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
  visibility: GradescopeVisibility;
  stdout_visibility: 'hidden';
  tests: GradescopeTest[];
}

function testOutput(t: TransitionScore, detail: boolean): string {
  if (t.status === 'not-started') return 'not started';
  if (t.status === 'blocked')
    return inert(`blocked: ${t.failures[0]?.actual ?? 'its checks went wrong at an earlier step'}`);
  const counts = `${t.passed}/${t.total} checks passed`;
  const f = t.failures[0];
  if (t.status === 'passed' || !f || !detail) return t.total === 0 ? 'no check reached this transition' : counts;
  // The sketch is plain text, fenced past any backtick run in it; Gradescope does not draw Mermaid.
  const sketch = f.sketch ? inert(f.sketch) : undefined;
  const fence = sketch ? '`'.repeat(Math.max(3, ...(sketch.match(/`+/g) ?? []).map((r) => r.length + 1))) : '';
  return `${counts}\n\nfirst failure: check ${mdCode(f.check)}, step ${f.step}\n\n- expected: ${mdCode(f.expected)}\n- actual: ${mdCode(f.actual)}${sketch ? `\n\n${fence}text\n${sketch}\n${fence}` : ''}`;
}

const exerciseNumber = (id: string): string => String(Number.parseInt(id, 10) || 0);

function summary(report: Report, hidden: boolean, visibility: GradescopeVisibility): string {
  const own = report.errors.filter((e) => e.kind === 'static' || e.kind === 'typecheck');
  if (!hidden) {
    const parts = [scoreLine(report), exerciseTable(report)];
    if (report.errors.length > 0) parts.push(`**Errors**\n\n${errorList(report.errors, 300)}`);
    return parts.join('\n\n');
  }
  const when =
    visibility === 'hidden'
      ? 'are not shown'
      : visibility === 'after_published'
        ? 'are shown once grades are published'
        : 'are shown after the due date';
  const parts = [
    `**${report.mode} tests** · seed ${report.seed} · ${report.transitions.length} transitions in ${report.exercises.length} exercises graded. Their results ${when}.`,
  ];
  // Only errors about the submitted code itself: a timeout or crash could tell what a hidden check does.
  if (own.length > 0) parts.push(`**Errors in your code**\n\n${errorList(own, 300)}`);
  return parts.join('\n\n');
}

/** One test per exercise, its score only: what `failures: nothing` shows. */
function exerciseTests(report: Report, visibility: GradescopeVisibility): GradescopeTest[] {
  return report.exercises.map((e) => ({
    name: inert(e.id),
    number: exerciseNumber(e.id),
    score: e.score,
    max_score: e.maxScore,
    status: e.status === 'passed' ? 'passed' : 'failed',
    output: e.status.replace('-', ' '),
    tags: [inert(e.id)],
    visibility,
  }));
}

/**
 * The report as Gradescope results.json text (two-space indented, with a final newline).
 * `visibility`: the rubric's (a public report shows everything); `hiddenVisibility` overrides when its tests are shown.
 */
export function toGradescope(
  report: Report,
  options: { hiddenVisibility?: GradescopeVisibility; visibility?: Visibility } = {},
): string {
  const rubric = options.visibility ?? DEFAULT_VISIBILITY;
  const hidden = report.mode === 'hidden';
  const visibility: GradescopeVisibility = !hidden
    ? 'visible'
    : (options.hiddenVisibility ?? (rubric.totalBeforeDue ? 'visible' : 'after_due_date'));
  const level: FailureLevel = hidden ? rubric.failures : 'first-failure';
  const index = new Map<string, number>();
  const tests =
    level === 'nothing'
      ? exerciseTests(report, visibility)
      : report.transitions.map((t): GradescopeTest => {
          const n = (index.get(t.exercise) ?? 0) + 1;
          index.set(t.exercise, n);
          return {
            name: inert(t.id),
            number: `${exerciseNumber(t.exercise)}.${n}`,
            score: t.score,
            max_score: t.maxScore,
            status: t.status === 'passed' ? 'passed' : 'failed',
            output: testOutput(t, level === 'first-failure'),
            tags: [inert(t.exercise)],
            visibility,
          };
        });
  const results: GradescopeResults = {
    score: report.score,
    execution_time: Math.round(report.durationMs) / 1000,
    output: summary(report, visibility !== 'visible', visibility),
    output_format: 'md',
    // The summary names errors in the student's own code at once, unless the rubric hides the whole submission.
    visibility: hidden ? (rubric.submission ?? 'visible') : 'visible',
    stdout_visibility: 'hidden',
    tests,
  };
  return `${inertJson(JSON.stringify(results, null, 2))}\n`;
}
