/** Recording an exercise's public pack (./pack.ts) from the public suite and the named scenarios, run on the reference. */
import type { ExerciseId } from '../engine/catalogue.js';
import type { Modules } from '../engine/modules.js';
import type { TraceStep } from '../sim/trace.js';
import { observe } from './observe.js';
import { PUBLIC_SEED, type Pack } from './pack.js';
import { scenarioChecks } from './scenario-checks.js';
import { suiteFor } from './suite.js';

export function buildPack(reference: Modules, exercise: ExerciseId): Pack {
  const checks = suiteFor(reference, 'public', PUBLIC_SEED).checks
    .filter((c) => c.exercise === exercise)
    .map((c) => ({ id: c.id, transition: c.transition, setup: c.setup, inputs: c.inputs, expected: observe(c.setup, c.inputs, reference) }));
  // Scenario steps keep only what judging compares (and the transition it charges).
  const scenarios = scenarioChecks(reference, exercise, PUBLIC_SEED).map((c) => ({
    ...c,
    expected: c.expected.map((s) => ({ t: s.t, side: s.side, event: s.event, from: s.from, to: s.to, transition: s.transition, sent: s.sent, notices: s.notices, tcb: s.tcb }) as TraceStep),
  }));
  return { schema: 'tcplab.pack/1', exercise, checks, scenarios };
}
