/**
 * One grading run: read the submission, inspect it (static checks, typecheck) in a process of its
 * own, load its modules, run the transition, scenario, script and generated checks, score, and build
 * the report. Each exercise is
 * graded with the reference for every other topic, so one broken module costs only its own points.
 * In-process runs trust the code (the reference, a student's own machine); grading untrusted
 * submissions goes through the sandbox (grader/runner/sandbox.ts), which runs the same checks.
 */
import { pathToFileURL } from 'node:url';
import type { ExerciseId } from '../engine/catalogue.js';
import { EXERCISES } from '../engine/exercises.js';
import type { Modules } from '../engine/modules.js';
import { makeReport, type Report } from '../report/model.js';
import { KIT, cleanup, prepare, type PrepError, type Prepared } from '../runner/submission.js';
import { inspect } from '../runner/inspect/index.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modules as reference, modulesWith } from '../../solutions/modules.js';
import { compare, describeObservation } from '../conformance/compare.js';
import { defaultRubric, type Rubric } from '../conformance/rubric.js';
import { GENERATED_RUNS, generatedOutcomes, generatedPlans } from '../conformance/generated.js';
import type { Plan } from '../sim/random-plan.js';
import type { TraceStep } from '../sim/trace.js';
import { checkDiagram } from '../conformance/check-diagram.js';
import { judgePackCheck, type Pack } from '../conformance/pack.js';
import { judgeScript, scriptChecks } from '../conformance/script/index.js';
import { judgeScenario, scenarioChecks } from '../conformance/scenario-checks.js';
import { inProcessExecutor } from '../runner/in-process.js';
import type { Executor, Job, JobResult } from '../runner/jobs.js';
import { score, type Outcome } from '../conformance/score.js';
import { PUBLIC_SEED, suiteFor } from '../conformance/suite.js';
import type { TransitionCheck } from '../conformance/generate.js';

export interface GradeOptions {
  mode: 'public' | 'hidden';
  seed: number;
  exercise?: string;
  rubric?: Rubric;
  /** Use the recorded public packs in exercises/NN/checks.json (what `tcplab check` does). */
  packs?: boolean;
  /** How to run the submission's code; in-process (trusted) unless given. */
  executor?: (candidates: Candidates, prepared: Prepared) => Executor;
  /** Get the executor ready while the submission is inspected (start its processes); returns what undoes it. */
  warm?: (prepared: Prepared) => () => Promise<void>;
}

/** Candidate modules by exercise id: what the submission provides. */
export type Candidates = Map<string, Modules[keyof Modules]>;

const NOT_STARTED = { name: 'NotImplemented', message: 'not handed in' };

/** Judge a transition check's result against the reference's answer. */
export function judgeTransition(check: TransitionCheck, result: JobResult | undefined): Outcome {
  const base = { check: check.id, kind: 'transition' as const, transition: check.transition, exercise: check.exercise, step: 1 };
  if (!result || result.kind === 'failed') {
    const message = result?.kind === 'failed' ? `${result.reason}: ${result.message}` : 'no result';
    return { ...base, passed: false, expected: describeObservation(check.expected), actual: message, error: { name: result?.kind === 'failed' ? result.reason : 'crash', message } };
  }
  if (result.kind !== 'transition') return { ...base, passed: false, actual: 'wrong kind of result' };
  const actual = result.observations.at(-1);
  if (!actual || result.observations.length < check.inputs.length) {
    return { ...base, passed: false, expected: describeObservation(check.expected), actual: actual?.error ? `${actual.error.name}: ${actual.error.message}` : 'setup failed' };
  }
  const diff = compare(check.expected, actual);
  const expected = describeObservation(check.expected);
  const got = actual.error ? `${actual.error.name}: ${actual.error.message}` : describeObservation(actual);
  return {
    ...base, passed: diff === undefined,
    ...(diff ? { expected, actual: got, diagram: checkDiagram(check.inputs, expected, got) } : {}),
    ...(actual.error ? { error: actual.error } : {}),
  };
}

/** Import the prepared copies; a module that fails to load breaks only its exercise. */
export async function loadCandidates(copies: { exercise: string; copy: string }[], onError: (exercise: string, message: string) => void): Promise<Candidates> {
  const candidates: Candidates = new Map();
  for (const { exercise, copy } of copies) {
    try {
      candidates.set(exercise, (await import(pathToFileURL(copy).href)) as Modules[keyof Modules]);
    } catch (e) {
      onError(exercise, e instanceof Error ? e.message : String(e));
    }
  }
  return candidates;
}

/** The recorded public packs of the exercises wanted (shipped in the kit's exercises/ folders). */
function loadPacks(wanted: (id: string) => boolean): Pack[] {
  return EXERCISES.filter((e) => e.module && wanted(e.id)).map((e) => {
    const file = join(KIT, 'exercises', e.id, 'checks.json');
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run sync-exercises`);
    return JSON.parse(readFileSync(file, 'utf8')) as Pack;
  });
}

export async function grade(dir: string, options: GradeOptions): Promise<Report> {
  const started = performance.now();
  const rubric = options.rubric ?? defaultRubric();
  const makeExecutor = options.executor ?? ((candidates: Candidates) =>
    inProcessExecutor(reference, (id) => {
      const exercise = EXERCISES.find((e) => e.id === id);
      const candidate = candidates.get(id);
      return exercise?.module && candidate ? modulesWith({ [exercise.module]: candidate } as Partial<Modules>) : undefined;
    }));
  const wanted = (id: string): boolean => rubric.exercises.has(id) && (!options.exercise || id === options.exercise);
  const prepared = prepare(dir, options.exercise);
  // The inspector checks the code in a process of its own while the checks are built: nothing of
  // the submission runs before its static verdict; the type errors are applied at the end.
  const inspection = inspect(prepared);
  await inspection.started;
  const cool = options.warm?.(prepared);
  const typeErrors = inspection.types.catch((e: unknown): PrepError[] => [{ kind: 'crash', message: `the typecheck failed: ${e instanceof Error ? e.message : String(e)}` }]);
  let isolation = 'none';
  try {
    if (options.packs && options.executor) throw new Error('the recorded packs run in-process only (tcplab check)');
    const handedIn = prepared.exercises.map((p) => p.exercise.id).filter(wanted);
    const packs = options.packs ? loadPacks(wanted) : undefined;
    const suite = packs ? [] : suiteFor(reference, options.mode, options.seed).checks.filter((c) => wanted(c.exercise));
    const allScenarios = packs
      ? packs.flatMap((p) => (handedIn.includes(p.exercise) ? p.scenarios : []))
      : handedIn.flatMap((id) => scenarioChecks(reference, id as ExerciseId, options.seed));
    // Hand-written scripts (grader/conformance/packs/scripts), checked against the reference on load.
    const allScripts = packs ? [] : handedIn.flatMap((id) => scriptChecks(reference, id as ExerciseId));
    // Hidden grading adds random conversations; the first ones fast-check will try run with the rest.
    const memo = new Map<string, TraceStep[]>();
    const allPlans = options.mode === 'hidden' && !packs
      ? handedIn.flatMap((id) => generatedPlans(reference, id as ExerciseId, options.seed, GENERATED_RUNS, memo).map((p) => ({ ...p, exercise: id })))
      : [];

    await inspection.checked;
    // With an executor (the sandbox) the grader never imports the submission: the child loads it,
    // so even top-level code in it runs only there. The map then only says who handed in what.
    const candidates: Candidates = options.executor
      ? new Map(prepared.exercises.map((p) => [p.exercise.id, {} as Modules[keyof Modules]]))
      : await loadCandidates(
      prepared.exercises.map((p) => ({ exercise: p.exercise.id, copy: p.source })),
      (exercise, message) => {
        prepared.errors.push({ kind: 'crash', message: `could not load: ${message}`, exercise });
        prepared.broken.add(exercise);
      },
    );
    const outcomes: Outcome[] = [];
    const checks = suite;
    const scenarios = allScenarios.filter((c) => candidates.has(c.exercise));
    const scripts = allScripts.filter((c) => candidates.has(c.exercise));
    const plans = allPlans.filter((p) => candidates.has(p.exercise));
    for (const pack of packs ?? []) {
      const candidate = candidates.get(pack.exercise);
      const exercise = EXERCISES.find((e) => e.id === pack.exercise)!;
      for (const c of pack.checks) {
        outcomes.push(candidate && exercise.module
          ? judgePackCheck(c, pack.exercise, modulesWith({ [exercise.module]: candidate } as Partial<Modules>))
          : { check: c.id, kind: 'transition', transition: c.transition, exercise: pack.exercise, passed: false, error: NOT_STARTED });
      }
    }
    // Exercises not handed in (or broken) are not run: their checks count as not started.
    for (const c of checks.filter((c) => !candidates.has(c.exercise))) {
      outcomes.push({ check: c.id, kind: 'transition', transition: c.transition, exercise: c.exercise, passed: false, error: NOT_STARTED });
    }
    const jobs: Job[] = [
      ...checks.filter((c) => candidates.has(c.exercise)).map((c): Job => ({ kind: 'transition', id: c.id, exercise: c.exercise, setup: c.setup, inputs: c.inputs })),
      ...scenarios.map((c): Job => ({ kind: 'scenario', id: c.id, exercise: c.exercise, scenario: c.scenario, side: c.side, seed: c.seed })),
      ...scripts.map((c): Job => c.job),
      ...plans.map((p): Job => ({ kind: 'generated', id: p.id, exercise: p.exercise, plan: p.plan, side: p.side })),
    ];
    const executor = makeExecutor(candidates, prepared);
    let results: JobResult[];
    const generated: Outcome[] = [];
    try {
      results = await executor.run(jobs);
      const key = (exercise: string, side: string, plan: Plan): string => `${exercise} ${side} ${JSON.stringify(plan)}`;
      const ran = new Map(plans.map((p, i) => [key(p.exercise, p.side, p.plan), results[jobs.length - plans.length + i]]));
      for (const id of new Set(plans.map((p) => p.exercise))) {
        const found = await generatedOutcomes(reference, id as ExerciseId, options.seed, GENERATED_RUNS, async (plan, side, jobId) => {
          // A conversation that already ran in the batch is not run again; only the shrinking runs its own.
          const result = ran.get(key(id, side, plan)) ?? (await executor.run([{ kind: 'generated', id: jobId, exercise: id, plan, side }]))[0];
          if (result?.kind === 'scenario') return { steps: result.steps, ...(result.error ? { error: result.error } : {}) };
          return { steps: [], error: result?.kind === 'failed' ? { name: result.reason, message: result.message } : { name: 'crash', message: 'no result' } };
        }, memo);
        for (const o of found) generated.push({ ...o, kind: 'scenario' });
      }
    } finally {
      await executor.close();
    }
    outcomes.push(...generated);
    const byId = new Map(results.map((r) => [r.id, r]));
    for (const c of checks.filter((c) => candidates.has(c.exercise))) outcomes.push(judgeTransition(c, byId.get(c.id)));
    for (const c of scenarios) {
      const r = byId.get(c.id);
      const steps = r?.kind === 'scenario' ? r.steps : [];
      const error = r?.kind === 'scenario' ? r.error : r?.kind === 'failed' ? { name: r.reason, message: r.message } : undefined;
      for (const o of judgeScenario(c, steps, error)) outcomes.push({ ...o, kind: 'scenario' });
    }
    for (const c of scripts) {
      const r = byId.get(c.id);
      const error = r?.kind === 'failed' ? { name: r.reason, message: r.message }
        : r === undefined ? { name: 'crash', message: 'no result' }
          : r.kind !== 'transition' ? { name: 'crash', message: 'wrong kind of result' } : undefined;
      outcomes.push(...judgeScript(c, r?.kind === 'transition' ? r.observations : [], error));
    }
    isolation = executor.isolation;
    for (const error of await typeErrors) {
      prepared.errors.push(error);
      if (error.exercise) prepared.broken.add(error.exercise);
    }
    const scoped: Rubric = { ...rubric, exercises: new Set([...rubric.exercises].filter(wanted)) };
    const { transitions, exercises } = score(outcomes, scoped, prepared.broken);
    return makeReport({
      mode: options.mode, seed: options.mode === 'hidden' ? options.seed : PUBLIC_SEED, checks: outcomes.length, transitions, exercises,
      errors: prepared.errors, durationMs: Math.round(performance.now() - started), isolation,
    });
  } finally {
    inspection.stop();
    await cool?.();
    cleanup(prepared);
  }
}
