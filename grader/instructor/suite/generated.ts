/**
 * Generated scenario checks (hidden grading): random conversations from a seed, the candidate on one
 * side and the reference on the other, compared with the reference on both sides. When one diverges,
 * fast-check shrinks it to a minimal conversation that still diverges, and that minimal case is what
 * the report shows. Runs that agree add no outcome: the transition checks already give the credit.
 */
import type { ExerciseId } from '../../engine/catalogue.js';
import { findEntry } from '../../engine/catalogue.js';
import type { Modules } from '../../engine/modules.js';
import { keptAsync } from './kept.js';
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

/** The plans fast-check draws first for each side at `seed`, per seed and number of runs. */
const drawnPlans = new Map<string, Plan[][]>();

/**
 * Draw the plans of `seed` for each side (./plan-search.ts), or read them as an earlier run kept them
 * (./kept.ts): once per process, before generatedPlans or generatedOutcomes is asked for them.
 */
export async function drawPlans(seed: number, runs: number): Promise<void> {
  const key = `${seed} ${runs}`;
  if (drawnPlans.has(key)) return;
  const plans = await keptAsync(`drawn-${seed}-${runs}`, async () => {
    const search = await import('./plan-search.js');
    return SIDES.map((_, i) => search.plansTriedFirst(sideSeed(seed, i), runs));
  });
  drawnPlans.set(key, plans);
}

function drawn(seed: number, runs: number): Plan[][] {
  const plans = drawnPlans.get(`${seed} ${runs}`);
  if (!plans)
    throw new Error(`generated conversations: the plans of seed ${seed} are not drawn (await drawPlans first)`);
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
    const { shrinkDivergence } = await import('./plan-search.js');
    const minimal = await shrinkDivergence(sideSeed(seed, i), runs, async (plan) =>
      (await judge(plan)).every((o) => o.passed),
    );
    if (minimal) {
      for (const o of await judge(minimal.plan)) {
        outcomes.push({
          ...o,
          check: `${o.check}, minimal case after ${minimal.shrinks} shrinks: ${describePlan(minimal.plan)}`,
        });
      }
    }
  }
  return outcomes;
}
