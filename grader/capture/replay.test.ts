/**
 * Every committed capture replayed, both sides of every flow, under both profiles. The linux profile
 * must agree with Linux, allowed differences aside, except for the differences listed with their
 * reasons in captures/known-differences.json; the rfc profile's differences are listed there with the
 * RFC rule that makes them right. The list is exact both ways: a fix that removes a difference
 * fails here until its entry goes, and a new difference fails until it is explained.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES } from '../engine/config.js';
import { modules } from '../../solutions/modules.js';
import { loadFlows, replayCapture } from './replay-capture.js';
import { CAPTURES } from './testing.js';

interface Known {
  capture: string;
  flow: number;
  side: string;
  difference: string;
  count?: number;
  reason: string;
}

const KNOWN = JSON.parse(readFileSync(join(CAPTURES, 'known-differences.json'), 'utf8')) as Record<
  'linux' | 'rfc',
  Known[]
>;
const FILES = readdirSync(CAPTURES)
  .filter((f) => /\.pcap(ng)?$/.test(f))
  .sort();

describe('the committed captures', () => {
  it('cover the scenarios issue 13 lists, in at least 20 captures', () => {
    const scenarios = FILES.filter((f) => !/\.(ethernet|sll)\.pcap$/.test(f));
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
    for (const name of [
      'client-closes-first',
      'server-closes-first',
      'merged-close',
      'half-close-with-data',
      'refused',
      'abort',
      'abort-unread-data',
      'data-after-close',
      'lost-syn',
      'lost-syn-ack',
      'lost-final-ack',
      'time-wait-fin-retransmit',
      'keepalive-answered',
      'keepalive-dead',
      'simultaneous-close',
      'lost-data-segment',
      'rst-in-established',
      'close-wait-leak',
      'syn-to-time-wait',
    ])
      expect(scenarios).toContain(`${name}.pcap`);
  });

  it('every known difference has a reason', () => {
    for (const entry of [...KNOWN.linux, ...KNOWN.rfc])
      expect(entry.reason.length, JSON.stringify(entry)).toBeGreaterThan(20);
  });
});

for (const profile of PROFILE_NAMES) {
  describe(`replayed under the ${profile} profile`, () => {
    for (const file of FILES) {
      it(file, () => {
        const bytes = readFileSync(join(CAPTURES, file));
        const { flows } = loadFlows(bytes, file);
        const found: string[] = [];
        for (const flow of flows) {
          const report = replayCapture(bytes, file, { modules, profile, overrides: {}, flow: flow.id });
          for (const side of report.sides) {
            expect(side.error, `${file} ${side.side}`).toBeUndefined();
            for (const d of side.comparison.differences) found.push(`flow ${flow.id} ${side.side}: ${d.id}`);
          }
        }
        const known = KNOWN[profile]
          .filter((k) => k.capture === file)
          .flatMap((k) => Array.from({ length: k.count ?? 1 }, () => `flow ${k.flow} ${k.side}: ${k.difference}`));
        expect(found.sort()).toEqual(known.sort());
      });
    }
  });
}

describe('what the replay reads from a capture', () => {
  const replay = (file: string, side: 'client' | 'server') =>
    replayCapture(readFileSync(join(CAPTURES, file)), file, { modules, profile: 'linux', overrides: {}, side })
      .sides[0]!;

  it('keepalive timing from the probes: idle 1 s, interval 1 s, 3 probes before the RST (TCP_KEEPIDLE/INTVL/CNT in scenarios.py)', () => {
    const s = replay('keepalive-dead.pcap', 'client');
    expect(s.inferred).toEqual({ keepAliveIdleMs: 1000, keepAliveIntervalMs: 1000, keepAliveCount: 3 });
    expect(s.calls.map((c) => c.call)).toEqual(['OPEN active keepalive', 'SEND 6']);
  });

  it("a RST that closed with unread data is the user's ABORT; one answering late data is not", () => {
    expect(replay('abort-unread-data.pcap', 'client').calls.map((c) => c.call)).toEqual([
      'OPEN active',
      'SEND 6',
      'ABORT',
    ]);
    // The RST for late data shows the close was the socket API's close() (RFC 9293 §3.6.1, SHLD-3).
    expect(replay('data-after-close.pcap', 'client').calls.map((c) => c.call)).toEqual([
      'OPEN active',
      'SEND 6',
      'CLOSE full',
    ]);
  });

  it("a port with no listener: the server side makes no call and its RST,ACK is the engine's own", () => {
    const s = replay('refused.pcap', 'server');
    expect(s.calls).toEqual([]);
    expect(s.verdict).toBe('agrees');
  });

  it('a side that sent nothing is not compared (all SYNs were lost before the server)', () => {
    expect(replay('connect-timeout.pcap', 'server').verdict).toBe('nothing to compare');
  });
});
