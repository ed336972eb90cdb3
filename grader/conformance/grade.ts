/**
 * One grading run, in-process: prepare the submission (static checks, typecheck), load its modules,
 * run the transition checks and the scenario checks, score, and build the report. Each exercise is
 * graded with the reference for every other topic, so one broken module costs only its own points.
 * In-process runs trust the code (the reference, a student's own machine); grading untrusted
 * submissions goes through the sandbox (grader/runner/sandbox.ts), which runs the same checks.
 */
import { pathToFileURL } from 'node:url';
import type { ExerciseId } from '../engine/catalogue.js';
import { EXERCISES } from '../engine/exercises.js';
import type { Modules } from '../engine/modules.js';
import { makeReport, type Report } from '../report/model.js';
import { cleanup, prepare } from '../runner/submission.js';
import { modules as reference, modulesWith } from '../../solutions/modules.js';
import { compare } from './compare.js';
import { observe } from './observe.js';
import { defaultRubric, type Rubric } from './rubric.js';
import { scenarioOutcomes } from './scenario-checks.js';
import { score, type Outcome } from './score.js';
import { PUBLIC_SEED, suiteFor } from './suite.js';
import type { TransitionCheck } from './generate.js';

export interface GradeOptions {
  mode: 'public' | 'hidden';
  seed: number;
  exercise?: string;
  rubric?: Rubric;
}

/** Candidate modules by exercise id: what the submission provides. */
export type Candidates = Map<string, Modules[keyof Modules]>;

const NOT_STARTED = { name: 'NotImplemented', message: 'not handed in' };

export function describeWire(o: { state: string; sent: { ctl: string; seq: number; ack: number; data: string }[]; notices: unknown[] }): string {
  const sent = o.sent.map((w) => `${w.ctl} seq=${w.seq} ack=${w.ack}${w.data ? ` data=${JSON.stringify(w.data)}` : ''}`).join(' | ') || 'nothing';
  return `state ${o.state}; sent ${sent}; notices ${JSON.stringify(o.notices)}`;
}

/** Outcomes of the transition checks for the exercises in `candidates` (others count as not started). */
export function transitionOutcomes(checks: readonly TransitionCheck[], candidates: Candidates, wanted: (id: string) => boolean): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const check of checks) {
    if (!wanted(check.exercise)) continue;
    const exercise = EXERCISES.find((e) => e.id === check.exercise)!;
    const candidate = candidates.get(check.exercise);
    if (!candidate || !exercise.module) {
      outcomes.push({ check: check.id, kind: 'transition', transition: check.transition, exercise: check.exercise, passed: false, error: NOT_STARTED });
      continue;
    }
    const mine = modulesWith({ [exercise.module]: candidate } as Partial<Modules>);
    const last = check.inputs.length - 1;
    const observed = observe(check.setup, check.inputs, (i) => (i < last ? reference : mine));
    const actual = observed.at(-1)!;
    const diff = observed.length < check.inputs.length ? { field: 'error', expected: '', actual: 'setup failed' } : compare(check.expected, actual);
    outcomes.push({
      check: check.id, kind: 'transition', transition: check.transition, exercise: check.exercise, passed: diff === undefined, step: 1,
      ...(diff ? { expected: describeWire(check.expected), actual: actual.error ? `${actual.error.name}: ${actual.error.message}` : describeWire(actual) } : {}),
      ...(actual.error ? { error: actual.error } : {}),
    });
  }
  return outcomes;
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

export async function grade(dir: string, options: GradeOptions): Promise<Report> {
  const started = performance.now();
  const rubric = options.rubric ?? defaultRubric();
  const wanted = (id: string): boolean => rubric.exercises.has(id) && (!options.exercise || id === options.exercise);
  const prepared = prepare(dir, options.exercise);
  try {
    const candidates = await loadCandidates(
      prepared.exercises.map((p) => ({ exercise: p.exercise.id, copy: p.copy })),
      (exercise, message) => {
        prepared.errors.push({ kind: 'crash', message: `could not load: ${message}`, exercise });
        prepared.broken.add(exercise);
      },
    );
    const suite = suiteFor(reference, options.mode, options.seed);
    const outcomes = transitionOutcomes(suite.checks, candidates, wanted);
    for (const [id, candidate] of candidates) {
      const exercise = EXERCISES.find((e) => e.id === id)!;
      if (!wanted(id) || !exercise.module) continue;
      const mine = modulesWith({ [exercise.module]: candidate } as Partial<Modules>);
      for (const o of scenarioOutcomes(reference, mine, id as ExerciseId, options.seed)) outcomes.push({ ...o, kind: 'scenario' });
    }
    const scoped: Rubric = { ...rubric, exercises: new Set([...rubric.exercises].filter(wanted)) };
    const { transitions, exercises } = score(outcomes, scoped, prepared.broken);
    return makeReport({
      mode: options.mode, seed: options.mode === 'hidden' ? options.seed : PUBLIC_SEED, checks: outcomes.length, transitions, exercises,
      errors: prepared.errors, durationMs: Math.round(performance.now() - started), isolation: 'none',
    });
  } finally {
    cleanup(prepared);
  }
}
