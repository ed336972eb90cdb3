/**
 * Public tests for 08 · resets: a RST in a synchronized state, at RCV.NXT, elsewhere in the window and
 * outside it. Each title is a catalogue id; expected segments, timers and notices are written from
 * RFC 9293 §3.10.7.4 second step and §3.10.7.1, and RFC 5961 §3.2 (challenge ACKs), never copied from
 * output. The rfc profile has rfc5961 on, rfc1337 on and RCV.WND = 65535.
 *
 * Fixture numbers: ISS = 2^32-6, IRS = 2^32-300; each state's SND.NXT and RCV.NXT are in
 * grader/engine/testing/reset-states.ts.
 */
import { describe, it } from 'vitest';
import { IRS, ISS, seq, inEstablished, inSynReceived, inTimeWait } from '../../grader/engine/testing/dialogue.js';
import { expectNoTimers } from '../../grader/engine/testing/retransmission.js';
import {
  RCV_WND,
  TWO_MSL,
  rfc5961Off,
  expectTimersKept,
  synchronizedStates,
} from '../../grader/engine/testing/reset-states.js';
import { modulesWith } from '../../solutions/modules.js';
import * as resets from './resets.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ resets });
const states = synchronizedStates(modules);

describe('RST at exactly RCV.NXT', () => {
  // Second step, RFC 5961 check 2: SEG.SEQ = RCV.NXT resets "in the manner prescribed below":
  // SYN-RECEIVED passive -> LISTEN silently; active -> CLOSED, "connection refused";
  // ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT -> CLOSED, "connection reset";
  // CLOSING, LAST-ACK, TIME-WAIT -> CLOSED with nothing to tell. A RST is never answered.
  for (const c of states) {
    it(`${c.state} --rcv RST--> ${c.rstTo} (${c.name})`, () => {
      const d = c
        .reach()
        .peerSends({ seq: c.rcvNxt, ctl: 'RST' })
        .expectState(c.rstTo)
        .expectNothingSent()
        .expectNotices(c.rstNotices)
        .expectTransition(`${c.state} --rcv RST--> ${c.rstTo}`);
      expectNoTimers(d);
    });

    it(`${c.state} --rcv RST--> ${c.rstTo} (${c.name}, RST,ACK)`, () => {
      c.reach()
        .peerSends({ seq: c.rcvNxt, ack: c.sndNxt, ctl: 'RST,ACK' })
        .expectState(c.rstTo)
        .expectNothingSent()
        .expectNotices(c.rstNotices)
        .expectTransition(`${c.state} --rcv RST--> ${c.rstTo}`);
    });
  }

  it('SYN-RECEIVED --rcv RST--> LISTEN (the listener is ready for a new SYN)', () => {
    // The TCB returns to LISTEN: the next SYN starts a new half-open connection with a SYN,ACK.
    inSynReceived(modules)
      .peerSends({ seq: seq(IRS, 1), ctl: 'RST' })
      .expectState('LISTEN')
      .peerSends({ seq: 1000, ctl: 'SYN' })
      .expectState('SYN-RECEIVED')
      .expectSent([{ seq: ISS, ack: 1001, ctl: 'SYN,ACK' }]);
  });

  it('TIME-WAIT --rcv RST--> CLOSED (only with rfc1337 off; the linux profile)', () => {
    inTimeWait(modules, { profile: 'linux' })
      .peerSends({ seq: seq(IRS, 2), ctl: 'RST' })
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('TIME-WAIT --rcv RST--> CLOSED');
  });
});

describe('RST in the window but not at RCV.NXT', () => {
  // RFC 5961 §3.2 (RFC 9293 second step, check 3): send a challenge ACK
  // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, drop the RST, change nothing.
  for (const c of states) {
    const challenge = { seq: c.sndNxt, ack: c.rcvNxt, ctl: 'ACK' } as const;

    it(`${c.state} --rcv RST in window--> ${c.state} (${c.name}, SEG.SEQ = RCV.NXT+1)`, () => {
      const d = c
        .reach()
        .peerSends({ seq: seq(c.rcvNxt, 1), ctl: 'RST' })
        .expectState(c.state)
        .expectSent([challenge])
        .expectNotices([])
        .expectTransition(`${c.state} --rcv RST in window--> ${c.state}`);
      expectTimersKept(d, c);
    });

    it(`${c.state} --rcv RST in window--> ${c.state} (${c.name}, the last sequence number of the window)`, () => {
      // RCV.NXT+RCV.WND-1 is still in the window (and lies past the 2^32 wrap).
      c.reach()
        .peerSends({ seq: seq(c.rcvNxt, RCV_WND - 1), ctl: 'RST' })
        .expectState(c.state)
        .expectSent([challenge])
        .expectNotices([])
        .expectTransition(`${c.state} --rcv RST in window--> ${c.state}`);
    });

    it(`${c.state} --rcv RST--> ${c.rstTo} (${c.name}, rfc5961 off: a RST anywhere in the window resets)`, () => {
      // Without RFC 5961 the second step resets on any RST that passed the sequence check.
      c.reach({ config: rfc5961Off })
        .peerSends({ seq: seq(c.rcvNxt, 100), ctl: 'RST' })
        .expectState(c.rstTo)
        .expectNothingSent()
        .expectNotices(c.rstNotices)
        .expectTransition(`${c.state} --rcv RST--> ${c.rstTo}`);
    });
  }

  it('TIME-WAIT --rcv RST in window--> TIME-WAIT (the time-wait timer is not restarted)', () => {
    const d = inTimeWait(modules, { config: { rfc1337: false } }).advance(10_000);
    d.peerSends({ seq: seq(IRS, 3), ctl: 'RST' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectTimer('time-wait', TWO_MSL - 10_000)
      .expectTransition('TIME-WAIT --rcv RST in window--> TIME-WAIT');
  });

  it('ESTABLISHED --rcv RST in window--> ESTABLISHED (the real peer answers the challenge with an exact RST)', () => {
    const d = inEstablished(modules)
      .peerSends({ seq: seq(IRS, 500), ctl: 'RST' })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }]);
    d.peerSends({ seq: seq(IRS, 1), ctl: 'RST' })
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'reset' }]);
  });
});

describe('RST outside the window', () => {
  // First step: the RST fails the acceptability test; "unless the RST bit is set, if so drop the
  // segment and return" (RFC 5961 check 1: silently). Nothing sent, nothing changes.
  for (const c of states) {
    it(`${c.state} --rcv unacceptable segment--> ${c.state} (${c.name}, RST at RCV.NXT+RCV.WND)`, () => {
      const d = c
        .reach()
        .peerSends({ seq: seq(c.rcvNxt, RCV_WND), ctl: 'RST' })
        .expectState(c.state)
        .expectNothingSent()
        .expectNotices([])
        .expectTransition(`${c.state} --rcv unacceptable segment--> ${c.state}`);
      expectTimersKept(d, c);
    });

    it(`${c.state} --rcv unacceptable segment--> ${c.state} (${c.name}, RST at RCV.NXT-1)`, () => {
      c.reach()
        .peerSends({ seq: seq(c.rcvNxt, -1), ack: c.sndNxt, ctl: 'RST,ACK' })
        .expectState(c.state)
        .expectNothingSent()
        .expectNotices([])
        .expectTransition(`${c.state} --rcv unacceptable segment--> ${c.state}`);
    });
  }

  it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (rfc5961 off: still dropped silently)', () => {
    inEstablished(modules, { config: rfc5961Off })
      .peerSends({ seq: seq(IRS, 1 + RCV_WND), ctl: 'RST' })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
  });
});
