/**
 * Generated conversations in hidden grading: the plans drawn beforehand are exactly the ones the
 * property then tries (so they can all run in one batch), the reference passes every one, and a
 * divergence is shrunk to a minimal conversation that is charged to the transition it breaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Modules } from '../../engine/modules.js';
import { runJob } from '../../runner/in-process.js';
import type { Plan } from '../../sim/random-plan.js';
import { modules as reference, modulesWith } from '../../../solutions/modules.js';
import * as timeWait from '../../../solutions/05-time-wait/time-wait.js';
import type { Replay } from '../../conformance/replay.js';
import { drawPlans, GENERATED_RUNS, generatedOutcomes, generatedPlans } from './generated.js';

/** Play `plan` with `candidate` on `side`, as the executors do. */
function executeWith(candidate: Modules, tried: [string, Plan][] = []) {
  return async (replay: Replay, plan: Plan, side: 'client' | 'server', id: string) => {
    tried.push([side, plan]);
    const r = runJob({ kind: 'replay', id, exercise: '05-time-wait', replay }, candidate);
    if (r.kind !== 'replay') throw new Error(`unexpected ${r.kind}`);
    return { steps: r.steps, ...(r.error ? { error: r.error } : {}) };
  };
}

describe('generated conversations', () => {
  beforeAll(() => drawPlans(42, GENERATED_RUNS));

  it('asks for its plans to be drawn first, rather than drawing other ones', () => {
    expect(() => generatedPlans(reference, '05-time-wait', 4242, GENERATED_RUNS)).toThrow(
      'the plans of seed 4242 are not drawn (await drawPlans first)',
    );
  });

  it('the plans drawn beforehand are the ones the property tries, in order; the reference passes them all', async () => {
    const plans = generatedPlans(reference, '05-time-wait', 42, GENERATED_RUNS);
    expect(plans.length).toBeGreaterThan(0);
    expect(new Set(plans.map((p) => p.id)).size).toBe(plans.length);
    const tried: [string, Plan][] = [];
    const outcomes = await generatedOutcomes(
      reference,
      '05-time-wait',
      42,
      GENERATED_RUNS,
      executeWith(reference, tried),
    );
    expect(outcomes).toEqual([]);
    expect(tried).toEqual(plans.map((p) => [p.side, p.plan]));
  });

  it('a divergence is shrunk to a minimal conversation and charged to the transition it breaks', async () => {
    const broken = modulesWith({
      timeWait: {
        ...timeWait,
        timeWaitTimeout: () => {
          throw new Error('the 2MSL timer was forgotten');
        },
      },
    });
    const outcomes = await generatedOutcomes(reference, '05-time-wait', 42, GENERATED_RUNS, executeWith(broken));
    const failed = outcomes.filter((o) => !o.passed);
    expect(failed.length).toBeGreaterThan(0);
    for (const o of failed) {
      expect(o.transition).toBe('TIME-WAIT --timeout 2MSL--> CLOSED');
      // Shrinking drops every chunk of data: the timer's expiry needs none.
      expect(o.check).toMatch(/minimal case after \d+ shrinks: .*client sends none, .*server sends none/);
    }
  });
});
