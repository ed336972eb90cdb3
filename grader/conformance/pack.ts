/**
 * Public packs: the public checks of one exercise recorded as data (inputs and the reference's
 * answer to every input, and the reference's steps in each scenario), written to
 * exercises/NN-topic/checks.json. A student's `tcplab check` runs them with no reference at hand:
 * every input is compared, and the first divergence is charged to the transition the reference
 * took there, whichever exercise's code it was. (Recording them is ./record-pack.ts, which needs
 * the generator; judging them here needs neither it nor the reference.)
 */
import type { ExerciseId } from '../engine/catalogue.js';
import type { Modules } from '../engine/modules.js';
import { checkDiagram } from './check-diagram.js';
import { compare, describeObservation } from './compare.js';
import { observe, type EngineSetup, type Input, type Observation } from './observe.js';
import type { ScenarioCheck } from './scenario-checks.js';
import type { Outcome } from './score.js';

/** The seed the public checks (and so the packs) are drawn with. */
export const PUBLIC_SEED = 1;

export interface PackCheck {
  id: string;
  transition: string;
  setup: EngineSetup;
  inputs: Input[];
  /** The reference's observation for every input. */
  expected: Observation[];
}

export interface Pack {
  schema: 'tcplab.pack/1';
  exercise: ExerciseId;
  checks: PackCheck[];
  scenarios: ScenarioCheck[];
}

/** Run one recorded check on `modules` and judge it input by input. */
export function judgePackCheck(check: PackCheck, exercise: ExerciseId, modules: Modules): Outcome {
  const observed = observe(check.setup, check.inputs, modules);
  for (const [i, want] of check.expected.entries()) {
    const got = observed[i];
    const diff = got ? compare(want, got) : { field: 'error' as const, expected: '', actual: 'no result' };
    if (!diff) continue;
    const expected = describeObservation(want);
    const actual = got?.error ? `${got.error.name}: ${got.error.message}` : got ? describeObservation(got) : 'no result';
    return {
      check: check.id, kind: 'transition', transition: check.transition, exercise, passed: false, step: i + 1, expected, actual,
      // The inputs up to the one that went wrong, drawn as the hidden grade draws its failures.
      diagram: checkDiagram(check.inputs.slice(0, i + 1), expected, actual),
      ...(got?.error ? { error: got.error } : {}),
    };
  }
  return { check: check.id, kind: 'transition', transition: check.transition, exercise, passed: true, step: check.inputs.length };
}
