/**
 * What a mutation run prints: the score per exercise, what killed the mutants first, how precisely
 * their lost points point at the mutated function, the survivors (each with where it could be seen),
 * the equivalent mutants, the problems, and as the last line one JSON object.
 */
import type { Exercise } from '../engine/exercises.js';
import type { TransitionCheck } from '../instructor/suite/generate.js';
import { columns } from '../report/columns.js';
import { diagnose } from './diagnose.js';
import { EQUIVALENT } from './equivalent.js';
import type { Result, Say } from './mutate.js';
import type { Options } from './options.js';

/** Entries of equivalent.ts that a run contradicts: killed, or (when every mutant ran) no longer made. */
function equivalenceProblems(
  results: readonly Result[],
  exercises: readonly Exercise[],
  options: Options,
  equivalent: ReadonlyMap<string, string>,
): string[] {
  const problems: string[] = [];
  for (const r of results) {
    if (r.verdict.killed && equivalent.has(r.mutant.id))
      problems.push(`${r.mutant.id} is listed as equivalent but was killed: ${r.verdict.by ?? ''}`);
  }
  // Stale entries: only knowable when every mutant of the module ran.
  if (options.max === undefined) {
    const ran = new Set(results.map((r) => r.mutant.id));
    const stems = new Set(exercises.map((e) => e.file.replace(/\.ts$/, '')));
    for (const id of equivalent.keys()) {
      if (stems.has(id.split(':')[0]!) && !ran.has(id))
        problems.push(`${id} is listed as equivalent but no such mutant exists`);
    }
  }
  return problems;
}

interface Totals {
  mutants: number;
  killed: number;
  survived: number;
  equivalent: number;
}

/** The score per exercise and in total, as a table (cli-table3) with rules under the header and over the total. */
function scoreTable(
  results: readonly Result[],
  exercises: readonly Exercise[],
  isEquivalent: (r: Result) => boolean,
): { lines: string[]; totals: Totals } {
  const pct = (killed: number, of: number): string => (of === 0 ? '-' : `${((100 * killed) / of).toFixed(1)}%`);
  const rows = [['exercise', 'mutants', 'killed', 'survived', 'equivalent', 'score']];
  const totals: Totals = { mutants: 0, killed: 0, survived: 0, equivalent: 0 };
  for (const exercise of exercises) {
    const mine = results.filter((r) => r.exercise === exercise);
    const killed = mine.filter((r) => r.verdict.killed).length;
    const eq = mine.filter(isEquivalent).length;
    const survived = mine.length - killed - eq;
    totals.mutants += mine.length;
    totals.killed += killed;
    totals.survived += survived;
    totals.equivalent += eq;
    rows.push([
      exercise.id,
      String(mine.length),
      String(killed),
      String(survived),
      String(eq),
      pct(killed, killed + survived),
    ]);
  }
  const total = [
    'total',
    String(totals.mutants),
    String(totals.killed),
    String(totals.survived),
    String(totals.equivalent),
    pct(totals.killed, totals.killed + totals.survived),
  ];
  // Every cell is ASCII, so a rule as long as the widest cell spans its column exactly.
  const rule = rows[0]!.map((_, c) => '-'.repeat(Math.max(...[...rows, total].map((r) => r[c]!.length))));
  const lines = columns(
    [rows[0]!, rule, ...rows.slice(1), rule, total],
    ['left', 'right', 'right', 'right', 'right', 'right'],
  );
  return { lines, totals };
}

/** How precisely killed mutants' lost transitions point at the mutated function, and the cases that do not. */
function attributionLines(results: readonly Result[]): { lines: string[]; precision: number } {
  const attributed = results.filter((r) => r.attribution);
  const right = attributed.reduce((n, r) => n + r.attribution!.right.length, 0);
  const wrong = attributed.reduce((n, r) => n + r.attribution!.wrong.length, 0);
  const precision = right + wrong === 0 ? 100 : Math.round((1000 * right) / (right + wrong)) / 10;
  const lines = [
    `Attribution precision: ${precision}% (${right} of ${right + wrong} transitions that lost points, over ${attributed.length} killed mutants, implement the mutated function's rule; transitions no check reached are charged to nobody)`,
  ];
  for (const r of attributed.filter((x) => x.attribution!.wrong.length > 0)) {
    lines.push(`  ${r.mutant.id}  ${r.mutant.description}`, `      also charged: ${r.attribution!.wrong.join('; ')}`);
  }
  return { lines, precision };
}

/** Killed first by each kind of check, and (verbose) each killed mutant with its check. */
function killedLines(results: readonly Result[], verbose: boolean): string[] {
  const byKind = new Map<string, number>();
  for (const r of results)
    if (r.verdict.killed) byKind.set(r.verdict.kind ?? 'load', (byKind.get(r.verdict.kind ?? 'load') ?? 0) + 1);
  const kinds: [string, string][] = [
    ['transition', 'transition checks'],
    ['scenario', 'scenario checks'],
    ['script', 'scripts'],
    ['generated', 'generated conversations'],
    ['load', 'failed to load'],
  ];
  const lines = ['', `Killed first by: ${kinds.map(([k, label]) => `${label} ${byKind.get(k) ?? 0}`).join(', ')}`];
  if (verbose) {
    lines.push('', 'Killed:');
    for (const r of results.filter((x) => x.verdict.killed))
      lines.push(`  ${r.mutant.id}  ${r.mutant.description}`, `      ${r.verdict.by ?? ''}`);
  }
  return lines;
}

/** Everything a run prints on stdout, the survivors diagnosed on the way (`say` tells that it is under way). */
export function reportLines(run: {
  results: readonly Result[];
  problems: readonly string[];
  exercises: readonly Exercise[];
  options: Options;
  transitions: readonly TransitionCheck[];
  started: number;
  say: Say;
}): string[] {
  const { results, exercises, options, say } = run;
  const equivalent = new Map(EQUIVALENT.map((e) => [e.id, e.reason]));
  const isEquivalent = (r: Result): boolean => !r.verdict.killed && equivalent.has(r.mutant.id);
  const problems = [...run.problems, ...equivalenceProblems(results, exercises, options, equivalent)];

  const table = scoreTable(results, exercises, isEquivalent);
  const attribution = attributionLines(results);
  const out = ['', ...table.lines, ...killedLines(results, options.verbose), '', ...attribution.lines];
  const survivors = results.filter((r) => !r.verdict.killed && !isEquivalent(r));
  if (survivors.length > 0) say(`mutation: diagnosing ${survivors.length} survivors`);
  out.push('', `Survivors (${survivors.length}):`);
  for (const r of survivors) {
    out.push(`  ${r.mutant.id}  ${r.mutant.description}`);
    if (r.module) out.push(`      ${diagnose(r.exercise.module!, r.module, r.exercise.id, run.transitions)}`);
  }
  const equivalents = results.filter(isEquivalent);
  out.push('', `Equivalent, not scored (${equivalents.length}; grader/mutation/equivalent.ts):`);
  for (const r of equivalents)
    out.push(`  ${r.mutant.id}  ${r.mutant.description}`, `      ${equivalent.get(r.mutant.id)}`);
  if (problems.length > 0) out.push('', 'Problems:', ...problems.map((p) => `  ${p}`));
  const { totals } = table;
  const seconds = (performance.now() - run.started) / 1000;
  out.push(
    '',
    `${totals.mutants} mutants, hidden suite seed ${options.seed}, in ${seconds.toFixed(1)} s${options.max !== undefined ? ` (at most ${options.max} per module)` : ''}`,
  );
  const score =
    totals.killed + totals.survived === 0
      ? 100
      : Math.round((1000 * totals.killed) / (totals.killed + totals.survived)) / 10;
  out.push(
    JSON.stringify({
      mutants: totals.mutants,
      killed: totals.killed,
      survived: totals.survived,
      equivalent: totals.equivalent,
      score,
      attributionPrecision: attribution.precision,
    }),
  );
  return out;
}
