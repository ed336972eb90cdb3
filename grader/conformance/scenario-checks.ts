/**
 * Scenario checks: a whole named conversation with the candidate on one side, compared step by step
 * with the reference on both sides. The candidate's side is a replay (./replay.ts) of the inputs the
 * reference's side got, which is the same conversation up to the first divergence. Steps up to the first
 * divergence pass; the divergent step fails and is charged to the transition the reference took
 * there. An exception in the candidate is a divergence at that step.
 */
import { findEntry, type ExerciseId } from '../engine/catalogue.js';
import { describeRfcVars } from '../engine/tcb.js';
import type { Modules } from '../engine/modules.js';
import { SCENARIOS, runScenario } from '../sim/scenarios/index.js';
import type { TraceSegment, TraceStep } from '../sim/trace.js';
import { chargeTo } from './charge.js';
import { sameRfcVars, sameTimers } from './compare.js';
import { record, type PlayedStep, type Recorded, type Replay } from './replay.js';

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

const seg = (g: TraceSegment, lost: boolean): string =>
  `${g.flags.join(',')} seq=${g.seq}${g.flags.includes('ACK') ? ` ack=${g.ack}` : ''}${g.data ? ` data=${JSON.stringify(g.data)}` : ''}${lost && g.dropped ? ' (lost)' : ''}`;

/**
 * A step in words; with `lost`, the segments the network lost are marked (the code under test cannot
 * know); with `tcb`, the TCB variables after it.
 */
function describeStep(s: PlayedStep, lost = true, tcb = false, timers = false): string {
  return `t=${s.t} ${s.event} in ${s.from} -> ${s.to}; sent ${s.sent.map((g) => seg(g, lost)).join(' | ') || 'nothing'}; notices ${JSON.stringify(s.notices)}${
    timers && s.running ? `; timers ${s.running.map(([name, at]) => `${name} at ${at} ms`).join(', ') || 'none'}` : ''
  }${tcb && s.tcb ? `; ${describeRfcVars(s.tcb)}` : ''}`;
}

const sameRunning = (got: PlayedStep, want: PlayedStep): boolean =>
  !want.running || sameTimers(got.running ?? [], want.running);
const sameTcb = (got: PlayedStep, want: PlayedStep): boolean => !want.tcb || sameRfcVars(want.tcb, got.tcb);

/** The same segment as describeStep tells it, lost or not: compared field by field, not as text (a grade compares many). */
const sameSegment = (a: TraceSegment, b: TraceSegment): boolean =>
  a.seq === b.seq &&
  a.flags.join(',') === b.flags.join(',') &&
  (!a.flags.includes('ACK') || a.ack === b.ack) &&
  (a.data || '') === (b.data || '');

/** Whether two steps read the same in describeStep's words, lost segments unmarked. */
const sameWords = (got: PlayedStep, want: PlayedStep): boolean =>
  got.t === want.t &&
  got.event === want.event &&
  got.from === want.from &&
  got.to === want.to &&
  got.sent.length === want.sent.length &&
  got.sent.every((g, i) => sameSegment(g, want.sent[i]!)) &&
  JSON.stringify(got.notices) === JSON.stringify(want.notices);

/** Whether the code under test took the step the reference took (the timers and the TCB too, where they were recorded). */
function sameStep(got: PlayedStep, want: PlayedStep): boolean {
  return sameWords(got, want) && sameRunning(got, want) && sameTcb(got, want);
}

/** Each scenario played once on the reference, every side recorded, per seed: the same for every exercise graded. */
const recordings = new WeakMap<Modules, Map<string, Map<string, Recorded>>>();

function recorded(reference: Modules, name: string, seed: number): Map<string, Recorded> {
  let bySeed = recordings.get(reference);
  if (!bySeed) recordings.set(reference, (bySeed = new Map()));
  const key = `${name}@${seed}`;
  let sides = bySeed.get(key);
  if (!sides)
    bySeed.set(
      key,
      (sides = record((hooks) => runScenario(name, { modules: reference, seed, ...hooks }), ['client', 'server'])),
    );
  return sides;
}

/** Every scenario played on the reference at `seed`, each side recorded: what a grade may keep between runs. */
export function allRecordings(reference: Modules, seed: number): Map<string, Map<string, Recorded>> {
  return new Map(SCENARIOS.map((s) => [s.name, recorded(reference, s.name, seed)]));
}

/** Recordings kept from an earlier run of the same code (allRecordings'), used as if just played. */
export function useRecordings(reference: Modules, seed: number, kept: Map<string, Map<string, Recorded>>): void {
  let bySeed = recordings.get(reference);
  if (!bySeed) recordings.set(reference, (bySeed = new Map()));
  for (const [name, sides] of kept) bySeed.set(`${name}@${seed}`, sides);
}

/** The inputs one side of a scenario got on the reference: what the code under test is played. */
export function scenarioReplay(reference: Modules, check: Pick<ScenarioCheck, 'scenario' | 'seed' | 'side'>): Replay {
  const side = recorded(reference, check.scenario, check.seed).get(check.side);
  if (!side) throw new Error(`scenario '${check.scenario}' has no ${check.side}`);
  return side.replay;
}

/** The scenario checks for one exercise: every scenario and side where the reference uses its rules. */
export function scenarioChecks(reference: Modules, exercise: ExerciseId, seed = 1): ScenarioCheck[] {
  const checks: ScenarioCheck[] = [];
  for (const scenario of SCENARIOS) {
    const sides = recorded(reference, scenario.name, seed);
    for (const side of ['client', 'server'] as const) {
      const expected = sides.get(side)?.expected ?? [];
      if (!expected.some((s) => findEntry(s.transition)?.exercise === exercise)) continue;
      checks.push({
        id: `${scenario.name} (${exercise} as the ${side})`,
        exercise,
        scenario: scenario.name,
        side,
        seed,
        expected,
      });
    }
  }
  return checks;
}

/** Compare the candidate's steps with the reference's, up to the first divergence. */
export function judgeScenario(
  check: ScenarioCheck,
  actual: readonly PlayedStep[],
  error?: { name: string; message: string },
): StepOutcome[] {
  const outcomes: StepOutcome[] = [];
  for (const [i, want] of check.expected.entries()) {
    const got = actual[i];
    const entry = findEntry(want.transition);
    const same = got !== undefined && sameStep(got, want);
    // Timers and the TCB are shown only when they are what differs.
    const hidden = got !== undefined && !same && sameWords(got, want);
    const timers = hidden && !sameRunning(got, want);
    const tcb = hidden && !sameTcb(got, want);
    if (entry?.exercise === check.exercise || !same) {
      outcomes.push({
        check: check.id,
        transition: same ? want.transition : chargeTo(check.exercise, check.expected, i, got),
        exercise: check.exercise,
        passed: same,
        step: i + 1,
        ...(same
          ? {}
          : {
              expected: describeStep(want, true, tcb, timers),
              actual: got
                ? `${describeStep(got, true, tcb, timers)}${got.handler ? ` (handled by ${got.handler})` : ''}`
                : error
                  ? `${error.name}: ${error.message}`
                  : 'no such step (the conversation ended earlier)',
            }),
        ...(!same && !got && error ? { error } : {}),
      });
    }
    if (!same) break;
  }
  return outcomes;
}
