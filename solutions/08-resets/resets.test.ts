/**
 * Public tests for 08 · resets: a SYN in a synchronized state (RFC 9293 §3.10.7.4 fourth step, RFC
 * 5961 §4.2) and ABORT (§3.10.5). Each title is a catalogue id; expected segments, timers and notices
 * are written from those sections and §3.10.7.1 (how a reset is formed), never copied from output. The
 * rfc profile has rfc5961 on, rfc1337 on and RCV.WND = 65535.
 *
 * Fixture numbers: ISS = 2^32-6, IRS = 2^32-300; each state's SND.NXT and RCV.NXT are in
 * grader/engine/testing/reset-states.ts.
 */
import { describe, it } from 'vitest';
import {
  IRS,
  ISS,
  seq,
  inClosed,
  inCloseWait,
  inEstablished,
  inListen,
  inSynReceived,
  inSynSent,
  inTimeWait,
} from '../../grader/engine/testing/dialogue.js';
import { expectNoTimers } from '../../grader/engine/testing/retransmission.js';
import { TWO_MSL, rfc5961Off, expectTimersKept, synchronizedStates } from '../../grader/engine/testing/reset-states.js';
import { modulesWith } from '../../solutions/modules.js';
import * as resets from './resets.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ resets });
const states = synchronizedStates(modules);

describe('SYN in a synchronized state', () => {
  const syncCases = states.filter((c) => c.name !== 'SYN-RECEIVED (passive)');

  // Fourth step, RFC 5961 §4.2: whatever the sequence number, a challenge ACK
  // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; drop the SYN and stop.
  for (const c of syncCases) {
    const challenge = { seq: c.sndNxt, ack: c.rcvNxt, ctl: 'ACK' } as const;

    it(`${c.state} --rcv SYN--> ${c.state} (${c.name})`, () => {
      const d = c
        .reach()
        .peerSends({ seq: seq(c.rcvNxt, 1000), ctl: 'SYN' })
        .expectState(c.state)
        .expectSent([challenge])
        .expectNotices([])
        .expectTransition(`${c.state} --rcv SYN--> ${c.state}`);
      expectTimersKept(d, c);
    });

    it(`${c.state} --rcv SYN--> ${c.state} (${c.name}, SYN,ACK at RCV.NXT)`, () => {
      c.reach()
        .peerSends({ seq: c.rcvNxt, ack: c.sndNxt, ctl: 'SYN,ACK' })
        .expectState(c.state)
        .expectSent([challenge])
        .expectNotices([])
        .expectTransition(`${c.state} --rcv SYN--> ${c.state}`);
    });
  }

  // rfc5961 off (RFC 793): a SYN in the window is an error. The reset is formed as §3.10.7.1 forms
  // one for this segment: without ACK <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, with ACK
  // <SEQ=SEG.ACK><CTL=RST>. The user gets "connection reset"; the TCB is deleted.
  for (const c of syncCases) {
    it(`${c.state} --rcv SYN--> CLOSED (${c.name}, rfc5961 off, SYN without ACK)`, () => {
      // SEG.SEQ = RCV.NXT+1000, SEG.LEN = 1 (the SYN).
      const d = c
        .reach({ config: rfc5961Off })
        .peerSends({ seq: seq(c.rcvNxt, 1000), ctl: 'SYN' })
        .expectState('CLOSED')
        .expectSent([{ seq: 0, ack: seq(c.rcvNxt, 1001), ctl: 'RST,ACK' }])
        .expectNotices([{ kind: 'reset' }])
        .expectTransition(`${c.state} --rcv SYN--> CLOSED`);
      expectNoTimers(d);
    });

    it(`${c.state} --rcv SYN--> CLOSED (${c.name}, rfc5961 off, SYN,ACK)`, () => {
      // The SYN is rejected before the ACK field is looked at: the RST takes SEQ = SEG.ACK = 12345.
      c.reach({ config: rfc5961Off })
        .peerSends({ seq: c.rcvNxt, ack: 12_345, ctl: 'SYN,ACK' })
        .expectState('CLOSED')
        .expectSent([{ seq: 12_345, ctl: 'RST' }])
        .expectNotices([{ kind: 'reset' }])
        .expectTransition(`${c.state} --rcv SYN--> CLOSED`);
    });
  }

  it('ESTABLISHED --rcv SYN--> CLOSED (rfc5961 off, SEG.SEQ+SEG.LEN counts the data and wraps)', () => {
    // SEG.SEQ = IRS+290, 'abcdefghij' (10 octets) + SYN: SEG.LEN = 11; IRS+301 = 2^32+1 -> 1.
    inEstablished(modules, { config: rfc5961Off })
      .peerSends({ seq: seq(IRS, 290), ctl: 'SYN', data: 'abcdefghij' })
      .expectState('CLOSED')
      .expectSent([{ seq: 0, ack: 1, ctl: 'RST,ACK' }])
      .expectNotices([{ kind: 'reset' }]);
  });

  it('ESTABLISHED --rcv SYN--> ESTABLISHED (a SYN below the window gets the same ACK from the first step)', () => {
    // A SYN at IRS (the peer's original SYN) fails the sequence check: the first step's
    // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is the segment RFC 5961 asks for anyway.
    inEstablished(modules)
      .peerSends({ seq: IRS, ctl: 'SYN' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectRule('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
  });

  it('TIME-WAIT --rcv SYN--> TIME-WAIT (rfc1337 on, as in the rfc profile; the timer is not restarted)', () => {
    const d = inTimeWait(modules).advance(10_000);
    d.peerSends({ seq: seq(IRS, 2), ctl: 'SYN' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([])
      .expectTimer('time-wait', TWO_MSL - 10_000)
      .expectTransition('TIME-WAIT --rcv SYN--> TIME-WAIT');
  });

  it('SYN-RECEIVED --rcv SYN--> LISTEN', () => {
    // Fourth step, SYN-RECEIVED: "If the connection was initiated with a passive OPEN, then return
    // this connection to the LISTEN state and return." Nothing is sent; the user is not told.
    const d = inSynReceived(modules)
      .peerSends({ seq: seq(IRS, 1000), ctl: 'SYN' })
      .expectState('LISTEN')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('SYN-RECEIVED --rcv SYN--> LISTEN');
    expectNoTimers(d);
  });

  it('SYN-RECEIVED --rcv SYN--> LISTEN (linux: the SYN is reset first)', () => {
    // Linux 6.18, a listener in SYN-RECEIVED with IRS 1000, a SYN at 1500: RST,ACK <SEQ=0><ACK=1501>,
    // and the half-open connection was gone (synRecvSynRst). Here the SYN is at IRS+1000.
    inSynReceived(modules, { profile: 'linux' })
      .peerSends({ seq: seq(IRS, 1000), ctl: 'SYN' })
      .expectState('LISTEN')
      .expectSent([{ seq: 0, ack: seq(IRS, 1001), ctl: 'RST,ACK' }])
      .expectNotices([])
      .expectTransition('SYN-RECEIVED --rcv SYN--> LISTEN');
  });

  it('SYN-RECEIVED --rcv SYN--> LISTEN (rfc5961 off as well)', () => {
    inSynReceived(modules, { config: rfc5961Off })
      .peerSends({ seq: seq(IRS, 1), ctl: 'SYN' })
      .expectState('LISTEN')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('SYN-RECEIVED --rcv SYN--> LISTEN');
  });
});

describe('ABORT', () => {
  it('CLOSED --ABORT--> CLOSED', () => {
    // §3.10.5 CLOSED: "error: connection does not exist".
    inClosed(modules)
      .userCalls('ABORT')
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'error', call: 'ABORT', message: 'connection does not exist' }])
      .expectTransition('CLOSED --ABORT--> CLOSED');
  });

  // LISTEN, SYN-SENT: delete the TCB, send nothing (the peer has no synchronized connection).
  const silent = [
    { state: 'LISTEN', reach: () => inListen(modules) },
    { state: 'SYN-SENT', reach: () => inSynSent(modules) },
  ] as const;
  for (const { state, reach } of silent) {
    it(`${state} --ABORT--> CLOSED`, () => {
      const d = reach()
        .userCalls('ABORT')
        .expectState('CLOSED')
        .expectNothingSent()
        .expectNotices([])
        .expectTransition(`${state} --ABORT--> CLOSED`);
      expectNoTimers(d);
    });
  }

  // SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: send <SEQ=SND.NXT><CTL=RST>.
  // CLOSING, LAST-ACK, TIME-WAIT: respond "ok", delete the TCB, send nothing.
  for (const c of states) {
    const reset = ['SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT'].includes(c.state);
    it(`${c.state} --ABORT--> CLOSED (${c.name})`, () => {
      const d = c
        .reach()
        .userCalls('ABORT')
        .expectState('CLOSED')
        .expectNotices([])
        .expectTransition(`${c.state} --ABORT--> CLOSED`);
      if (reset) d.expectSent([{ seq: c.sndNxt, ctl: 'RST' }]);
      else d.expectNothingSent();
      expectNoTimers(d);
    });
  }

  it('TIME-WAIT --ABORT--> CLOSED (rfc1337 on: still nothing sent)', () => {
    inTimeWait(modules)
      .userCalls('ABORT')
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('time-wait', undefined);
  });

  it('ESTABLISHED --ABORT--> CLOSED (queued data is flushed: the RST is at SND.NXT, after the sent data only)', () => {
    // Window 2: 'ab' (ISS+1..ISS+2) is sent, 'cdef' stays queued. The RST carries SEQ = SND.NXT = ISS+3,
    // and nothing of the queue goes out, neither now nor later.
    const d = inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', wnd: 2 })
      .expectNothingSent();
    d.userCalls('SEND', 'abcdef').expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'ab' }]);
    d.userCalls('ABORT')
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 3), ctl: 'RST' }]);
    d.advance(60_000).expectNothingSent().expectState('CLOSED');
  });

  it('ESTABLISHED --ABORT--> CLOSED (linux: RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT>)', () => {
    // Linux 6.18, close() with SO_LINGER 0 in ESTABLISHED, nothing unread: RST,ACK at SND.NXT
    // acknowledging RCV.NXT (tcp_send_active_reset); the rfc profile sends RFC 9293 §3.10.5's bare RST.
    inEstablished(modules, { profile: 'linux' })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'hi' })
      .userCalls('ABORT')
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 3), ctl: 'RST,ACK' }])
      .expectTransition('ESTABLISHED --ABORT--> CLOSED');
  });

  it('ESTABLISHED --ABORT--> CLOSED (SND.NXT past the wrap: RST at SEQ 0)', () => {
    // 'hello' is ISS+1..ISS+5 = 2^32-1: SND.NXT = ISS+6 = 0.
    inEstablished(modules)
      .userCalls('SEND', 'hello')
      .userCalls('ABORT')
      .expectState('CLOSED')
      .expectSent([{ seq: 0, ctl: 'RST' }]);
  });

  it('CLOSE-WAIT --ABORT--> CLOSED (no FIN, no LAST-ACK, no TIME-WAIT)', () => {
    const d = inCloseWait(modules)
      .userCalls('ABORT')
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 1), ctl: 'RST' }]);
    d.advance(TWO_MSL).expectNothingSent().expectState('CLOSED');
  });
});
