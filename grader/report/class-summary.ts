/**
 * class.md: what a class's results say as a whole. How many submissions were graded, a histogram of
 * the scores, every graded transition with how many students pass it, fail it or have not started
 * it, worst pass rate first (counted in students, so one student's bug cannot fill the list), and
 * the submissions that could not be graded or had nothing to grade, with the reason. Student ids
 * and reasons come from what students handed in: they are escaped as Markdown text.
 */
import { CATALOGUE } from '../engine/catalogue.js';
import type { GradebookRow, GradebookRun } from './csv.js';
import { mdCode, mdText } from './markdown.js';

interface TransitionRate {
  id: string;
  exercise: string;
  /** Students whose every check of it passed. */
  passed: number;
  failed: number;
  notStarted: number;
  /** Students graded on it. */
  of: number;
}

const order = new Map(CATALOGUE.map((e, i) => [e.id as string, i]));

/** Per transition, counted in students; the lowest pass rate first, then the most failing, then catalogue order. */
export function passRates(rows: readonly GradebookRow[]): TransitionRate[] {
  const rates = new Map<string, TransitionRate>();
  for (const row of rows) {
    for (const t of row.report?.transitions ?? []) {
      const r = rates.get(t.id) ?? { id: t.id, exercise: t.exercise, passed: 0, failed: 0, notStarted: 0, of: 0 };
      r.of += 1;
      if (t.status === 'passed') r.passed += 1;
      else if (t.status === 'failed') r.failed += 1;
      else r.notStarted += 1;
      rates.set(t.id, r);
    }
  }
  const rank = (id: string): number => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...rates.values()].sort(
    (a, b) =>
      a.passed / a.of - b.passed / b.of ||
      b.failed - a.failed ||
      rank(a.id) - rank(b.id) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

const percent = (n: number, of: number): string => (of === 0 ? '–' : `${Math.round((n / of) * 100)}%`);

/** Ten bands of ten percent, and full marks on their own. */
function histogram(scores: readonly number[]): string {
  const bands = Array.from({ length: 11 }, (_, i) => ({
    label: i === 10 ? '100' : `${i * 10}–${i * 10 + 9}`,
    count: 0,
  }));
  for (const s of scores) bands[s >= 100 ? 10 : Math.max(0, Math.floor(s / 10))]!.count += 1;
  const most = Math.max(1, ...bands.map((b) => b.count));
  const rows = bands.map((b) => `| ${b.label} | ${b.count} | ${'█'.repeat(Math.round((b.count / most) * 40))} |`);
  return ['| score (% of the maximum) | students | |', '| --- | --- | --- |', ...rows].join('\n');
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** class.md for `rows` (one per submission), graded as `run` says. */
export function toClassSummary(rows: readonly GradebookRow[], run: GradebookRun): string {
  const graded = rows.filter((r) => r.report && (r.status ?? 'ok') === 'ok');
  const none = rows.filter((r) => r.status === 'no-submission');
  const errors = rows.filter((r) => (r.status ?? (r.report ? 'ok' : 'error')) === 'error');
  const parts = [
    '# Class summary',
    `${rows.length} submissions: ${graded.length} graded, ${none.length} with nothing to grade, ${errors.length} that could not be graded · ${run.mode} checks · seed ${run.seed} · kit ${mdText(run.kit)}`,
  ];
  if (graded.length > 0) {
    const scores = graded.map((r) => (r.report!.maxScore === 0 ? 0 : (r.report!.score / r.report!.maxScore) * 100));
    const max = graded[0]!.report!.maxScore;
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    parts.push(
      '## Scores',
      `Out of ${max}: mean ${round((mean * max) / 100)} (${round(mean)}%), median ${round((median(scores) * max) / 100)} (${round(median(scores))}%), over the ${graded.length} graded.`,
      histogram(scores),
    );
    const rates = passRates(graded);
    parts.push(
      '## Transitions, worst first',
      'Counted in students: *passed* means every check of it passed; a transition not started counts against the pass rate.',
      [
        '| transition | exercise | passed | failed | not started | pass rate |',
        '| --- | --- | --- | --- | --- | --- |',
        ...rates.map(
          (t) =>
            `| ${mdCode(t.id)} | ${mdText(t.exercise)} | ${t.passed} | ${t.failed} | ${t.notStarted} | ${percent(t.passed, t.of)} |`,
        ),
      ].join('\n'),
    );
  }
  const listed = (title: string, which: readonly GradebookRow[]): void => {
    if (which.length > 0)
      parts.push(`## ${title}`, which.map((r) => `- ${mdText(r.student)}: ${mdText(r.error ?? '', 300)}`).join('\n'));
  };
  listed('Could not be graded', errors);
  listed('Nothing to grade', none);
  return `${parts.join('\n\n')}\n`;
}
