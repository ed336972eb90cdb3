/** Recording an exercise's public pack (./pack.ts) from the public suite and the named scenarios, run on the reference. */
import type { ExerciseId } from '../engine/catalogue.js';
import type { Modules } from '../engine/modules.js';
import type { TraceStep } from '../sim/trace.js';
import { observe } from '../conformance/observe.js';
import { PUBLIC_SEED, type Pack } from '../conformance/pack.js';
import { scenarioChecks } from '../conformance/scenario-checks.js';
import { suiteFor } from './suite/suite.js';

/** A pack as JSON text with one check or scenario per line, so a diff shows which one changed. */
export function formatPack(pack: Pack): string {
  const list = (items: readonly unknown[]): string =>
    items.length === 0 ? '[]' : `[\n${items.map((x) => JSON.stringify(x)).join(',\n')}\n]`;
  return `{"schema":${JSON.stringify(pack.schema)},"exercise":${JSON.stringify(pack.exercise)},\n"checks":${list(pack.checks)},\n"scenarios":${list(pack.scenarios)}}\n`;
}

export function buildPack(reference: Modules, exercise: ExerciseId): Pack {
  const checks = suiteFor(reference, 'public', PUBLIC_SEED)
    .checks.filter((c) => c.exercise === exercise)
    .map((c) => ({
      id: c.id,
      transition: c.transition,
      setup: c.setup,
      inputs: c.inputs,
      expected: observe(c.setup, c.inputs, reference),
    }));
  // Scenario steps keep only what judging compares, the transition, and the rules of a step that
  // follows more than one: a divergence there is charged to the exercise's own rule among them.
  const scenarios = scenarioChecks(reference, exercise, PUBLIC_SEED).map((c) => ({
    ...c,
    expected: c.expected.map(
      (s) =>
        ({
          t: s.t,
          side: s.side,
          event: s.event,
          from: s.from,
          to: s.to,
          transition: s.transition,
          sent: s.sent,
          notices: s.notices,
          ...(s.running ? { running: s.running } : {}),
          ...(s.rules.length > 1 ? { rules: s.rules } : {}),
          tcb: s.tcb,
        }) as TraceStep,
    ),
  }));
  return { schema: 'tcplab.pack/1', exercise, checks, scenarios };
}
