/**
 * The rubric: which exercises count and how much each transition weighs; the default counts every
 * exercise at the catalogue's weights. A rubric file is read by ./rubric-yaml.ts, which only a
 * command given one loads (its YAML parser is a third of what a grade would load).
 */
import { CATALOGUE, type ExerciseId } from '../engine/catalogue.js';

export interface Rubric {
  exercises: ReadonlySet<string>;
  weights: ReadonlyMap<string, number>;
}

export class RubricError extends Error {}

export const IDS = [...new Set(CATALOGUE.map((e) => e.exercise))] as [ExerciseId, ...ExerciseId[]];

export function defaultRubric(): Rubric {
  return { exercises: new Set(IDS), weights: new Map() };
}

/** The most a grade under `rubric` (of one exercise, or all it counts) can score, added up as score.ts adds it. */
export function maxScore(rubric: Rubric, exercise?: string): number {
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  let total = 0;
  for (const id of IDS.filter((x) => rubric.exercises.has(x) && (exercise === undefined || x === exercise))) {
    total += round(
      CATALOGUE.filter((e) => e.exercise === id).reduce((sum, e) => sum + (rubric.weights.get(e.id) ?? e.weight), 0),
    );
  }
  return round(total);
}
