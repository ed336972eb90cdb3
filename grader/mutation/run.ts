/**
 * `npm run mutation`: how strong is the hidden conformance suite? Each reference topic module in
 * solutions/ (not 06, which is application code) is mutated (grader/mutation/mutators.ts), one small
 * change at a time, and each mutant is graded in-process as hidden grading grades a submission
 * (seed 42): its exercise's transition checks, then its scenario checks, its script checks and its
 * generated conversations. A mutant is killed by the first check that fails, or if it fails to load
 * or makes the engine throw. Prints progress to stderr; then a table per exercise, the survivors
 * (each with where it could be seen, if anywhere), the equivalent mutants (grader/mutation/
 * equivalent.ts, left out of the score), and as the last line one JSON object. Always exits 0 after
 * a run: it is a measurement, not a gate (a bad option exits 2).
 *
 *   npm run mutation                     every module
 *   npm run mutation -- --exercise 04    one exercise
 *   npm run mutation -- --max 20         at most 20 mutants per module (spread over the file)
 *   npm run mutation -- --verbose        also list each killed mutant with the check that killed it
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { compare } from '../conformance/compare.js';
import { suiteFor } from '../instructor/suite/suite.js';
import type { Suite, TransitionCheck } from '../instructor/suite/generate.js';
import type { ExerciseId } from '../engine/catalogue.js';
import { EXERCISES, findExercise, type Exercise } from '../engine/exercises.js';
import type { Modules } from '../engine/modules.js';
import { runJob } from '../runner/in-process.js';
import { columns } from '../report/columns.js';
import { modules as reference, modulesWith } from '../../solutions/modules.js';
import { EQUIVALENT } from './equivalent.js';
import { applyMutant, findMutants, type Mutant } from './mutators.js';
import { attribute, gradeTransitions, reachable, ruleHandlers, type Attribution } from './attribution.js';
import { budgeted, type Check, checksFor, judge, type ModuleOf, type Verdict } from './judge.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** The seed hidden grading uses here (the tests grade the reference with it too). */
const DEFAULT_SEED = 42;

interface Options {
  exercise: Exercise | undefined;
  max: number | undefined;
  /** Also list every killed mutant with the check that killed it. */
  verbose: boolean;
  /** The hidden suite's seed. */
  seed: number;
}

/** A bad option: its message, the usage, exit 2. */
function usage(message: string): never {
  process.stderr.write(
    `mutation: ${message}\nusage: npm run mutation -- [--exercise NN] [--max N] [--seed N] [--verbose]\n`,
  );
  process.exit(2);
}

function parseExercise(value: string): Exercise {
  const exercise = findExercise(value);
  if (!exercise) usage(`unknown exercise '${value}'`);
  if (!exercise.module) usage(`exercise ${exercise.id} is application code, not a topic module: nothing to mutate`);
  return exercise;
}

function wholeNumber(flag: string, min: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min)
      usage(`${flag} takes a whole number${min > 0 ? ` > ${min - 1}` : ''}, not '${value}'`);
    return Number(value);
  };
}

function parseArgs(argv: readonly string[]): Options {
  const program = new Command('mutation')
    .description('how strong is the hidden suite: mutate each reference topic module and grade every mutant')
    .option('--exercise <NN>', 'one exercise only', parseExercise)
    .option('--max <N>', 'at most N mutants per module, spread over the file', wholeNumber('--max', 1))
    .option('--seed <N>', 'seed of the hidden suite', wholeNumber('--seed', 0), DEFAULT_SEED)
    .option('--verbose', 'also list each killed mutant with the check that killed it')
    .configureOutput({ writeErr: () => {} })
    .exitOverride((e) => (e.exitCode === 0 ? process.exit(0) : usage(e.message.replace(/^error: /, ''))))
    .parse([...argv], { from: 'user' });
  const opts = program.opts<{ exercise?: Exercise; max?: number; seed: number; verbose?: boolean }>();
  return { exercise: opts.exercise, max: opts.max, seed: opts.seed, verbose: opts.verbose === true };
}

/** Evenly spread `max` of the mutants over the file (all of them without a cap). */
function sample(mutants: readonly Mutant[], max: number | undefined): Mutant[] {
  if (max === undefined || mutants.length <= max) return [...mutants];
  return Array.from({ length: max }, (_, i) => mutants[Math.floor((i * mutants.length) / max)]!);
}

/** The module's source with its relative imports made absolute (file URLs), so it loads from anywhere. */
function relocate(source: string, originalPath: string): string {
  return source.replace(
    /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\2/g,
    (_, lead: string, quote: string, spec: string) =>
      `${lead}${quote}${pathToFileURL(resolve(dirname(originalPath), spec)).href}${quote}`,
  );
}

interface Result {
  exercise: Exercise;
  mutant: Mutant;
  verdict: Verdict;
  /** A survivor's loaded module, kept for the diagnosis. */
  module?: ModuleOf;
  /** A killed mutant's lost transitions, by whether the mutated function implements their rule. */
  attribution?: Attribution;
}

/**
 * Where a survivor could be seen, from two cheap extra runs (not part of the score): its own
 * transition checks with every input on the mutant (a difference in state that only a later input
 * shows), and the other exercises' transition checks with the mutant in place (a difference that
 * only steps named for another exercise's transition show).
 */
function diagnose(
  key: keyof Modules,
  module: ModuleOf,
  exercise: string,
  transitions: readonly TransitionCheck[],
): string {
  const meter = { calls: 0 };
  const modules = modulesWith({ [key]: budgeted(module, meter) } as Partial<Modules>);
  // fromClosed: every input on the mutant, not only the last one from the reference's fixture.
  const fails = (c: TransitionCheck, fromClosed = false): boolean => {
    meter.calls = 0;
    try {
      const inputs = fromClosed ? c.inputs : c.inputs.slice(-1);
      const result = runJob(
        {
          kind: 'transition',
          id: c.id,
          exercise: c.exercise,
          setup: c.setup,
          ...(fromClosed ? {} : { start: c.start }),
          inputs,
        },
        modules,
      );
      if (result.kind !== 'transition') return true;
      const last = result.observations.at(-1);
      return result.observations.length < inputs.length || !last || compare(c.expected, last) !== undefined;
    } catch {
      return true;
    }
  };
  const hidden = transitions.find((c) => c.exercise === exercise && fails(c, true));
  if (hidden)
    return `seen when the mutant also runs the setup inputs: ${hidden.id} (${hidden.transition}; ${hidden.fixture})`;
  const other = transitions.find((c) => c.exercise !== exercise && fails(c));
  if (other) return `seen only in another exercise's checks: ${other.id} (${other.transition}, ${other.exercise})`;
  return "seen by none of the suite's transition checks, even with the setup inputs on the mutant or in another exercise's checks";
}

async function load(path: string): Promise<ModuleOf> {
  return (await import(pathToFileURL(path).href)) as ModuleOf;
}

type Say = (line: string) => void;

/** What one exercise's mutants came to, and what went wrong with the exercise itself. */
async function mutateExercise(
  exercise: Exercise,
  suite: Suite,
  options: Options,
  temp: string,
  say: Say,
): Promise<{ results: Result[]; problem?: string }> {
  const key = exercise.module!;
  const path = join(ROOT, 'solutions', exercise.id, exercise.file);
  const source = readFileSync(path, 'utf8');
  const all = findMutants(source, { file: relative(ROOT, path) });
  const mutants = sample(all, options.max);
  const checks = checksFor(exercise.id as ExerciseId, suite.checks, options.seed);
  const dir = join(temp, exercise.id);
  mkdirSync(dir);
  const t0 = performance.now();
  const handlers = ruleHandlers(
    reference,
    key,
    suite.checks.filter((c) => c.exercise === exercise.id),
  );
  const closure = reachable(source);
  say(
    `[${exercise.id}] ${mutants.length}${mutants.length < all.length ? ` of ${all.length}` : ''} mutants, ${checks.length} checks`,
  );

  // The unmutated copy, loaded the same way, must pass every check: else the harness is broken.
  const baselinePath = join(dir, 'original.ts');
  writeFileSync(baselinePath, relocate(source, path));
  const baseline = await judge(key, await load(baselinePath), [...checks]);
  if (baseline.killed) {
    say(`[${exercise.id}] skipped: the unmutated module fails ${baseline.by}`);
    return {
      results: [],
      problem: `${exercise.id}: the unmutated module fails a check (${baseline.by}); its mutants were not run`,
    };
  }

  const results: Result[] = [];
  let killed = 0;
  for (const [i, mutant] of mutants.entries()) {
    const copy = join(dir, `m${String(i + 1).padStart(4, '0')}.ts`);
    writeFileSync(copy, relocate(applyMutant(source, mutant), path));
    const result = await runMutant(
      exercise,
      mutant,
      copy,
      checks,
      (lost) => attribute(mutant.scope, lost, handlers, closure),
      options.seed,
    );
    if (result.verdict.killed) killed++;
    results.push(result);
    if ((i + 1) % 25 === 0 || i + 1 === mutants.length) say(`  ${i + 1}/${mutants.length} run, ${killed} killed`);
  }
  say(`[${exercise.id}] done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { results };
}

/** One mutant: its verdict; a killed one's transitions that lost points, attributed; a survivor's module, kept. */
async function runMutant(
  exercise: Exercise,
  mutant: Mutant,
  copy: string,
  checks: Check[],
  attributeLost: (lost: Awaited<ReturnType<typeof gradeTransitions>>) => Attribution,
  seed: number,
): Promise<Result> {
  const key = exercise.module!;
  let verdict: Verdict;
  try {
    verdict = await judge(key, await load(copy), checks);
  } catch (e) {
    verdict = {
      killed: true,
      by: `could not load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      kind: 'load',
    };
  }
  let attribution: Attribution | undefined;
  if (verdict.killed && verdict.kind !== 'load') {
    const meter = { calls: 0 };
    const modules = modulesWith({ [key]: budgeted(await load(copy), meter) } as Partial<Modules>);
    attribution = attributeLost(
      await gradeTransitions(modules, exercise.id as ExerciseId, seed, () => {
        meter.calls = 0;
      }),
    );
  }
  return {
    exercise,
    mutant,
    verdict,
    ...(verdict.killed ? {} : { module: await load(copy) }),
    ...(attribution ? { attribution } : {}),
  };
}

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

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const say: Say = (line) => {
    process.stderr.write(`${line}\n`);
  };
  const exercises = EXERCISES.filter((e) => e.module && (!options.exercise || e.id === options.exercise.id));
  const suite = suiteFor(reference, 'hidden', options.seed);
  say(
    `mutation: hidden suite (seed ${options.seed}) has ${suite.checks.length} transition checks; generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const temp = mkdtempSync(join(tmpdir(), 'tcplab-mutants-'));
  // The copies are ES modules, as the originals are inside the kit.
  writeFileSync(join(temp, 'package.json'), '{ "type": "module" }\n');
  const results: Result[] = [];
  const problems: string[] = [];
  try {
    for (const exercise of exercises) {
      const done = await mutateExercise(exercise, suite, options, temp, say);
      results.push(...done.results);
      if (done.problem) problems.push(done.problem);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }

  const equivalent = new Map(EQUIVALENT.map((e) => [e.id, e.reason]));
  const isEquivalent = (r: Result): boolean => !r.verdict.killed && equivalent.has(r.mutant.id);
  problems.push(...equivalenceProblems(results, exercises, options, equivalent));

  const table = scoreTable(results, exercises, isEquivalent);
  const attribution = attributionLines(results);
  const out = ['', ...table.lines, ...killedLines(results, options.verbose), '', ...attribution.lines];
  const survivors = results.filter((r) => !r.verdict.killed && !isEquivalent(r));
  if (survivors.length > 0) say(`mutation: diagnosing ${survivors.length} survivors`);
  out.push('', `Survivors (${survivors.length}):`);
  for (const r of survivors) {
    out.push(`  ${r.mutant.id}  ${r.mutant.description}`);
    if (r.module) out.push(`      ${diagnose(r.exercise.module!, r.module, r.exercise.id, suite.checks)}`);
  }
  const equivalents = results.filter(isEquivalent);
  out.push('', `Equivalent, not scored (${equivalents.length}; grader/mutation/equivalent.ts):`);
  for (const r of equivalents)
    out.push(`  ${r.mutant.id}  ${r.mutant.description}`, `      ${equivalent.get(r.mutant.id)}`);
  if (problems.length > 0) out.push('', 'Problems:', ...problems.map((p) => `  ${p}`));
  const { totals } = table;
  const seconds = (performance.now() - started) / 1000;
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
  process.stdout.write(`${out.join('\n')}\n`);
}

main()
  .catch((e: unknown) => {
    process.stderr.write(`mutation: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  })
  .finally(() => {
    // A measurement, not a gate.
    process.exitCode = 0;
  });
