/**
 * What fast-check does for the generated conversations (./generated.ts): draw the plans a seed tries
 * first, and shrink one that diverges to a minimal case. Loaded only when plans are drawn for a seed
 * none kept, or a conversation diverged: a grade of working code reads its plans from the cache and
 * never loads fast-check.
 */
import fc from 'fast-check';
import type { Plan } from '../../sim/random-plan.js';
import { planArbitrary } from './plan-arbitrary.js';

/** The plans fast-check tries first at `seed`, in its order: a property that always holds sees every one. */
export function plansTriedFirst(seed: number, runs: number): Plan[] {
  const plans: Plan[] = [];
  fc.check(
    fc.property(planArbitrary, (plan) => {
      plans.push(plan);
      return true;
    }),
    { seed, numRuns: runs },
  );
  return plans;
}

/** The minimal plan that still fails `agrees`, and how many shrinks it took; undefined when none fails. */
export async function shrinkDivergence(
  seed: number,
  runs: number,
  agrees: (plan: Plan) => Promise<boolean>,
): Promise<{ plan: Plan; shrinks: number } | undefined> {
  const run = await fc.check(fc.asyncProperty(planArbitrary, agrees), { seed, numRuns: runs });
  return run.failed && run.counterexample ? { plan: run.counterexample[0], shrinks: run.numShrinks } : undefined;
}
