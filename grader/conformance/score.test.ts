/**
 * An exercise's status from its transitions: passed when all pass, not started when none has code,
 * in progress when some pass and the rest wait for code not written yet, failed as soon as one fails,
 * error when it could not be graded.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE, type ExerciseId } from '../engine/catalogue.js';
import { defaultRubric } from './rubric.js';
import { score, type Outcome } from './score.js';

const EXERCISE: ExerciseId = '05-time-wait';
const ids = CATALOGUE.filter((e) => e.exercise === EXERCISE && e.weight > 0).map((e) => e.id);
const STUB = { name: 'NotImplemented', message: "05-time-wait: 'checkAck' is not implemented yet" };

/** One check per transition of exercise 05: `how` says, by index, whether it passed, failed or hit a stub. */
function statusWith(how: ('pass' | 'fail' | 'stub')[], broken = new Set<string>()): string | undefined {
  const outcomes: Outcome[] = ids.map((transition, i) => ({
    check: `c${i}`,
    kind: 'transition',
    transition,
    exercise: EXERCISE,
    passed: how[i] === 'pass',
    ...(how[i] === 'stub' ? { error: STUB } : {}),
  }));
  return score(outcomes, defaultRubric(), broken).exercises.find((e) => e.id === EXERCISE)?.status;
}

describe('exercise status', () => {
  it('is passed, not started, in progress, failed or error, from its transitions', () => {
    expect(ids.length).toBe(6);
    expect(statusWith(['pass', 'pass', 'pass', 'pass', 'pass', 'pass'])).toBe('passed');
    expect(statusWith(['stub', 'stub', 'stub', 'stub', 'stub', 'stub'])).toBe('not-started');
    expect(statusWith(['pass', 'stub', 'stub', 'pass', 'stub', 'pass'])).toBe('in-progress');
    expect(statusWith(['pass', 'stub', 'fail', 'pass', 'pass', 'pass'])).toBe('failed');
    expect(statusWith(['pass', 'pass', 'pass', 'pass', 'pass', 'pass'], new Set([EXERCISE]))).toBe('error');
  });
});

describe('a transition no check reached', () => {
  it('is blocked when its checks went wrong earlier: counted neither way, and said where', () => {
    const [first, second] = ids as [string, string];
    const outcomes: Outcome[] = [
      {
        check: 'c1',
        kind: 'transition',
        transition: first,
        exercise: EXERCISE,
        passed: false,
        step: 2,
        expected: 'x',
        actual: 'y',
      },
      {
        check: 'c1',
        kind: 'transition',
        transition: second,
        exercise: EXERCISE,
        passed: false,
        step: 2,
        blockedBy: first,
      },
    ];
    const { transitions } = score(outcomes, defaultRubric());
    const blocked = transitions.find((t) => t.id === second)!;
    expect(blocked).toMatchObject({ status: 'blocked', passed: 0, total: 0, score: 0 });
    expect(blocked.failures[0]?.actual).toBe(`it went wrong before, at step 2, charged to ${first}`);
    expect(transitions.find((t) => t.id === first)).toMatchObject({ status: 'failed', passed: 0, total: 1 });
  });
});
