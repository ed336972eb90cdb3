/**
 * Test helpers for retransmission: walking an engine through a backoff schedule millisecond by
 * millisecond around each expiry, and checking that a dropped connection left no timer running.
 */
import { expect } from 'vitest';
import type { State } from '../types.js';
import type { Dialogue, SegmentSpec } from './dialogue.js';

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Let every RTO in `rtos` but the last run out, one millisecond at a time around each expiry: nothing
 * before it, exactly one copy of `again` at it, and the next (doubled) RTO after it. Then wait all but
 * one millisecond of the last RTO. `userAt` is the user timer's deadline (absolute), which the
 * retransmissions must not move, or undefined if it must not run. The caller checks the give-up.
 */
export function backoff(
  d: Dialogue,
  state: State,
  again: SegmentSpec,
  rtos: readonly number[],
  userAt: number | undefined,
): Dialogue {
  const userLeft = (): number | undefined => (userAt === undefined ? undefined : userAt - d.now);
  for (let i = 0; i < rtos.length - 1; i++) {
    const rto = rtos[i]!;
    d.expectTimer('retransmission', rto);
    d.advance(rto - 1)
      .expectNothingSent()
      .expectState(state)
      .expectNotices([]);
    d.advance(1)
      .expectState(state)
      .expectSent([again])
      .expectNotices([])
      .expectTransition(`${state} --timeout retransmission--> ${state}`)
      .expectTimer('retransmission', rtos[i + 1]!)
      .expectTimer('user-timeout', userLeft());
  }
  const last = rtos[rtos.length - 1]!;
  d.expectTimer('retransmission', last);
  return d
    .advance(last - 1)
    .expectNothingSent()
    .expectState(state)
    .expectNotices([]);
}

/** After a give-up or a user timeout nothing of the connection is left running. */
export function expectNoTimers(d: Dialogue): Dialogue {
  return d
    .expectTimer('retransmission', undefined)
    .expectTimer('user-timeout', undefined)
    .expectTimer('delayed-ack', undefined)
    .expectTimer('time-wait', undefined)
    .expectTimer('fin-wait-2', undefined)
    .expectTimer('keepalive', undefined);
}

/** The give-up came at the documented moment, which is also where the hand-written schedule ends. */
export function expectAt(d: Dialogue, scheduleSum: number, documented: number): void {
  expect(scheduleSum, 'the RTO schedule adds up to the documented total').toBe(documented);
  expect(d.now, 'the moment of the give-up').toBe(documented);
}
