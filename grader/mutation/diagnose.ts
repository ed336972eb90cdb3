import { compare } from '../conformance/compare.js';
import type { Modules } from '../engine/modules.js';
import type { TransitionCheck } from '../instructor/suite/generate.js';
import { runJob } from '../runner/in-process.js';
import { modulesWith } from '../../solutions/modules.js';
import { budgeted, type ModuleOf } from './judge.js';

/**
 * Where a survivor could be seen, from two cheap extra runs (not part of the score): its own
 * transition checks with every input on the mutant (a difference in state that only a later input
 * shows), and the other exercises' transition checks with the mutant in place (a difference that
 * only steps named for another exercise's transition show).
 */
export function diagnose(
  key: keyof Modules,
  module: ModuleOf,
  exercise: string,
  transitions: readonly TransitionCheck[],
): string {
  const meter = { calls: 0 };
  const modules = modulesWith({ [key]: budgeted(module, meter) } as Partial<Modules>);
  // fromClosed: every input on the mutant, not only the last one from the reference's fixture.
  const fails = (c: TransitionCheck, fromClosed = false): boolean => {
    meter.calls = 0;
    try {
      const inputs = fromClosed ? c.inputs : c.inputs.slice(-1);
      const result = runJob(
        {
          kind: 'transition',
          id: c.id,
          exercise: c.exercise,
          setup: c.setup,
          ...(fromClosed ? {} : { start: c.start }),
          inputs,
        },
        modules,
      );
      if (result.kind !== 'transition') return true;
      const last = result.observations.at(-1);
      return result.observations.length < inputs.length || !last || compare(c.expected, last) !== undefined;
    } catch {
      return true;
    }
  };
  const hidden = transitions.find((c) => c.exercise === exercise && fails(c, true));
  if (hidden)
    return `seen when the mutant also runs the setup inputs: ${hidden.id} (${hidden.transition}; ${hidden.fixture})`;
  const other = transitions.find((c) => c.exercise !== exercise && fails(c));
  if (other) return `seen only in another exercise's checks: ${other.id} (${other.transition}, ${other.exercise})`;
  return "seen by none of the suite's transition checks, even with the setup inputs on the mutant or in another exercise's checks";
}
