/**
 * Where a divergence is charged. Only the exercise under test runs candidate code, so the fault is
 * in one of its rules; this picks the one nearest to what went wrong:
 * 1. the step's transition, if it is the exercise's;
 * 2. the exercise's own rule among those the reference followed in the step (its code took part:
 *    the ACK processed on the way to the FIN's transition);
 * 3. the rule the candidate followed instead, if it is the exercise's (its code took a rule it
 *    should not have: an acceptable segment judged unacceptable);
 * 4. the exercise's next rule in the conversation (what its code was about to do), else its last one before.
 */
import { findEntry } from '../engine/catalogue.js';

export interface Taken {
  transition?: string | undefined;
  rules?: readonly string[] | undefined;
}

export function chargeTo(exercise: string, steps: readonly Taken[], i: number, got: Taken | undefined): string {
  const isOwn = (id: string | undefined): id is string => id !== undefined && findEntry(id)?.exercise === exercise;
  const here = steps[i]!;
  if (isOwn(here.transition)) return here.transition;
  const ownRule = (s: Taken | undefined): string | undefined => s?.rules?.filter(isOwn).at(-1);
  const among = ownRule(here);
  if (among) return among;
  if (isOwn(got?.transition)) return got.transition;
  const gotRule = ownRule(got);
  if (gotRule) return gotRule;
  const near =
    steps.slice(i).find((s) => isOwn(s.transition)) ??
    steps
      .slice(0, i)
      .reverse()
      .find((s) => isOwn(s.transition));
  return near?.transition ?? here.transition ?? '';
}
