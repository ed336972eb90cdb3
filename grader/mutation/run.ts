/**
 * `npm run mutation`: how strong is the hidden conformance suite? Each reference topic module in
 * solutions/ is mutated (grader/mutation/mutators.ts), one small change at a time; each mutant is
 * graded in-process with the hidden suite (seed 42: the transition checks and the scenario checks of
 * its exercise) and counts as killed at its first failing check, or if it fails to load or makes
 * the engine throw. Prints a table per exercise, the survivors, and as the last line one JSON
 * object. Always exits 0: it is a measurement, not a gate.
 *
 *   npm run mutation                     every module
 *   npm run mutation -- --exercise 04    one exercise
 *   npm run mutation -- --max 20         at most 20 mutants per module (spread over the file)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { judgeTransition } from '../cli/grading.js';
import { judgeScenario, scenarioChecks, type ScenarioCheck } from '../conformance/scenario-checks.js';
import { suiteFor } from '../conformance/suite.js';
import type { TransitionCheck } from '../conformance/generate.js';
import type { ExerciseId } from '../engine/catalogue.js';
import { EXERCISES, findExercise, type Exercise } from '../engine/exercises.js';
import type { Modules } from '../engine/modules.js';
import { runJob } from '../runner/in-process.js';
import { modules as reference, modulesWith } from '../../solutions/modules.js';
import { EQUIVALENT } from './equivalent.js';
import { applyMutant, findMutants, type Mutant } from './mutators.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SEED = 42;
/**
 * Calls into the mutated module allowed per check: the reference needs under 2,000; a mutant that
 * loops (a held segment taken and held again, an ACK storm in a scenario) is stopped here and counts
 * as killed, since nothing else can interrupt synchronous code.
 */
const CALL_BUDGET = 200_000;

interface Options {
  exercise: Exercise | undefined;
  max: number | undefined;
}

function usage(message: string): never {
  process.stderr.write(`mutation: ${message}\nusage: npm run mutation -- [--exercise NN] [--max N]\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { exercise: undefined, max: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    if (flag === '--exercise') {
      const v = value();
      const exercise = findExercise(v);
      if (!exercise) usage(`unknown exercise '${v}'`);
      if (!exercise.module) usage(`exercise ${exercise.id} is application code, not a topic module: nothing to mutate`);
      options.exercise = exercise;
    } else if (flag === '--max') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) === 0) usage(`--max takes a whole number > 0, not '${v}'`);
      options.max = Number(v);
    } else {
      usage(`unknown option '${arg}'`);
    }
  }
  return options;
}

/** Evenly spread `max` of the mutants over the file (all of them without a cap). */
function sample(mutants: readonly Mutant[], max: number | undefined): Mutant[] {
  if (max === undefined || mutants.length <= max) return [...mutants];
  return Array.from({ length: max }, (_, i) => mutants[Math.floor((i * mutants.length) / max)]!);
}

/** The module's source with its relative imports made absolute (file URLs), so it loads from anywhere. */
function relocate(source: string, originalPath: string): string {
  return source.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\2/g,
    (_, lead: string, quote: string, spec: string) => `${lead}${quote}${pathToFileURL(resolve(dirname(originalPath), spec)).href}${quote}`);
}

type ModuleOf = Modules[keyof Modules];

/** The module with every function counting against the call budget. */
function budgeted(module: ModuleOf, meter: { calls: number }): ModuleOf {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(module as unknown as Record<string, unknown>)) {
    out[name] = typeof value !== 'function' ? value : (...args: unknown[]) => {
      if (++meter.calls > CALL_BUDGET) throw new Error(`mutant made over ${CALL_BUDGET} calls in one check (it loops)`);
      return (value as (...a: unknown[]) => unknown)(...args);
    };
  }
  return out as unknown as ModuleOf;
}

type Check = { kind: 'transition'; check: TransitionCheck } | { kind: 'scenario'; check: ScenarioCheck };

/** Undefined if the check passes, else why it failed. */
function failure(check: Check, modules: Modules): string | undefined {
  const mine = (): Modules => modules;
  if (check.kind === 'transition') {
    const c = check.check;
    const result = runJob({ kind: 'transition', id: c.id, exercise: c.exercise, setup: c.setup, inputs: c.inputs }, reference, mine);
    const outcome = judgeTransition(c, result);
    if (outcome.passed) return undefined;
    return `${c.id} (${c.transition}, ${c.fixture}): ${outcome.error ? `${outcome.error.name}: ${outcome.error.message}` : `expected ${outcome.expected ?? '?'}, got ${outcome.actual ?? '?'}`}`;
  }
  const c = check.check;
  const result = runJob({ kind: 'scenario', id: c.id, exercise: c.exercise, scenario: c.scenario, side: c.side, seed: c.seed }, reference, mine);
  if (result.kind === 'failed') return `${c.id}: ${result.reason}: ${result.message}`;
  if (result.kind !== 'scenario') return `${c.id}: wrong kind of result`;
  if (result.error) return `${c.id}: ${result.error.name}: ${result.error.message}`;
  const bad = judgeScenario(c, result.steps).find((o) => !o.passed);
  return bad ? `${c.id} step ${bad.step} (${bad.transition}): expected ${bad.expected ?? '?'}, got ${bad.actual ?? '?'}` : undefined;
}

interface Verdict {
  killed: boolean;
  /** The first failing check, or why loading failed. */
  by?: string;
}

/**
 * Run the checks until one fails. The list is reordered in place: a check that kills a mutant moves
 * to the front, since neighbouring mutants tend to die on the same check (the verdicts do not depend
 * on the order, only the time does).
 */
function judge(key: keyof Modules, module: ModuleOf, checks: Check[]): Verdict {
  const meter = { calls: 0 };
  const modules = modulesWith({ [key]: budgeted(module, meter) } as Partial<Modules>);
  for (const [i, check] of checks.entries()) {
    meter.calls = 0;
    let why: string | undefined;
    try {
      why = failure(check, modules);
    } catch (e) {
      why = `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    }
    if (why !== undefined) {
      checks.splice(i, 1);
      checks.unshift(check);
      return { killed: true, by: why };
    }
  }
  return { killed: false };
}

interface Result {
  exercise: Exercise;
  mutant: Mutant;
  verdict: Verdict;
}

async function load(path: string): Promise<ModuleOf> {
  return (await import(pathToFileURL(path).href)) as ModuleOf;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const say = (line: string): void => { process.stderr.write(`${line}\n`); };
  const exercises = EXERCISES.filter((e) => e.module && (!options.exercise || e.id === options.exercise.id));
  const suite = suiteFor(reference, 'hidden', SEED);
  say(`mutation: hidden suite (seed ${SEED}) has ${suite.checks.length} transition checks; generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const temp = mkdtempSync(join(tmpdir(), 'tcplab-mutants-'));
  // The copies are ES modules, as the originals are inside the kit.
  writeFileSync(join(temp, 'package.json'), '{ "type": "module" }\n');
  const results: Result[] = [];
  const problems: string[] = [];
  try {
    for (const exercise of exercises) {
      const key = exercise.module!;
      const path = join(ROOT, 'solutions', exercise.id, exercise.file);
      const source = readFileSync(path, 'utf8');
      const file = relative(ROOT, path);
      const all = findMutants(source, { file });
      const mutants = sample(all, options.max);
      const checks: Check[] = [
        ...suite.checks.filter((c) => c.exercise === exercise.id).map((check): Check => ({ kind: 'transition', check })),
        ...scenarioChecks(reference, exercise.id as ExerciseId, SEED).map((check): Check => ({ kind: 'scenario', check })),
      ];
      const dir = join(temp, exercise.id);
      mkdirSync(dir);
      const t0 = performance.now();
      say(`[${exercise.id}] ${mutants.length}${mutants.length < all.length ? ` of ${all.length}` : ''} mutants, ${checks.length} checks`);

      // The unmutated copy, loaded the same way, must pass every check: else the harness is broken.
      const baselinePath = join(dir, 'original.ts');
      writeFileSync(baselinePath, relocate(source, path));
      const baseline = judge(key, await load(baselinePath), [...checks]);
      if (baseline.killed) {
        problems.push(`${exercise.id}: the unmutated module fails a check (${baseline.by}); its mutants were not run`);
        say(`[${exercise.id}] skipped: the unmutated module fails ${baseline.by}`);
        continue;
      }

      let killed = 0;
      for (const [i, mutant] of mutants.entries()) {
        const copy = join(dir, `m${String(i + 1).padStart(4, '0')}.ts`);
        writeFileSync(copy, relocate(applyMutant(source, mutant), path));
        let verdict: Verdict;
        try {
          verdict = judge(key, await load(copy), checks);
        } catch (e) {
          verdict = { killed: true, by: `could not load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
        }
        if (verdict.killed) killed++;
        results.push({ exercise, mutant, verdict });
        if ((i + 1) % 25 === 0 || i + 1 === mutants.length) say(`  ${i + 1}/${mutants.length} run, ${killed} killed`);
      }
      say(`[${exercise.id}] done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }

  const equivalent = new Map(EQUIVALENT.map((e) => [e.id, e.reason]));
  const ran = new Set(results.map((r) => r.mutant.id));
  const isEquivalent = (r: Result): boolean => !r.verdict.killed && equivalent.has(r.mutant.id);
  for (const r of results) {
    if (r.verdict.killed && equivalent.has(r.mutant.id)) problems.push(`${r.mutant.id} is listed as equivalent but was killed: ${r.verdict.by ?? ''}`);
  }
  // Stale entries: only knowable when every mutant of the module ran.
  if (options.max === undefined) {
    const stems = new Set(exercises.map((e) => e.file.replace(/\.ts$/, '')));
    for (const id of equivalent.keys()) {
      if (stems.has(id.split(':')[0]!) && !ran.has(id)) problems.push(`${id} is listed as equivalent but no such mutant exists`);
    }
  }

  // ---- report ----------------------------------------------------------------------------------
  const out: string[] = [];
  const pct = (killed: number, of: number): string => (of === 0 ? '-' : `${((100 * killed) / of).toFixed(1)}%`);
  const rows = [['exercise', 'mutants', 'killed', 'survived', 'equivalent', 'score']];
  const totals = { mutants: 0, killed: 0, survived: 0, equivalent: 0 };
  for (const exercise of exercises) {
    const mine = results.filter((r) => r.exercise === exercise);
    const killed = mine.filter((r) => r.verdict.killed).length;
    const eq = mine.filter(isEquivalent).length;
    const survived = mine.length - killed - eq;
    totals.mutants += mine.length; totals.killed += killed; totals.survived += survived; totals.equivalent += eq;
    rows.push([exercise.id, String(mine.length), String(killed), String(survived), String(eq), pct(killed, killed + survived)]);
  }
  rows.push(['total', String(totals.mutants), String(totals.killed), String(totals.survived), String(totals.equivalent), pct(totals.killed, totals.killed + totals.survived)]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  out.push('', line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1, -1)) out.push(line(r));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '), line(rows.at(-1)!));

  const survivors = results.filter((r) => !r.verdict.killed && !isEquivalent(r));
  out.push('', `Survivors (${survivors.length}):`);
  for (const r of survivors) out.push(`  ${r.mutant.id}  ${r.mutant.description}`);
  const equivalents = results.filter(isEquivalent);
  out.push('', `Equivalent, not scored (${equivalents.length}; grader/mutation/equivalent.ts):`);
  for (const r of equivalents) out.push(`  ${r.mutant.id}  ${r.mutant.description}`, `      ${equivalent.get(r.mutant.id)}`);
  if (problems.length > 0) {
    out.push('', 'Problems:');
    for (const p of problems) out.push(`  ${p}`);
  }
  const seconds = (performance.now() - started) / 1000;
  out.push('', `${totals.mutants} mutants in ${seconds.toFixed(1)} s${options.max !== undefined ? ` (at most ${options.max} per module)` : ''}`);
  const score = totals.killed + totals.survived === 0 ? 100 : Math.round((1000 * totals.killed) / (totals.killed + totals.survived)) / 10;
  out.push(JSON.stringify({ mutants: totals.mutants, killed: totals.killed, survived: totals.survived, equivalent: totals.equivalent, score }));
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`mutation: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
}).finally(() => {
  // A measurement, not a gate.
  process.exitCode = 0;
});
