/**
 * The instructor's checks for a grading run: the generated transition checks (public or hidden
 * suite), the scenario checks, the hand-written scripts and, in hidden grading, the generated
 * conversations. They need the generator and the hidden packs, so they are loaded only when a
 * grade asks for them (a student's kit has neither).
 */
import type { ExerciseId } from '../engine/catalogue.js';
import { compare, describeActual, describeObservation } from '../conformance/compare.js';
import { checkDiagram } from '../conformance/check-diagram.js';
import { drawPlans, GENERATED_RUNS, generatedOutcomes, generatedPlans, type PlanMemo } from './suite/generated.js';
import { transitionJob, type TransitionCheck } from './suite/generate.js';
import {
  allRecordings,
  judgeScenario,
  scenarioChecks,
  scenarioReplay,
  useRecordings,
} from '../conformance/scenario-checks.js';
import { kept } from './suite/kept.js';
import type { Outcome } from '../conformance/score.js';
import { judgeScript, scriptChecks } from '../conformance/script/index.js';
import { suiteFor } from './suite/suite.js';
import type { Job, JobResult } from '../runner/jobs.js';
import type { Plan } from '../sim/random-plan.js';
import { modules as reference } from '../../solutions/modules.js';
import { NOT_STARTED, type PendingChecks } from '../cli/check-set.js';

/** Judge a transition check's result against the reference's answer. */
export function judgeTransition(check: TransitionCheck, result: JobResult | undefined): Outcome {
  const base = {
    check: check.id,
    kind: 'transition' as const,
    transition: check.transition,
    exercise: check.exercise,
    step: 1,
  };
  if (!result || result.kind === 'failed') {
    const message = result?.kind === 'failed' ? `${result.reason}: ${result.message}` : 'no result';
    return {
      ...base,
      passed: false,
      expected: describeObservation(check.expected),
      actual: message,
      error: { name: result?.kind === 'failed' ? result.reason : 'crash', message },
    };
  }
  if (result.kind !== 'transition') return { ...base, passed: false, actual: 'wrong kind of result' };
  // The code under test got the last input only, from the fixture the reference reached.
  const actual = result.observations[0];
  if (!actual) {
    return { ...base, passed: false, expected: describeObservation(check.expected), actual: 'no observation' };
  }
  const diff = compare(check.expected, actual);
  const expected = describeObservation(check.expected, diff?.field === 'tcb');
  const got = actual.error
    ? `${actual.error.name}: ${actual.error.message}`
    : describeActual(actual, diff?.field === 'tcb');
  return {
    ...base,
    passed: diff === undefined,
    ...(diff ? { expected, actual: got, diagram: checkDiagram(check.inputs, expected, got) } : {}),
    ...(actual.error ? { error: actual.error } : {}),
  };
}

const failure = (r: JobResult | undefined): { name: string; message: string } | undefined =>
  r?.kind === 'failed'
    ? { name: r.reason, message: r.message }
    : r === undefined
      ? { name: 'crash', message: 'no result' }
      : undefined;

/** What an exercise's checks are, per mode and seed: built once per process (grade-all grades a class in one). */
interface Built {
  scenarios: ReturnType<typeof scenarioChecks>;
  scripts: ReturnType<typeof scriptChecks>;
  plans: (ReturnType<typeof generatedPlans>[number] & { exercise: string })[];
}
const built = new Map<string, Built>();
/** Plans played on the reference, per seed: shared by the exercises and the shrinking. */
const planMemos = new Map<number, PlanMemo>();
/** Seeds whose scenario recordings are in place. */
const recorded = new Set<number>();

/**
 * The plans generated conversations draw first at `seed`, each played on the reference: the same
 * whatever the exercise (a property that always holds sees every plan), so kept once per seed.
 */
function planMemo(seed: number): PlanMemo {
  let memo = planMemos.get(seed);
  if (!memo) {
    memo = kept(`plans-${seed}`, () => {
      const drawn: PlanMemo = new Map();
      generatedPlans(reference, '01-sequence-numbers', seed, GENERATED_RUNS, drawn);
      return drawn;
    });
    planMemos.set(seed, memo);
  }
  return memo;
}

/**
 * Build the checks for an exercise handed in (already filtered by the rubric): the costly part, done
 * while the submission is still being inspected, from what earlier runs kept where they can.
 */
function builtFor(mode: 'public' | 'hidden', seed: number, id: string): Built {
  const key = `${mode} ${seed} ${id}`;
  let b = built.get(key);
  if (!b) {
    if (!recorded.has(seed)) {
      useRecordings(
        reference,
        seed,
        kept(`recordings-${seed}`, () => allRecordings(reference, seed)),
      );
      recorded.add(seed);
    }
    b = {
      scenarios: scenarioChecks(reference, id as ExerciseId, seed),
      // Hand-written scripts (grader/instructor/packs/scripts), checked against the reference when first loaded.
      scripts: kept('scripts', () => scriptChecks(reference)).filter((c) => c.exercise === id),
      // Hidden grading adds random conversations; the first ones fast-check will try run with the rest.
      plans:
        mode === 'hidden'
          ? generatedPlans(reference, id as ExerciseId, seed, GENERATED_RUNS, planMemo(seed)).map((p) => ({
              ...p,
              exercise: id,
            }))
          : [],
    };
    built.set(key, b);
  }
  return b;
}

/** The checks of a grade with the suites: transitions, scenarios, scripts and, hidden, conversations. */
export async function suiteChecks(
  mode: 'public' | 'hidden',
  seed: number,
  handedIn: readonly string[],
  wanted: (id: string) => boolean,
): Promise<PendingChecks> {
  if (mode === 'hidden') await drawPlans(seed, GENERATED_RUNS);
  const suite = suiteFor(reference, mode, seed).checks.filter((c) => wanted(c.exercise));
  const allScenarios = handedIn.flatMap((id) => builtFor(mode, seed, id).scenarios);
  const allScripts = handedIn.flatMap((id) => builtFor(mode, seed, id).scripts);
  const allPlans = handedIn.flatMap((id) => builtFor(mode, seed, id).plans);
  const memo: PlanMemo = mode === 'hidden' ? planMemo(seed) : new Map();
  return {
    select: (candidates) => {
      const checks = suite.filter((c) => candidates.has(c.exercise));
      const scenarios = allScenarios.filter((c) => candidates.has(c.exercise));
      const scripts = allScripts.filter((c) => candidates.has(c.exercise));
      const plans = allPlans.filter((p) => candidates.has(p.exercise));
      return {
        jobs: [
          ...checks.map((c): Job => transitionJob(c)),
          ...scenarios.map(
            (c): Job => ({ kind: 'replay', id: c.id, exercise: c.exercise, replay: scenarioReplay(reference, c) }),
          ),
          ...scripts.map((c): Job => c.job),
          ...plans.map((p): Job => ({ kind: 'replay', id: p.id, exercise: p.exercise, replay: p.replay })),
        ],
        judge: async (results, run) => [
          ...notHandedIn(suite, candidates),
          ...(await judgeGenerated(plans, results, run, seed, memo)),
          ...judgeRan({ checks, scenarios, scripts }, results),
        ],
      };
    },
  };
}

type Results = ReadonlyMap<string, JobResult>;

/** Exercises not handed in (or broken) are not run: their checks count as not started. */
function notHandedIn(suite: readonly TransitionCheck[], candidates: ReadonlyMap<string, unknown>): Outcome[] {
  return suite
    .filter((c) => !candidates.has(c.exercise))
    .map((c) => ({
      check: c.id,
      kind: 'transition',
      transition: c.transition,
      exercise: c.exercise,
      passed: false,
      error: NOT_STARTED,
    }));
}

/** The generated conversations' outcomes: from the batch's results, and the runs shrinking a failure makes. */
async function judgeGenerated(
  plans: readonly Built['plans'][number][],
  results: Results,
  run: (jobs: Job[]) => Promise<JobResult[]>,
  seed: number,
  memo: PlanMemo,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const key = (exercise: string, side: string, plan: Plan): string => `${exercise} ${side} ${JSON.stringify(plan)}`;
  const ran = new Map(plans.map((p) => [key(p.exercise, p.side, p.plan), results.get(p.id)]));
  for (const id of new Set(plans.map((p) => p.exercise))) {
    const found = await generatedOutcomes(
      reference,
      id as ExerciseId,
      seed,
      GENERATED_RUNS,
      async (replay, plan, side, jobId) => {
        // A conversation that already ran in the batch is not run again; only the shrinking runs its own.
        const result =
          ran.get(key(id, side, plan)) ?? (await run([{ kind: 'replay', id: jobId, exercise: id, replay }]))[0];
        if (result?.kind === 'replay') return { steps: result.steps, ...(result.error ? { error: result.error } : {}) };
        return { steps: [], error: failure(result) ?? { name: 'crash', message: 'wrong kind of result' } };
      },
      memo,
    );
    for (const o of found) outcomes.push({ ...o, kind: 'scenario' });
  }
  return outcomes;
}

/** The transition checks', scenario checks' and scripts' outcomes from their results. */
function judgeRan(
  ran: { checks: readonly TransitionCheck[]; scenarios: Built['scenarios']; scripts: Built['scripts'] },
  results: Results,
): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const c of ran.checks) outcomes.push(judgeTransition(c, results.get(c.id)));
  for (const c of ran.scenarios) {
    const r = results.get(c.id);
    const steps = r?.kind === 'replay' ? r.steps : [];
    const error = r?.kind === 'replay' ? r.error : failure(r);
    for (const o of judgeScenario(c, steps, error)) outcomes.push({ ...o, kind: 'scenario' });
  }
  for (const c of ran.scripts) {
    const r = results.get(c.id);
    const error =
      failure(r) ?? (r?.kind !== 'transition' ? { name: 'crash', message: 'wrong kind of result' } : undefined);
    outcomes.push(...judgeScript(c, r?.kind === 'transition' ? r.observations : [], error));
  }
  return outcomes;
}
