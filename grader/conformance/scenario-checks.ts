/**
 * Scenario checks: a whole named conversation with the candidate on one side and the reference on
 * the other, compared step by step with the reference on both sides. Steps up to the first
 * divergence pass; the divergent step fails and is charged to the transition the reference took
 * there. An exception in the candidate is a divergence at that step.
 */
import { findEntry, type ExerciseId } from '../engine/catalogue.js';
import type { Modules } from '../engine/modules.js';
import { SCENARIOS, runScenario } from '../sim/scenarios/index.js';
import type { TraceSegment, TraceStep } from '../sim/trace.js';

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
  return `${s.event} in ${s.from} -> ${s.to}; sent ${s.sent.map(seg).join(' | ') || 'nothing'}; notices ${JSON.stringify(s.notices)}`;
}

/** Outcomes, for one exercise's module, of every scenario with that module on each side. */
export function scenarioOutcomes(reference: Modules, candidate: Modules, exercise: ExerciseId, seed = 1): StepOutcome[] {
  const outcomes: StepOutcome[] = [];
  for (const scenario of SCENARIOS) {
    const expected = runScenario(scenario.name, { modules: reference, seed });
    for (const side of ['client', 'server']) {
      const mine = expected.steps.filter((s) => s.side === side);
      if (!mine.some((s) => findEntry(s.transition)?.exercise === exercise)) continue;
      const check = `${scenario.name} (${exercise} as the ${side})`;
      // Steps are collected as they happen, so a run that throws still counts what it did first.
      const actualSteps: TraceStep[] = [];
      let thrown: { name: string; message: string } | undefined;
      try {
        runScenario(scenario.name, {
          modules: reference, seed,
          modulesFor: (h) => (h === side ? candidate : undefined),
          onStep: (s) => { if (s.side === side) actualSteps.push(s); },
        });
      } catch (e) {
        thrown = { name: e instanceof Error ? e.name : typeof e, message: e instanceof Error ? e.message : String(e) };
      }
      for (const [i, want] of mine.entries()) {
        const got = actualSteps[i];
        const entry = findEntry(want.transition);
        const same = got !== undefined && describeStep(got) === describeStep(want) && got.t === want.t;
        if (entry?.exercise === exercise || !same) {
          outcomes.push({
            check, transition: want.transition, exercise: entry?.exercise ?? exercise, passed: same, step: i + 1,
            ...(same ? {} : { expected: `t=${want.t} ${describeStep(want)}`, actual: got ? `t=${got.t} ${describeStep(got)}` : thrown ? `${thrown.name}: ${thrown.message}` : 'no such step' }),
            ...(!same && !got && thrown ? { error: thrown } : {}),
          });
        }
        if (!same) break;
      }
    }
  }
  return outcomes;
}
