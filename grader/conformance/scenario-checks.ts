/**
 * Scenario checks: a whole named conversation with the candidate on one side and the reference on
 * the other, compared step by step with the reference on both sides. Steps up to the first
 * divergence pass; the divergent step fails and is charged to the transition the reference took
 * there. An exception in the candidate is a divergence at that step.
 */
import { findEntry, type ExerciseId } from '../engine/catalogue.js';
import type { Modules } from '../engine/modules.js';
import { SCENARIOS, runScenario } from '../sim/scenarios/index.js';
import type { Trace, TraceSegment, TraceStep } from '../sim/trace.js';

export interface ScenarioCheck {
  id: string;
  exercise: ExerciseId;
  scenario: string;
  side: 'client' | 'server';
  seed: number;
  /** The reference's steps on that side. */
  expected: TraceStep[];
}

export interface StepOutcome {
  check: string;
  transition: string;
  exercise: ExerciseId;
  passed: boolean;
  step: number;
  expected?: string;
  actual?: string;
  error?: { name: string; message: string };
}

const seg = (g: TraceSegment): string => `${g.flags.join(',')} seq=${g.seq} ack=${g.ack}${g.data ? ` data=${JSON.stringify(g.data)}` : ''}${g.dropped ? ' (lost)' : ''}`;

function describeStep(s: TraceStep): string {
  return `t=${s.t} ${s.event} in ${s.from} -> ${s.to}; sent ${s.sent.map(seg).join(' | ') || 'nothing'}; notices ${JSON.stringify(s.notices)}`;
}

/** The reference's trace of each scenario, per seed: the same for every exercise graded. */
const referenceTraces = new WeakMap<Modules, Map<string, Trace>>();

function referenceTrace(reference: Modules, name: string, seed: number): Trace {
  let traces = referenceTraces.get(reference);
  if (!traces) referenceTraces.set(reference, (traces = new Map()));
  const key = `${name}@${seed}`;
  let trace = traces.get(key);
  if (!trace) traces.set(key, (trace = runScenario(name, { modules: reference, seed })));
  return trace;
}

/** The scenario checks for one exercise: every scenario and side where the reference uses its rules. */
export function scenarioChecks(reference: Modules, exercise: ExerciseId, seed = 1): ScenarioCheck[] {
  const checks: ScenarioCheck[] = [];
  for (const scenario of SCENARIOS) {
    const trace = referenceTrace(reference, scenario.name, seed);
    for (const side of ['client', 'server'] as const) {
      const expected = trace.steps.filter((s) => s.side === side);
      if (!expected.some((s) => findEntry(s.transition)?.exercise === exercise)) continue;
      checks.push({ id: `${scenario.name} (${exercise} as the ${side})`, exercise, scenario: scenario.name, side, seed, expected });
    }
  }
  return checks;
}

/**
 * The transition a divergence at step i is charged to: only the exercise under test runs candidate
 * code, so the fault is its own. The step's transition if it is the exercise's, else the exercise's
 * next rule in the conversation (what its code was about to do), else its last one before.
 */
function chargeTo(check: ScenarioCheck, i: number): string {
  const own = (s: TraceStep | undefined): boolean => s !== undefined && findEntry(s.transition)?.exercise === check.exercise;
  if (own(check.expected[i])) return check.expected[i]!.transition;
  const next = check.expected.slice(i).find(own) ?? check.expected.slice(0, i).reverse().find(own);
  return next?.transition ?? check.expected[i]!.transition;
}

/** Compare the candidate's steps with the reference's, up to the first divergence. */
export function judgeScenario(check: ScenarioCheck, actual: readonly TraceStep[], error?: { name: string; message: string }): StepOutcome[] {
  const outcomes: StepOutcome[] = [];
  for (const [i, want] of check.expected.entries()) {
    const got = actual[i];
    const entry = findEntry(want.transition);
    const same = got !== undefined && describeStep(got) === describeStep(want);
    if (entry?.exercise === check.exercise || !same) {
      outcomes.push({
        check: check.id, transition: same ? want.transition : chargeTo(check, i), exercise: check.exercise, passed: same, step: i + 1,
        ...(same ? {} : {
          expected: describeStep(want),
          actual: got ? describeStep(got) : error ? `${error.name}: ${error.message}` : 'no such step (the conversation ended earlier)',
        }),
        ...(!same && !got && error ? { error } : {}),
      });
    }
    if (!same) break;
  }
  return outcomes;
}
