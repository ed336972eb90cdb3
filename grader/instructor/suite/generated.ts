/**
 * Generated scenario checks (hidden grading): random conversations from a seed, the candidate on one
 * side and the reference on the other, compared with the reference on both sides. When one diverges,
 * fast-check shrinks it to a minimal conversation that still diverges, and that minimal case is what
 * the report shows. Runs that agree add no outcome: the transition checks already give the credit.
 */
import fc from 'fast-check';
import type { ExerciseId } from '../../engine/catalogue.js';
import { findEntry } from '../../engine/catalogue.js';
import type { Modules } from '../../engine/modules.js';
import { planArbitrary } from './plan-arbitrary.js';
import { playPlan, type Plan } from '../../sim/random-plan.js';
import type { TraceStep } from '../../sim/trace.js';
import { record, type Played, type Recorded, type Replay } from '../../conformance/replay.js';
import { judgeScenario, type ScenarioCheck, type StepOutcome } from '../../conformance/scenario-checks.js';

type Side = 'client' | 'server';
const SIDES = ['client', 'server'] as const;

/** Plans played on the reference, each side recorded, by plan (a plan's recording never changes). */
export type PlanMemo = Map<string, Map<string, Recorded>>;

/** The reference's side of `plan`: its steps and the inputs that made them, remembered in `memo`. */
function recordedSide(reference: Modules, plan: Plan, side: Side, memo?: PlanMemo): Recorded {
  const key = JSON.stringify(plan);
  let sides = memo?.get(key);
  if (!sides) {
    sides = record((hooks) => playPlan(plan, reference, hooks).net, SIDES);
    memo?.set(key, sides);
  }
  return sides.get(side)!;
}

/** Each side's conversations are drawn from a seed of their own, derived from the grade's. */
const sideSeed = (seed: number, side: number): number => seed * 2 + side;

const reaches = (steps: readonly TraceStep[], exercise: ExerciseId): boolean =>
  steps.some((s) => findEntry(s.transition)?.exercise === exercise);
const checkId = (exercise: ExerciseId, side: Side): string => `generated conversation (${exercise} as the ${side})`;

function describePlan(p: Plan): string {
  const chunks = (c: Plan['clientChunks']): string => c.map((x) => `${x.data.length}B@${x.atMs}ms`).join(' ') || 'none';
  return (
    `${p.profile} profile, seed ${p.seed}, loss ${p.loss}, duplicate ${p.duplicate}, jitter ${p.jitterMs} ms, delay ${p.delayMs} ms; ` +
    `client sends ${chunks(p.clientChunks)}, closes at ${p.clientCloseMs} ms; server sends ${chunks(p.serverChunks)}, closes at ${p.serverCloseMs} ms` +
    (p.abortBy === 'nobody' ? '' : `; the ${p.abortBy} aborts at ${p.abortMs} ms`)
  );
}

/** Random conversations per exercise and side in hidden grading (and in the mutation measurement). */
export const GENERATED_RUNS = 12;

/** The plans fast-check draws first for each side at `seed`, per seed and number of runs: drawn once per process. */
const drawnPlans = new Map<string, Plan[][]>();

function drawn(seed: number, runs: number): Plan[][] {
  const key = `${seed} ${runs}`;
  let plans = drawnPlans.get(key);
  if (!plans) {
    plans = SIDES.map((_, i) => {
      const side: Plan[] = [];
      // A property that always holds sees every plan, in the order a failing one would be met.
      fc.check(
        fc.property(planArbitrary, (plan) => {
          side.push(plan);
          return true;
        }),
        { seed: sideSeed(seed, i), numRuns: runs },
      );
      return side;
    });
    drawnPlans.set(key, plans);
  }
  return plans;
}

/**
 * The conversations `generatedOutcomes` will try first, the same ones in the same order, minus
 * those in which the exercise plays no part. Running these in one batch beforehand leaves only the
 * shrinking, if any, to run one conversation at a time.
 */
export function generatedPlans(
  reference: Modules,
  exercise: ExerciseId,
  seed: number,
  runs: number,
  memo?: PlanMemo,
): { id: string; plan: Plan; side: Side; replay: Replay }[] {
  const plans: { id: string; plan: Plan; side: Side; replay: Replay }[] = [];
  for (const [i, side] of SIDES.entries()) {
    for (const plan of drawn(seed, runs)[i]!) {
      const { expected, replay } = recordedSide(reference, plan, side, memo);
      if (reaches(expected, exercise))
        plans.push({ id: `${checkId(exercise, side)} #${plans.length + 1}`, plan, side, replay });
    }
  }
  return plans;
}

export async function generatedOutcomes(
  reference: Modules,
  exercise: ExerciseId,
  seed: number,
  runs: number,
  /** Play the candidate the inputs its side got (`replay`, from `plan`): its steps, and what it threw if it threw. */
  execute: (replay: Replay, plan: Plan, side: Side, id: string) => Promise<Played>,
  memo?: PlanMemo,
): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const [i, side] of SIDES.entries()) {
    const judge = async (plan: Plan): Promise<StepOutcome[]> => {
      const { expected, replay } = recordedSide(reference, plan, side, memo);
      if (!reaches(expected, exercise)) return [];
      const check: ScenarioCheck = {
        id: checkId(exercise, side),
        exercise,
        scenario: 'generated',
        side,
        seed,
        expected,
      };
      const { steps, error } = await execute(replay, plan, side, check.id);
      return judgeScenario(check, steps, error);
    };
    // The drawn plans first: when all of them agree, fast-check would find nothing to shrink.
    let agrees = true;
    for (const plan of drawn(seed, runs)[i]!) {
      if ((await judge(plan)).every((o) => o.passed)) continue;
      agrees = false;
      break;
    }
    if (agrees) continue;
    const run = await fc.check(
      fc.asyncProperty(planArbitrary, async (plan) => (await judge(plan)).every((o) => o.passed)),
      { seed: sideSeed(seed, i), numRuns: runs },
    );
    if (run.failed && run.counterexample) {
      const [plan] = run.counterexample;
      for (const o of await judge(plan)) {
        outcomes.push({
          ...o,
          check: `${o.check}, minimal case after ${run.numShrinks} shrinks: ${describePlan(plan)}`,
        });
      }
    }
  }
  return outcomes;
}
