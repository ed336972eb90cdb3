/**
 * Public packs: the public checks of one exercise recorded as data (inputs and the reference's
 * answer to every input, and the reference's steps in each scenario), written to
 * exercises/NN-topic/checks.json. A student's `tcplab check` runs them with no reference at hand:
 * every input is compared, and the first divergence is charged to the transition the reference
 * took there, whichever exercise's code it was. (Recording them is ./record-pack.ts, which needs
 * the generator; judging them here needs neither it nor the reference.)
 */
import { findEntry, type ExerciseId } from '../engine/catalogue.js';
import { checkDiagram } from './check-diagram.js';
import { compare, describeActual, describeObservation } from './compare.js';
import type { EngineSetup, Input, Observation } from './observe.js';
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

/** The first of the exercise's own rules the reference followed at input `i` or after it; else the check's target. */
function chargeTo(check: PackCheck, exercise: ExerciseId, i: number): string {
  for (const want of check.expected.slice(i)) {
    const own = want.rules.find((id) => findEntry(id)?.exercise === exercise);
    if (own) return own;
  }
  return check.transition;
}

/**
 * Judge what the code under test did with a recorded check's inputs (every input ran on it, from
 * CLOSED), input by input. The first input where it does not do what the reference did fails, and is
 * charged to the rule the reference followed there: a check that never reaches its target because an
 * earlier step went wrong counts neither for nor against the target. `failure` is why the run never
 * finished, if it did not (a time limit, a crash). Only the exercise's module runs the code under
 * test, so a step that follows another topic's rule went wrong in the exercise's code that rule
 * called: the failure goes to the exercise's next rule in the check.
 */
export function judgePackCheck(
  check: PackCheck,
  exercise: ExerciseId,
  observed: readonly Observation[],
  failure?: { name: string; message: string },
): Outcome[] {
  for (const [i, want] of check.expected.entries()) {
    const got = observed[i];
    const diff = got ? compare(want, got) : { field: 'error' as const, expected: '', actual: 'no result' };
    if (!diff) continue;
    const expected = describeObservation(want, diff.field === 'tcb');
    const error = got?.error ?? (got ? undefined : failure);
    const actual = error
      ? `${error.name}: ${error.message}`
      : got
        ? describeActual(got, diff.field === 'tcb')
        : 'no result';
    const charged = chargeTo(check, exercise, i);
    const outcome: Outcome = {
      check: check.id,
      kind: 'transition',
      transition: charged,
      exercise,
      passed: false,
      step: i + 1,
      expected,
      actual,
      // The inputs up to the one that went wrong, drawn as the hidden grade draws its failures.
      diagram: checkDiagram(check.inputs.slice(0, i + 1), expected, actual),
      ...(error ? { error } : {}),
    };
    // The target was never reached: it is told so, and scored neither way.
    const blocked: Outcome[] =
      charged === check.transition
        ? []
        : [
            {
              check: check.id,
              kind: 'transition',
              transition: check.transition,
              exercise,
              passed: false,
              step: i + 1,
              blockedBy: charged,
            },
          ];
    return [outcome, ...blocked];
  }
  return [
    {
      check: check.id,
      kind: 'transition',
      transition: check.transition,
      exercise,
      passed: true,
      step: check.inputs.length,
    },
  ];
}
