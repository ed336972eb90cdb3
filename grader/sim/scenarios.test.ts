/**
 * End-to-end: every named scenario, under both profiles, checked against what RFC 9293 (and Linux,
 * for the linux profile) says should cross the wire. Client ISS 1000, server ISS 5000, 5 ms links.
 */
import { describe, expect, it } from 'vitest';
import { modules } from '../../solutions/modules.js';
import { findEntry } from '../engine/catalogue.js';
import type { ProfileName } from '../engine/config.js';
import type { Config } from '../engine/config.js';
import { SCENARIOS, runScenario } from './scenarios/index.js';
import type { Trace, TraceStep } from './trace.js';

const run = (name: string, profile: ProfileName = 'rfc', overrides: Partial<Config> = {}): Trace =>
  runScenario(name, { modules, profile, overrides });

/** Every segment put on the wire, as `side FLAGS seq ack len` (+ ' lost'). */
function wire(trace: Trace): string[] {
  return trace.steps.flatMap((s) =>
    s.sent.map((g) => `${s.side} ${g.flags.join(',')} ${g.seq} ${g.ack} ${g.len}${g.dropped ? ' lost' : ''}`),
  );
}

/** The states one side passed through, in order, without repeats. */
function states(trace: Trace, side: string): string[] {
  const out: string[] = [];
  for (const s of trace.steps.filter((x) => x.side === side)) {
    if (out.length === 0) out.push(s.from);
    if (s.to !== out.at(-1)) out.push(s.to);
  }
  return out;
}

const stepsOf = (trace: Trace, side: string, pred: (s: TraceStep) => boolean): TraceStep[] =>
  trace.steps.filter((s) => s.side === side && pred(s));

describe('normal-close', () => {
  it('rfc profile: handshake, request, reply, four-way close, TIME-WAIT of 2 × 120 s', () => {
    const trace = run('normal-close');
    expect(wire(trace)).toEqual([
      'client SYN 1000 0 0',
      'server SYN,ACK 5000 1001 0',
      'client ACK 1001 5001 0',
      'client ACK 1001 5001 5', // GET /
      'server ACK 5001 1006 0', // delayedAckMs 0: each ACK goes at once
      'server ACK 5001 1006 15', // HTTP/1.0 200 OK
      'client ACK 1006 5016 0',
      'client FIN,ACK 1006 5016 0',
      'server ACK 5016 1007 0',
      'server FIN,ACK 5016 1007 0',
      'client ACK 1007 5017 0',
    ]);
    expect(states(trace, 'client')).toEqual([
      'CLOSED',
      'SYN-SENT',
      'ESTABLISHED',
      'FIN-WAIT-1',
      'FIN-WAIT-2',
      'TIME-WAIT',
      'CLOSED',
    ]);
    expect(states(trace, 'server')).toEqual([
      'CLOSED',
      'LISTEN',
      'SYN-RECEIVED',
      'ESTABLISHED',
      'CLOSE-WAIT',
      'LAST-ACK',
      'CLOSED',
    ]);
    const enter = stepsOf(trace, 'client', (s) => s.to === 'TIME-WAIT')[0]!;
    const leave = stepsOf(trace, 'client', (s) => s.from === 'TIME-WAIT' && s.to === 'CLOSED')[0]!;
    expect(enter.timers.set).toContainEqual({ name: 'time-wait', at: enter.t + 240_000 });
    expect(leave.t - enter.t).toBe(240_000);
    expect(leave.transition).toBe('TIME-WAIT --timeout 2MSL--> CLOSED');
  });

  it('linux profile: quick ACKs for the first data, a delayed ACK for the FIN; TIME-WAIT is 60 s', () => {
    const trace = run('normal-close', 'linux');
    expect(wire(trace)).toEqual([
      'client SYN 1000 0 0',
      'server SYN,ACK 5000 1001 0',
      'client ACK 1001 5001 0',
      'client ACK 1001 5001 5',
      'server ACK 5001 1006 0', // quick-ack: Linux 6.18 acknowledged its first 16 data segments at once
      'server ACK 5001 1006 15',
      'client ACK 1006 5016 0', // quick-ack again, on the client
      'client FIN,ACK 1006 5016 0',
      'server ACK 5016 1007 0', // the ACK of a FIN waits 40 ms, before the application closes at 50 ms
      'server FIN,ACK 5016 1007 0',
      'client ACK 1007 5017 0', // the ACK of a FIN in FIN-WAIT-2 is not delayed
    ]);
    const enter = stepsOf(trace, 'client', (s) => s.to === 'TIME-WAIT')[0]!;
    const leave = stepsOf(trace, 'client', (s) => s.from === 'TIME-WAIT' && s.to === 'CLOSED')[0]!;
    expect(leave.t - enter.t).toBe(60_000);
  });
});

describe('merged-close', () => {
  for (const profile of ['rfc', 'linux'] as const) {
    it(`${profile}: the server's FIN carries the ACK of the client's FIN (three segments)`, () => {
      const trace = run('merged-close', profile);
      const close = wire(trace).slice(wire(trace).findIndex((w) => w.startsWith('client FIN')));
      expect(close).toEqual(['client FIN,ACK 1006 5016 0', 'server FIN,ACK 5016 1007 0', 'client ACK 1007 5017 0']);
      expect(states(trace, 'server')).toContain('LAST-ACK');
    });
  }
});

describe('simultaneous-open', () => {
  for (const profile of ['rfc', 'linux'] as const) {
    it(`${profile}: two SYNs cross, two SYN,ACKs cross, both ESTABLISHED after four segments`, () => {
      const trace = run('simultaneous-open', profile);
      expect(wire(trace).slice(0, 4)).toEqual([
        'client SYN 1000 0 0',
        'server SYN 5000 0 0',
        'server SYN,ACK 5000 1001 0',
        'client SYN,ACK 1000 5001 0',
      ]);
      for (const side of ['client', 'server']) {
        expect(states(trace, side).slice(0, 4)).toEqual(['CLOSED', 'SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED']);
      }
      const established = trace.steps.filter((s) => s.to === 'ESTABLISHED' && s.from === 'SYN-RECEIVED');
      expect(established.map((s) => s.transition)).toEqual([
        'SYN-RECEIVED --rcv SYN,ACK--> ESTABLISHED',
        'SYN-RECEIVED --rcv SYN,ACK--> ESTABLISHED',
      ]);
      expect(established.every((s) => s.sent.length === 0)).toBe(true);
    });
  }
});

describe('simultaneous-close', () => {
  for (const profile of ['rfc', 'linux'] as const) {
    it(`${profile}: both FINs cross; both sides pass through CLOSING into TIME-WAIT`, () => {
      const trace = run('simultaneous-close', profile);
      const msl2 = profile === 'rfc' ? 240_000 : 60_000;
      for (const side of ['client', 'server']) {
        expect(states(trace, side).slice(-4)).toEqual(['FIN-WAIT-1', 'CLOSING', 'TIME-WAIT', 'CLOSED']);
        const enter = stepsOf(trace, side, (s) => s.to === 'TIME-WAIT')[0]!;
        const leave = stepsOf(trace, side, (s) => s.from === 'TIME-WAIT' && s.to === 'CLOSED')[0]!;
        expect(leave.t - enter.t).toBe(msl2);
      }
      expect(wire(trace).filter((w) => w.includes('FIN'))).toEqual([
        'client FIN,ACK 1001 5001 0',
        'server FIN,ACK 5001 1001 0',
      ]);
    });
  }
});

describe('half-close', () => {
  for (const profile of ['rfc', 'linux'] as const) {
    it(`${profile}: the server sends from CLOSE-WAIT; the client receives in FIN-WAIT-2`, () => {
      const trace = run('half-close', profile);
      const delivered = stepsOf(trace, 'client', (s) => s.notices.some((n) => n.kind === 'data'));
      // linux: the request was quick-acked on arrival, so the ACK of the client's FIN waits its 40 ms
      // and rides on the first reply, which arrives in FIN-WAIT-1 and moves the client on.
      expect(delivered.map((s) => s.from)).toEqual([profile === 'rfc' ? 'FIN-WAIT-2' : 'FIN-WAIT-1', 'FIN-WAIT-2']);
      expect(delivered.flatMap((s) => s.notices.map((n) => (n.kind === 'data' ? n.data : '')))).toEqual([
        'part 1',
        'part 2',
      ]);
      const serverSends = stepsOf(trace, 'server', (s) => s.event === 'SEND');
      expect(serverSends.map((s) => s.from)).toEqual(['CLOSE-WAIT', 'CLOSE-WAIT']);
      // Client FIN at 1001+6 = 1007; the server's data follows 5001; its FIN is at 5001+12.
      expect(wire(trace)).toContain('server FIN,ACK 5013 1008 0');
      expect(states(trace, 'client').at(-2)).toBe('TIME-WAIT');
    });
  }
});

describe('lost-final-ack', () => {
  for (const profile of ['rfc', 'linux'] as const) {
    it(`${profile}: the FIN is retransmitted after one RTO, re-ACKed, and 2*MSL restarts`, () => {
      const trace = run('lost-final-ack', profile);
      const acks = wire(trace).filter((w) => w.startsWith('client ACK 1007 5017'));
      expect(acks).toEqual(['client ACK 1007 5017 0 lost', 'client ACK 1007 5017 0']);
      const fins = stepsOf(trace, 'server', (s) => s.sent.some((g) => g.flags.includes('FIN')));
      expect(fins).toHaveLength(2);
      // rfc: the RTO stays 1 s (RFC 6298 (2.4)); linux: the 200 ms floor after the handshake (measuredRtoMs).
      expect(fins[1]!.t - fins[0]!.t).toBe(profile === 'rfc' ? 1_000 : 200);
      expect(fins[1]!.transition).toBe('LAST-ACK --timeout retransmission--> LAST-ACK');
      const reack = stepsOf(trace, 'client', (s) => s.transition === 'TIME-WAIT --rcv FIN--> TIME-WAIT')[0]!;
      const leave = stepsOf(trace, 'client', (s) => s.from === 'TIME-WAIT' && s.to === 'CLOSED')[0]!;
      expect(leave.t - reack.t).toBe(profile === 'rfc' ? 240_000 : 60_000);
      expect(states(trace, 'server').at(-1)).toBe('CLOSED');
    });
  }
});

describe('lost-syn and lost-synack', () => {
  for (const profile of ['rfc', 'linux'] as const) {
    it(`${profile} lost-syn: the SYN goes again after the initial RTO of 1 s`, () => {
      const trace = run('lost-syn', profile);
      const syns = stepsOf(trace, 'client', (s) => s.sent.some((g) => g.flags.join() === 'SYN'));
      expect(syns.map((s) => [s.t, s.sent[0]!.seq, s.sent[0]!.dropped])).toEqual([
        [0, 1000, true],
        [1_000, 1000, false],
      ]);
      expect(states(trace, 'client')).toContain('ESTABLISHED');
    });

    it(`${profile} lost-synack: both ends retransmit on their own timers`, () => {
      const trace = run('lost-synack', profile);
      expect(wire(trace).slice(0, 5)).toEqual([
        'client SYN 1000 0 0',
        'server SYN,ACK 5000 1001 0 lost',
        'client SYN 1000 0 0', // at 1000 ms
        'server SYN,ACK 5000 1001 0', // at 1005 ms: the server's own RTO expired
        // rfc: the duplicate SYN fails the acceptability test, an ACK answers it; linux: Linux 6.18
        // answered a repeated SYN in SYN-RECEIVED with its SYN,ACK again (dupSynSynAck).
        profile === 'rfc' ? 'server ACK 5001 1001 0' : 'server SYN,ACK 5000 1001 0',
      ]);
      expect(states(trace, 'server')).toContain('ESTABLISHED');
    });
  }
});

describe('refused', () => {
  for (const profile of ['rfc', 'linux'] as const) {
    it(`${profile}: RST,ACK <SEQ=0><ACK=SEG.SEQ+SEG.LEN> and "connection refused"`, () => {
      const trace = run('refused', profile);
      expect(wire(trace)).toEqual(['client SYN 1000 0 0', 'server RST,ACK 0 1001 0']);
      const last = trace.steps.at(-1)!;
      expect(last.transition).toBe('SYN-SENT --rcv RST,ACK--> CLOSED');
      expect(last.notices).toEqual([{ kind: 'refused' }]);
    });
  }
});

describe('syn-timeout', () => {
  it('rfc: backoff 1, 2, 4, ... capped at 60 s; gives up after 7 retransmissions, at 183 s', () => {
    const trace = run('syn-timeout');
    const syns = stepsOf(trace, 'client', (s) => s.sent.some((g) => g.flags.join() === 'SYN'));
    expect(syns.map((s) => s.t)).toEqual([0, 1_000, 3_000, 7_000, 15_000, 31_000, 63_000, 123_000]);
    const last = trace.steps.at(-1)!;
    expect([last.t, last.to, last.notices]).toEqual([
      183_000,
      'CLOSED',
      [{ kind: 'timed-out', reason: 'retransmission' }],
    ]);
  });

  it('linux: tcp_syn_linear_timeouts 4, then tcp_syn_retries 6: SYNs at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s; gives up at 131 s', () => {
    // The SYN times Linux 6.18 sent to a silent address, to the second.
    const trace = run('syn-timeout', 'linux');
    const syns = stepsOf(trace, 'client', (s) => s.sent.some((g) => g.flags.join() === 'SYN'));
    expect(syns.map((s) => s.t)).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000, 7_000, 11_000, 19_000, 35_000, 67_000]);
    expect(trace.steps.at(-1)!.t).toBe(131_000);
  });
});

describe('abort', () => {
  for (const profile of ['rfc', 'linux'] as const) {
    it(`${profile}: one RST <SEQ=SND.NXT>, "connection reset" at the peer, no TIME-WAIT`, () => {
      const trace = run('abort', profile);
      // Linux's RST carries ACK = RCV.NXT (rstAck); the rfc profile sends RFC 9293 §3.10.5's bare RST.
      expect(wire(trace).at(-1)).toBe(profile === 'rfc' ? 'client RST 1001 0 0' : 'client RST,ACK 1001 5001 0');
      expect(states(trace, 'client').slice(-2)).toEqual(['ESTABLISHED', 'CLOSED']);
      const reset = trace.steps.at(-1)!;
      expect([reset.side, reset.transition, reset.notices]).toEqual([
        'server',
        'ESTABLISHED --rcv RST--> CLOSED',
        [{ kind: 'reset' }],
      ]);
      expect(trace.steps.some((s) => s.to === 'TIME-WAIT')).toBe(false);
    });
  }
});

describe('keepalive', () => {
  for (const profile of ['rfc', 'linux'] as const) {
    it(`${profile} keepalive-ok: the probe after 7200 s has SEQ=SND.NXT-1 and is answered`, () => {
      const trace = run('keepalive-ok', profile);
      const probe = stepsOf(
        trace,
        'client',
        (s) => s.transition === 'ESTABLISHED --timeout keepalive--> ESTABLISHED',
      )[0]!;
      expect(probe.t).toBe(10 + 7_200_000); // idle since the SYN,ACK arrived at 10 ms
      expect(probe.sent.map((g) => `${g.flags.join()} ${g.seq} ${g.ack} ${g.len}`)).toEqual(['ACK 1000 5001 0']);
      const answer = stepsOf(trace, 'server', (s) => s.t === probe.t + 5)[0]!;
      expect(answer.transition).toBe('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
      expect(answer.sent.map((g) => `${g.flags.join()} ${g.seq} ${g.ack}`)).toEqual(['ACK 5001 1001']);
    });

    it(`${profile} keepalive-dead: 9 probes 75 s apart, then RST and "timed out" at 7875 s`, () => {
      const trace = run('keepalive-dead', profile);
      const probes = stepsOf(trace, 'client', (s) => s.transition === 'ESTABLISHED --timeout keepalive--> ESTABLISHED');
      expect(probes.map((s) => s.t)).toEqual(Array.from({ length: 9 }, (_, i) => 10 + 7_200_000 + i * 75_000));
      const end = trace.steps.at(-1)!;
      expect([end.t, end.transition, end.notices]).toEqual([
        10 + 7_875_000,
        'ESTABLISHED --timeout keepalive--> CLOSED',
        [{ kind: 'timed-out', reason: 'keepalive' }],
      ]);
      expect(end.sent.map((g) => `${g.flags.join()} ${g.seq}`)).toEqual([
        profile === 'rfc' ? 'RST 1001' : 'RST,ACK 1001',
      ]);
    });
  }
});

describe('many connections on one host', () => {
  for (const profile of ['rfc', 'linux'] as const) {
    it(`${profile} many-time-wait: every client socket is in TIME-WAIT, the server kept none`, () => {
      const ss = run('many-time-wait', profile).ss!;
      const client = ss.filter((r) => r.host === 'client');
      expect(client).toHaveLength(40);
      expect(new Set(client.map((r) => r.state))).toEqual(new Set(['TIME-WAIT']));
      expect(new Set(client.map((r) => r.local)).size).toBe(40); // 40 ephemeral ports held
      expect(ss.filter((r) => r.host === 'server')).toEqual([
        { host: 'server', state: 'LISTEN', local: '198.51.100.1:80', peer: '*:*' },
      ]);
    });

    it(`${profile} close-wait-leak: the server holds every connection in CLOSE-WAIT`, () => {
      const ss = run('close-wait-leak', profile).ss!;
      const server = ss.filter((r) => r.host === 'server' && r.state !== 'LISTEN');
      expect(server).toHaveLength(40);
      expect(new Set(server.map((r) => r.state))).toEqual(new Set(['CLOSE-WAIT']));
      expect(new Set(ss.filter((r) => r.host === 'client').map((r) => r.state))).toEqual(new Set(['FIN-WAIT-2']));
    });
  }

  it('many-time-wait with a short MSL: TIME-WAIT sockets are gone 2*MSL after their close', () => {
    // Connection i starts at 250·i ms and enters TIME-WAIT 30 ms later (SYN 5 ms out, SYN,ACK 5 back,
    // request, reply at +20, FIN, the server's FIN back at +30). With MSL 1 s it leaves at 250·i + 2030.
    // The listing is taken at 40·250 + 1000 = 11000 ms: only i = 36..39 are still there.
    const ss = run('many-time-wait', 'rfc', { mslMs: 1_000 }).ss!;
    const tw = ss.filter((r) => r.host === 'client');
    expect(tw.map((r) => r.local)).toEqual([32804, 32805, 32806, 32807].map((p) => `192.0.2.1:${p}`));
    expect(new Set(tw.map((r) => r.state))).toEqual(new Set(['TIME-WAIT']));
  });
});

describe('forged segments', () => {
  it('rst-attack: an in-window RST gets a challenge ACK; the connection survives', () => {
    const trace = run('rst-attack');
    const hit = stepsOf(trace, 'server', (s) => s.segment?.injected === true)[0]!;
    expect(hit.transition).toBe('ESTABLISHED --rcv RST in window--> ESTABLISHED');
    expect(hit.sent.map((g) => `${g.flags.join()} ${g.seq} ${g.ack}`)).toEqual(['ACK 5001 1001']);
    expect(hit.to).toBe('ESTABLISHED');
  });

  it('rst-attack with rfc5961 off: the same RST resets the connection (RFC 793)', () => {
    const trace = run('rst-attack', 'rfc', { rfc5961: false });
    const hit = stepsOf(trace, 'server', (s) => s.segment?.injected === true)[0]!;
    expect([hit.transition, hit.notices]).toEqual(['ESTABLISHED --rcv RST--> CLOSED', [{ kind: 'reset' }]]);
  });

  it('time-wait-rst: ignored with rfc1337 on (rfc), ends TIME-WAIT with it off (linux)', () => {
    const on = stepsOf(run('time-wait-rst'), 'client', (s) => s.segment?.injected === true)[0]!;
    expect([on.transition, on.to]).toEqual(['TIME-WAIT --rcv RST ignored--> TIME-WAIT', 'TIME-WAIT']);
    const off = stepsOf(run('time-wait-rst', 'linux'), 'client', (s) => s.segment?.injected === true)[0]!;
    expect([off.transition, off.to]).toEqual(['TIME-WAIT --rcv RST--> CLOSED', 'CLOSED']);
  });
});

describe('every scenario', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: same seed, same trace; every step carries a catalogue id`, () => {
      const a = run(scenario.name);
      const b = run(scenario.name);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(a.steps.length).toBeGreaterThan(0);
      for (const step of a.steps) {
        const entry = findEntry(step.transition);
        expect(entry?.id, 'a catalogue entry').toBe(step.transition);
        // The step's id is one of its rules, or a composite diagram edge made of two of them.
        expect(
          entry!.via ? entry!.via.every((id) => step.rules.includes(id)) : step.rules.includes(step.transition),
        ).toBe(true);
        for (const rule of step.rules) expect(findEntry(rule)?.id, 'a catalogue entry').toBe(rule);
      }
    });
  }
});
