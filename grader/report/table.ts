/**
 * The terminal rendering: exercises with their scores, each exercise's transitions with passed/total,
 * and for the first failing transition of each exercise the failure drawn as expected vs got, with
 * the hint that goes with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { columns } from './columns.js';
import { parseHints } from './hints.js';
import { inert } from './inert.js';
import type { Report } from './model.js';

const STATUS: Record<string, (s: string) => string> = {
  passed: pc.green,
  failed: pc.red,
  'in-progress': pc.yellow,
  'not-started': pc.dim,
  blocked: pc.yellow,
  error: pc.red,
};

/** A status in words ('not-started' reads "not started"), padded to `width`, then coloured. */
export function statusWord(status: string, width = 0): string {
  return (STATUS[status] ?? ((s: string) => s))(inert(status.replace('-', ' ')).padEnd(width));
}

/** Every string in the report may come from a submission: each is made inert before it is coloured. */
export function toTable(report: Report, options: { kit?: string; verbose?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(
    pc.bold(
      `tcplab ${inert(report.mode)} checks · seed ${report.seed} · score ${report.score} / ${report.maxScore} · ${report.checks} checks`,
    ),
  );
  // The units differ from a test run's: say how a score is made and what the marks mean.
  lines.push(
    pc.dim(
      'Each transition earns its weight (1 unless the rubric says otherwise) times the share of its checks it passes. ✗ failing, · not started, - blocked (its checks went wrong at an earlier step, charged there).',
    ),
  );
  // An exercise with nothing under its row sits right under the one before; one with detail lines
  // (transitions, errors, a failure) is set off by a blank line before and after.
  let previousHadDetail = true; // the first row is set off from the header
  for (const e of report.exercises) {
    const detail: string[] = [];
    // An exercise that could not be graded: why, first; its transitions all read 0 for that reason.
    const why = report.errors.filter((err) => err.exercise === e.id);
    for (const err of why) detail.push(pc.red(`  ${describeError(err)}`));
    if (!((e.status === 'not-started' || why.length > 0) && !options.verbose))
      detail.push(...transitionLines(report, e.id, options));
    if (previousHadDetail || detail.length > 0) lines.push('');
    lines.push(
      `${pc.bold(inert(e.id).padEnd(24))} ${`${e.score}/${e.maxScore}`.padStart(9)}  ${statusWord(e.status)}`,
      ...detail,
    );
    previousHadDetail = detail.length > 0;
  }
  const listed = new Set(report.exercises.map((e) => e.id));
  for (const err of report.errors.filter((x) => !x.exercise || !listed.has(x.exercise)))
    lines.push('', pc.red(describeError(err)));
  return lines.join('\n');
}

/** An exercise's transitions (the passed ones only when verbose), then its first failure drawn in full. */
function transitionLines(report: Report, exercise: string, options: { kit?: string; verbose?: boolean }): string[] {
  const mine = report.transitions.filter((t) => t.exercise === exercise);
  const rows = mine
    .filter((t) => t.status !== 'passed' || options.verbose)
    .map((t) => {
      const paintT = STATUS[t.status] ?? ((s: string) => s);
      const mark = t.status === 'passed' ? '✓' : t.status === 'not-started' ? '·' : t.status === 'blocked' ? '-' : '✗';
      const why = t.status === 'blocked' && t.failures[0] ? `  ${inert(t.failures[0].actual)}` : '';
      return [`${paintT(mark)} ${inert(t.id)}`, `${t.passed}/${t.total}${why}`];
    });
  const lines = columns(rows).map((line) => `  ${line}`);
  const first = mine.find((t) => t.status === 'failed' && t.failures.length > 0);
  if (first) {
    const f = first.failures[0]!;
    lines.push('', `  ${pc.bold('first failure')} ${inert(first.id)} (check ${inert(f.check)}, step ${f.step})`);
    // One line per input, numbered from 1 as the step above is, so "step 6" is the line marked 6.
    if (f.sketch)
      lines.push(
        '    what happened, input by input (step, virtual time, input):',
        ...f.sketch.split('\n').map((l, i) => `    ${String(i + 1).padStart(3)}.${inert(l.replace(/^ {4}/, ''))}`),
      );
    lines.push(`    expected: ${inert(f.expected)}`, `    got:      ${inert(f.actual)}`);
    const hint = options.kit ? firstHint(options.kit, exercise, first.id) : undefined;
    if (hint) lines.push(`    hint: ${hint}`);
  }
  return lines;
}

const describeError = (err: Report['errors'][number]): string =>
  inert(
    `${err.kind}: ${err.file ?? ''}${err.line ? `:${err.line}${err.column ? `:${err.column}` : ''}` : ''} ${err.message}`,
  );

function firstHint(kit: string, exercise: string, transition: string): string | undefined {
  const file = join(kit, 'exercises', exercise, 'hints.en.md');
  if (!existsSync(file)) return undefined;
  return parseHints(readFileSync(file, 'utf8'), file).hints.find((h) => h.id === transition)?.levels[0];
}
