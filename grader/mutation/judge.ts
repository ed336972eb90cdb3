/**
 * The hidden grade a mutant gets: each check of its exercise run in-process on the mutated module,
 * with a call budget so a mutant that loops is stopped, until the first check that fails.
 */
import { judgeTransition } from '../instructor/suite-checks.js';
import { GENERATED_RUNS, generatedOutcomes } from '../instructor/suite/generated.js';
import { judgeScenario, scenarioChecks, scenarioReplay, type ScenarioCheck } from '../conformance/scenario-checks.js';
import { judgeScript, scriptChecks, type ScriptCheck } from '../conformance/script/index.js';
import { transitionJob, type TransitionCheck } from '../instructor/suite/generate.js';
import type { ExerciseId } from '../engine/catalogue.js';
import type { Modules } from '../engine/modules.js';
import { runJob } from '../runner/in-process.js';
import { modules as reference, modulesWith } from '../../solutions/modules.js';

/**
 * Calls into the mutated module allowed per check: the reference needs under 2,000; a mutant that
 * loops (a held segment taken and held again, an ACK storm in a scenario) is stopped here and counts
 * as killed, since nothing else can interrupt synchronous code.
 */
const CALL_BUDGET = 200_000;

export type ModuleOf = Modules[keyof Modules];

/** The module with every function counting against the call budget. */
export function budgeted(module: ModuleOf, meter: { calls: number }): ModuleOf {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(module as unknown as Record<string, unknown>)) {
    out[name] =
      typeof value !== 'function'
        ? value
        : (...args: unknown[]) => {
            if (++meter.calls > CALL_BUDGET)
              throw new Error(`mutant made over ${CALL_BUDGET} calls in one check (it loops)`);
            return (value as (...a: unknown[]) => unknown)(...args);
          };
  }
  return out as unknown as ModuleOf;
}

/** One check of the hidden grade: what `grade()` runs for an exercise in hidden mode. */
export type Check =
  | { kind: 'transition'; check: TransitionCheck }
  | { kind: 'scenario'; check: ScenarioCheck }
  | { kind: 'script'; check: ScriptCheck }
  | { kind: 'generated'; exercise: ExerciseId; seed: number };

const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Undefined if the check passes, else why it failed. */
async function failure(check: Check, modules: Modules, meter: { calls: number }): Promise<string | undefined> {
  switch (check.kind) {
    case 'transition': {
      const c = check.check;
      const result = runJob(transitionJob(c), modules);
      const outcome = judgeTransition(c, result);
      if (outcome.passed) return undefined;
      return `${c.id} (${c.transition}; ${c.fixture}): ${outcome.error ? `${outcome.error.name}: ${outcome.error.message}` : `expected ${outcome.expected ?? '?'}, got ${outcome.actual ?? '?'}`}`;
    }
    case 'scenario': {
      const c = check.check;
      const result = runJob(
        { kind: 'replay', id: c.id, exercise: c.exercise, replay: scenarioReplay(reference, c) },
        modules,
      );
      if (result.kind !== 'replay')
        return `${c.id}: ${result.kind === 'failed' ? `${result.reason}: ${result.message}` : 'wrong kind of result'}`;
      if (result.error) return `${c.id}: ${result.error.name}: ${result.error.message}`;
      const bad = judgeScenario(c, result.steps).find((o) => !o.passed);
      return bad
        ? `${c.id} step ${bad.step} (${bad.transition}): expected ${bad.expected ?? '?'}, got ${bad.actual ?? '?'}`
        : undefined;
    }
    case 'script': {
      const c = check.check;
      const result = runJob(c.job, modules);
      if (result.kind !== 'transition')
        return `${c.id}: ${result.kind === 'failed' ? `${result.reason}: ${result.message}` : 'wrong kind of result'}`;
      const thrown = result.observations.find((o) => o.error);
      if (thrown?.error) return `${c.id}: ${thrown.error.name}: ${thrown.error.message}`;
      const bad = judgeScript(c, result.observations).find((o) => !o.passed);
      return bad
        ? `${c.id} line ${bad.step ?? '?'}: expected ${bad.expected ?? '?'}, got ${bad.actual ?? '?'}`
        : undefined;
    }
    case 'generated': {
      let thrown: string | undefined;
      const outcomes = await generatedOutcomes(
        reference,
        check.exercise,
        check.seed,
        GENERATED_RUNS,
        async (replay, _plan, _side, id) => {
          meter.calls = 0;
          const r = runJob({ kind: 'replay', id, exercise: check.exercise, replay }, modules);
          if (r.kind !== 'replay') return { steps: [], error: { name: 'crash', message: 'wrong kind of result' } };
          if (r.error) thrown ??= `${r.error.name}: ${r.error.message}`;
          return { steps: r.steps, ...(r.error ? { error: r.error } : {}) };
        },
      );
      const bad = outcomes.find((o) => !o.passed);
      if (bad)
        return `${bad.check} step ${bad.step} (${bad.transition}): expected ${bad.expected ?? '?'}, got ${bad.actual ?? '?'}`;
      return thrown ? `generated conversation: ${thrown}` : undefined;
    }
  }
}

/** Every check of an exercise's hidden grade, cheapest first. */
export function checksFor(exercise: ExerciseId, transitions: readonly TransitionCheck[], seed: number): Check[] {
  return [
    ...transitions.filter((c) => c.exercise === exercise).map((check): Check => ({ kind: 'transition', check })),
    ...scenarioChecks(reference, exercise, seed).map((check): Check => ({ kind: 'scenario', check })),
    ...scriptChecks(reference, exercise).map((check): Check => ({ kind: 'script', check })),
    { kind: 'generated', exercise, seed },
  ];
}

export interface Verdict {
  killed: boolean;
  /** The first failing check, or why loading failed. */
  by?: string;
  kind?: Check['kind'] | 'load';
}

/**
 * Run the checks until one fails. The list is reordered in place: a check that kills a mutant moves
 * to the front, since neighbouring mutants tend to die on the same check (the verdicts do not depend
 * on the order, only the time does).
 */
export async function judge(key: keyof Modules, module: ModuleOf, checks: Check[]): Promise<Verdict> {
  const meter = { calls: 0 };
  const modules = modulesWith({ [key]: budgeted(module, meter) } as Partial<Modules>);
  for (const [i, check] of checks.entries()) {
    meter.calls = 0;
    let why: string | undefined;
    try {
      why = await failure(check, modules, meter);
    } catch (e) {
      why = `threw ${errorText(e)}`;
    }
    if (why !== undefined) {
      checks.splice(i, 1);
      checks.unshift(check);
      return { killed: true, by: why, kind: check.kind };
    }
  }
  return { killed: false };
}
