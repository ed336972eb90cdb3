/**
 * Properties over random networks and random applications (fast-check): whatever the loss,
 * duplication and reordering, and whenever the applications send, close or abort,
 * - both ends finish CLOSED (every socket is gone once the timers have run out);
 * - each side receives a prefix of what the other sent, each octet once and in order, and all of
 *   it when neither side saw an error;
 * - every step carries a catalogue id (the engine throws otherwise) that the catalogue knows;
 * - the same seed gives the same trace.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modules } from '../../solutions/modules.js';
import { findEntry } from '../engine/catalogue.js';
import type { Socket } from './host.js';
import { planArbitrary as plan } from '../instructor/suite/plan-arbitrary.js';
import { playPlan, type Plan } from './random-plan.js';

interface Outcome {
  trace: string;
  client: Socket;
  server: Socket | undefined;
  clientSent: string;
  serverSent: string;
  leftover: number;
}

function play(p: Plan): Outcome {
  const run = playPlan(p, modules);
  return { ...run, trace: JSON.stringify(run.net.steps) };
}

const errors = (s: Socket | undefined): boolean =>
  s?.notices.some((n) => n.kind === 'reset' || n.kind === 'refused' || n.kind === 'timed-out') ?? false;

const SEED = Number(process.env['FC_SEED'] ?? 20261124);

describe('random faults and user calls', () => {
  it('both ends finish CLOSED; delivery is in order, exactly once, complete when no error', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const o = play(p);
        expect(o.leftover, 'sockets left open after every timer ran out').toBe(0);
        expect(o.client.state).toBe('CLOSED');
        // Exactly-once, in-order: what arrived is a prefix of what was sent.
        expect(o.serverSent.startsWith(o.client.received)).toBe(true);
        if (o.server) expect(o.clientSent.startsWith(o.server.received)).toBe(true);
        const clean = !errors(o.client) && !errors(o.server) && p.abortBy === 'nobody' && o.server !== undefined;
        if (clean) {
          expect(o.client.received).toBe(o.serverSent);
          expect(o.server!.received).toBe(o.clientSent);
        }
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('every step is labelled with a catalogue entry, and the same seed gives the same trace', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const a = play(p);
        const b = play(p);
        expect(a.trace).toBe(b.trace);
        for (const step of JSON.parse(a.trace) as { transition: string; rules: string[] }[]) {
          expect(findEntry(step.transition)?.id, 'a catalogue entry').toBe(step.transition);
          expect(step.rules.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 100, seed: SEED + 1 },
    );
  });
});
