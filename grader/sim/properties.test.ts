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
import { makeConfig } from '../engine/config.js';
import type { Socket } from './host.js';
import { Network } from './network.js';
import { CLIENT_ADDR, SERVER, SERVER_ADDR } from './scenarios/setup.js';

interface Plan {
  seed: number;
  profile: 'rfc' | 'linux';
  loss: number;
  duplicate: number;
  jitterMs: number;
  delayMs: number;
  clientChunks: { atMs: number; data: string }[];
  serverChunks: { atMs: number; data: string }[];
  clientCloseMs: number;
  serverCloseMs: number;
  abortBy: 'nobody' | 'client' | 'server';
  abortMs: number;
}

const chunk = fc.record({ atMs: fc.integer({ min: 0, max: 3_000 }), data: fc.string({ minLength: 1, maxLength: 700, unit: fc.constantFrom('a', 'b', 'c', 'x', 'y', 'z') }) });

const plan: fc.Arbitrary<Plan> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  profile: fc.constantFrom('rfc' as const, 'linux' as const),
  loss: fc.constantFrom(0, 0.05, 0.2, 0.4),
  duplicate: fc.constantFrom(0, 0.1, 0.3),
  jitterMs: fc.constantFrom(0, 5, 40),
  delayMs: fc.integer({ min: 1, max: 30 }),
  clientChunks: fc.array(chunk, { maxLength: 4 }),
  serverChunks: fc.array(chunk, { maxLength: 4 }),
  clientCloseMs: fc.integer({ min: 0, max: 5_000 }),
  serverCloseMs: fc.integer({ min: 0, max: 5_000 }),
  abortBy: fc.constantFrom('nobody' as const, 'nobody' as const, 'client' as const, 'server' as const),
  abortMs: fc.integer({ min: 0, max: 5_000 }),
});

interface Outcome {
  trace: string;
  client: Socket;
  server: Socket | undefined;
  clientSent: string;
  serverSent: string;
  leftover: number;
}

function play(p: Plan): Outcome {
  // Short timeouts so every run ends quickly in virtual time, whatever the faults.
  const config = {
    ...makeConfig(p.profile),
    mslMs: 2_000, synRetries: 4, synAckRetries: 4, dataRetries: 6, maxRtoMs: 8_000,
    finWait2TimeoutMs: 30_000, userTimeoutMs: 0, mss: 300,
  };
  const net = new Network({
    modules, config, seed: p.seed,
    defaultFaults: { delayMs: p.delayMs, jitterMs: p.jitterMs, loss: p.loss, duplicate: p.duplicate },
  });
  const clientHost = net.addHost('client', CLIENT_ADDR, 0xffff_f000); // crosses 2^32 within the run
  const serverHost = net.addHost('server', SERVER_ADDR, 0x7fff_fff0);
  let server: Socket | undefined;
  let clientSent = '';
  let serverSent = '';
  const act = (socket: Socket | undefined, what: () => void): void => {
    if (socket && socket.state !== 'CLOSED') what();
  };
  serverHost.listen(SERVER.port, (s) => {
    server = s;
    for (const c of p.serverChunks) {
      net.after(c.atMs, () => act(server, () => {
        if (server!.state === 'ESTABLISHED' || server!.state === 'CLOSE-WAIT') { server!.send(c.data); serverSent += c.data; }
      }));
    }
    net.after(p.serverCloseMs, () => act(server, () => server!.close()));
    if (p.abortBy === 'server') net.after(p.abortMs, () => act(server, () => server!.abort()));
  });
  const client = clientHost.connect(SERVER);
  for (const c of p.clientChunks) {
    net.at(c.atMs, () => act(client, () => {
      if (['SYN-SENT', 'ESTABLISHED', 'CLOSE-WAIT'].includes(client.state)) { client.send(c.data); clientSent += c.data; }
    }));
  }
  net.at(p.clientCloseMs, () => act(client, () => client.close()));
  if (p.abortBy === 'client') net.at(p.abortMs, () => act(client, () => client.abort()));
  net.run(Number.POSITIVE_INFINITY, 200_000);
  // The listener's connection may have been dropped silently (SYN,ACK retries used up): then `server` is unset.
  const leftover = clientHost.sockets().length + serverHost.sockets().length;
  return { trace: JSON.stringify(net.steps), client, server, clientSent, serverSent, leftover };
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
          expect(findEntry(step.transition), step.transition).toBeDefined();
          expect(step.rules.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 100, seed: SEED + 1 },
    );
  });
});
