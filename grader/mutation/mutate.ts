/**
 * The mutants of one exercise: each written as a copy of the reference module with one edit, loaded,
 * and judged by the exercise's checks (judge.ts); a killed one's lost transitions are attributed
 * (attribution.ts). The unmutated copy, loaded the same way, is judged first.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ExerciseId } from '../engine/catalogue.js';
import type { Exercise } from '../engine/exercises.js';
import type { Modules } from '../engine/modules.js';
import type { Suite } from '../instructor/suite/generate.js';
import { modules as reference, modulesWith } from '../../solutions/modules.js';
import { attribute, gradeTransitions, reachable, ruleHandlers, type Attribution } from './attribution.js';
import { budgeted, type Check, checksFor, judge, type ModuleOf, type Verdict } from './judge.js';
import { applyMutant, findMutants, type Mutant } from './mutators.js';
import type { Options } from './options.js';

const ROOT = join(import.meta.dirname, '..', '..');

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

export interface Result {
  exercise: Exercise;
  mutant: Mutant;
  verdict: Verdict;
  /** A survivor's loaded module, kept for the diagnosis. */
  module?: ModuleOf;
  /** A killed mutant's lost transitions, by whether the mutated function implements their rule. */
  attribution?: Attribution;
}

async function load(path: string): Promise<ModuleOf> {
  return (await import(pathToFileURL(path).href)) as ModuleOf;
}

export type Say = (line: string) => void;

/** Every exercise's mutants, in a scratch folder removed afterwards; with what went wrong with an exercise itself. */
export async function mutateAll(
  exercises: readonly Exercise[],
  suite: Suite,
  options: Options,
  say: Say,
): Promise<{ results: Result[]; problems: string[] }> {
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
  return { results, problems };
}

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
