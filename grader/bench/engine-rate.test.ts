/**
 * The bench's engine rate and its ceiling do the same work: per connection, 18 events (the two OPEN
 * calls; SYN, SYN,ACK, ACK; a request and a reply, each a SEND, its segment and the ACK of it; each
 * side's CLOSE, its FIN and the ACK of the FIN; the TIME-WAIT expiry), and every connection closed.
 */
import { describe, expect, it } from 'vitest';
import { bareLoop, engineAgainstCeiling, engineOnly } from './engine-rate.js';

describe('engine rate and its ceiling', () => {
  it('count the same 18 events per connection, and close every connection (both throw otherwise)', () => {
    expect(engineOnly(300, 100).events).toBe(300 * 18);
    expect(bareLoop(300, 100).events).toBe(300 * 18);
  });

  it('are compared round by round on equal work', () => {
    const { engine, ceiling, ratio } = engineAgainstCeiling(2_000, 2);
    expect(engine.events).toBe(ceiling.events);
    expect(ratio).toBeGreaterThan(0);
  });
});
