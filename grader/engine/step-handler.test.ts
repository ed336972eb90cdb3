/**
 * A step record names the function that named its rule (the one that called ctx.go), not whichever
 * dispatch function ran last: a failure says "handled by" the function to look at. Checked against
 * the reference's source: the exported function whose body holds that ctx.go call.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeConfig } from './config.js';
import { createEngine, type Engine, type StepRecord } from './engine.js';
import { modules } from '../../solutions/modules.js';

const SOURCE = readFileSync(
  join(import.meta.dirname, '..', '..', 'solutions', '02-three-way-handshake', 'three-way-handshake.ts'),
  'utf8',
);

/** The exported function of the 02 reference whose body calls ctx.go(rule). */
function namer(rule: string): string | undefined {
  const at = SOURCE.indexOf(`ctx.go('${rule}')`);
  const before = SOURCE.slice(0, at);
  return [...before.matchAll(/^export const (\w+)/gm)].at(-1)?.[1];
}

function endpoint(isn: number, steps: StepRecord[]): Engine {
  return createEngine(modules, { config: makeConfig('rfc'), isn: () => isn, onStep: (s) => steps.push(s) });
}

describe('a step record names the function that named its rule', () => {
  it('after a handshake, on both sides, although later dispatch functions ran in the same event', () => {
    const clientSteps: StepRecord[] = [];
    const serverSteps: StepRecord[] = [];
    const client = endpoint(1000, clientSteps);
    const server = endpoint(5000, serverSteps);
    server.handleUserCall({ call: 'OPEN', mode: 'passive' }, 0);
    client.handleUserCall({ call: 'OPEN', mode: 'active' }, 0);
    for (let moved = true; moved; ) {
      moved = false;
      for (let s = client.pollTransmit(); s; s = client.pollTransmit()) {
        server.handleSegment(s, 1);
        moved = true;
      }
      for (let s = server.pollTransmit(); s; s = server.pollTransmit()) {
        client.handleSegment(s, 1);
        moved = true;
      }
    }
    const established = (steps: StepRecord[]): StepRecord | undefined => steps.find((s) => s.to === 'ESTABLISHED');
    const active = established(clientSteps);
    const passive = established(serverSteps);
    expect(active?.transition).toBe('SYN-SENT --rcv SYN,ACK--> ESTABLISHED');
    expect(passive?.transition).toBe('SYN-RECEIVED --rcv ACK--> ESTABLISHED');
    // The source lookup finds a function for each rule: otherwise the checks below would compare nothing with nothing.
    expect([namer(active!.transition), namer(passive!.transition)]).toEqual([
      expect.stringMatching(/^\w+$/),
      expect.stringMatching(/^\w+$/),
    ]);
    expect(active?.handler).toBe(namer(active!.transition));
    expect(passive?.handler).toBe(namer(passive!.transition));
  });
});
