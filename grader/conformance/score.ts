/**
 * Scoring: per transition, passed / total over every check that reaches it, times its weight; per
 * exercise the sum of its transitions; overall the sum over the exercises that count. A transition
 * whose every failure is the stub's NotImplemented is "not started", not "failed".
 */
import { CATALOGUE, type ExerciseId } from '../engine/catalogue.js';
import { EXERCISES } from '../engine/exercises.js';
import type { Rubric } from './rubric.js';

export interface Outcome {
  check: string;
  kind: 'transition' | 'scenario';
  transition: string;
  exercise: ExerciseId;
  passed: boolean;
  step?: number;
  expected?: string;
  actual?: string;
  error?: { name: string; message: string };
  /** The check drawn, for reports: Mermaid and plain text (transition checks). */
  diagram?: { mermaid: string; text: string };
  /**
   * The check never reached this transition: an earlier step went wrong, at this rule (charged there).
   * It counts neither for nor against this transition.
   */
  blockedBy?: string;
}

export interface Failure {
  check: string;
  step: number;
  expected: string;
  actual: string;
  /** Mermaid sequence diagram of the failing check, when it can be drawn. */
  mermaid?: string;
  /** The same as plain text lines, for the terminal. */
  sketch?: string;
}

export interface TransitionScore {
  id: string;
  from: string;
  event: string;
  to: string;
  exercise: ExerciseId;
  passed: number;
  total: number;
  score: number;
  maxScore: number;
  /** `blocked`: every check of it went wrong at an earlier step, charged to that step's rule. */
  status: 'passed' | 'failed' | 'not-started' | 'blocked';
  failures: Failure[];
}

/** `in-progress`: some transitions pass and the rest wait for code not written yet; none fails. */
export type ExerciseStatus = 'passed' | 'failed' | 'in-progress' | 'not-started' | 'error';

export interface ExerciseScore {
  id: string;
  score: number;
  maxScore: number;
  status: ExerciseStatus;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
const isStub = (o: Outcome): boolean => o.error?.name === 'NotImplemented';

/** Scores from outcomes; `broken` exercises (static or typecheck errors) score 0 with status 'error'. */
export function score(
  outcomes: readonly Outcome[],
  rubric: Rubric,
  broken: ReadonlySet<string> = new Set(),
): {
  transitions: TransitionScore[];
  exercises: ExerciseScore[];
} {
  const byTransition = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const list = byTransition.get(o.transition) ?? [];
    list.push(o);
    byTransition.set(o.transition, list);
  }
  const transitions: TransitionScore[] = [];
  for (const entry of CATALOGUE) {
    if (!rubric.exercises.has(entry.exercise)) continue;
    const weight = rubric.weights.get(entry.id) ?? entry.weight;
    if (weight === 0) continue; // provided to students ready-made, or switched off by the rubric
    const all = byTransition.get(entry.id) ?? [];
    transitions.push(transitionScore(entry, weight, all, broken.has(entry.exercise)));
  }
  return { transitions, exercises: exerciseScores(transitions, rubric, broken) };
}

type Entry = (typeof CATALOGUE)[number];

/** One transition's score from the outcomes of its checks (those blocked by an earlier step count apart). */
function transitionScore(entry: Entry, weight: number, all: readonly Outcome[], broken: boolean): TransitionScore {
  const list = all.filter((o) => o.blockedBy === undefined);
  const blocked = all.filter((o) => o.blockedBy !== undefined);
  const passed = broken ? 0 : list.filter((o) => o.passed).length;
  const failed = list.filter((o) => !o.passed);
  // No check reached it (an earlier step went wrong in every one): nothing says it fails.
  const status =
    list.length === 0
      ? blocked.length > 0
        ? 'blocked'
        : 'not-started'
      : passed === list.length
        ? 'passed'
        : failed.every(isStub) && passed === 0
          ? 'not-started'
          : 'failed';
  return {
    id: entry.id,
    from: entry.from,
    event: entry.event,
    to: entry.to,
    exercise: entry.exercise,
    passed,
    total: list.length,
    score: list.length === 0 ? 0 : round((weight * passed) / list.length),
    maxScore: weight,
    status,
    failures:
      list.length === 0 && blocked.length > 0
        ? blocked.slice(0, 3).map((o) => ({
            check: o.check,
            step: o.step ?? 1,
            expected: `the check to reach ${entry.id}`,
            actual: `it went wrong before, at step ${o.step ?? 1}, charged to ${o.blockedBy!}`,
          }))
        : failed.slice(0, 3).map((o) => ({
            check: o.check,
            step: o.step ?? 1,
            expected: o.expected ?? '',
            actual: o.actual ?? (o.error ? `${o.error.name}: ${o.error.message}` : ''),
            ...(o.diagram ? { mermaid: o.diagram.mermaid, sketch: o.diagram.text } : {}),
          })),
  };
}

/** Each exercise of the rubric: the sum of its transitions' scores, and its status from theirs. */
function exerciseScores(
  transitions: readonly TransitionScore[],
  rubric: Rubric,
  broken: ReadonlySet<string>,
): ExerciseScore[] {
  const exercises: ExerciseScore[] = [];
  for (const exercise of EXERCISES) {
    if (!rubric.exercises.has(exercise.id as ExerciseId)) continue;
    const mine = transitions.filter((t) => t.exercise === exercise.id);
    if (mine.length === 0) continue;
    const total = round(mine.reduce((a, t) => a + t.score, 0));
    const max = round(mine.reduce((a, t) => a + t.maxScore, 0));
    const status: ExerciseStatus = broken.has(exercise.id)
      ? 'error'
      : mine.every((t) => t.status === 'passed')
        ? 'passed'
        : mine.every((t) => t.status === 'not-started' || t.status === 'blocked')
          ? 'not-started'
          : mine.some((t) => t.status === 'failed')
            ? 'failed'
            : 'in-progress';
    exercises.push({ id: exercise.id, score: total, maxScore: max, status });
  }
  return exercises;
}
