/**
 * Public tests for 05 · TIME-WAIT. Each title is a catalogue id; expected values are written from
 * RFC 9293 §3.3.2, §3.4.2 (MSL = 2 minutes), §3.10.7.4 (first, second, fourth, fifth and eighth steps
 * in TIME-WAIT), §3.10.8 (TIME-WAIT TIMEOUT), RFC 1337 §3 and RFC 5961 §3 and §4, never copied from
 * output. The last groups show TIME-WAIT rules that belong to 08-resets: RST with rfc1337 off, and SYN.
 */
import { describe, it } from 'vitest';
import {
  IRS,
  ISS,
  seq,
  inClosing,
  inEstablishedPassive,
  inTimeWait,
  type Dialogue,
  type SegmentSpec,
} from '../../grader/engine/testing/dialogue.js';
import type { Ctl } from '../../grader/engine/types.js';
import { expectNoTimers } from '../../grader/engine/testing/retransmission.js';
import { modulesWith } from '../../solutions/modules.js';
import * as timeWait from './time-wait.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ timeWait });

/** rfc profile: 2 × mslMs = 2 × 120 s (RFC 9293 §3.4.2). */
const RFC_2MSL = 240_000;
/** linux profile: 2 × 30 s, Linux's fixed 60 s TCP_TIMEWAIT_LEN. */
const LINUX_2MSL = 60_000;
/** Our receive window in both profiles (rcvWnd). */
const RCV_WND = 65_535;

/*
 * In TIME-WAIT (inTimeWait): SND.NXT = ISS+2 (our FIN is acknowledged), RCV.NXT = IRS+2 (the peer's
 * FIN at IRS+1 is counted). The peer's FIN was FIN,ACK <SEQ=IRS+1><ACK=ISS+2>.
 */
const PEER_FIN: SegmentSpec = { seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' };
/** <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>: our ACK of their FIN, and the shape of every challenge ACK. */
const OUR_ACK: SegmentSpec = { seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' };

/** TIME-WAIT keeps only its own timer: entering it turned off the others (§3.10.7.4 eighth step). */
function expectOnlyTimeWaitTimer(d: Dialogue, inMs: number): Dialogue {
  return d
    .expectTimer('time-wait', inMs)
    .expectTimer('retransmission', undefined)
    .expectTimer('user-timeout', undefined)
    .expectTimer('delayed-ack', undefined)
    .expectTimer('fin-wait-2', undefined)
    .expectTimer('keepalive', undefined);
}

// ---- the retransmitted FIN -------------------------------------------------------------------------

describe('TIME-WAIT: a retransmitted FIN', () => {
  it('TIME-WAIT --rcv FIN--> TIME-WAIT', () => {
    // "The only thing that can arrive in this state is a retransmission of the remote FIN.
    // Acknowledge it, and restart the 2 MSL timeout." 100 s in, 140 s are left; after the FIN, 240 s.
    const d = inTimeWait(modules).expectState('TIME-WAIT');
    expectOnlyTimeWaitTimer(d, RFC_2MSL);
    d.advance(100_000)
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectTimer('time-wait', RFC_2MSL - 100_000);
    d.peerSends(PEER_FIN)
      .expectState('TIME-WAIT')
      .expectSent([OUR_ACK])
      .expectNotices([])
      .expectTimer('time-wait', RFC_2MSL)
      .expectTransition('TIME-WAIT --rcv FIN--> TIME-WAIT');
    // The restarted timer runs its full 240 s from the FIN, not from entering TIME-WAIT.
    d.advance(RFC_2MSL - 1)
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectTimer('time-wait', 1);
    d.advance(1).expectState('CLOSED').expectNothingSent().expectNotices([]);
  });

  it('TIME-WAIT --rcv FIN--> TIME-WAIT (linux profile: the 60 s timer restarts)', () => {
    const d = inTimeWait(modules, { profile: 'linux' });
    expectOnlyTimeWaitTimer(d, LINUX_2MSL);
    d.advance(59_000).expectState('TIME-WAIT').expectTimer('time-wait', 1_000);
    d.peerSends(PEER_FIN)
      .expectState('TIME-WAIT')
      .expectSent([OUR_ACK])
      .expectNotices([])
      .expectTimer('time-wait', LINUX_2MSL)
      .expectTransition('TIME-WAIT --rcv FIN--> TIME-WAIT');
    d.advance(LINUX_2MSL - 1).expectState('TIME-WAIT');
    d.advance(1).expectState('CLOSED').expectNothingSent().expectNotices([]);
  });

  it('TIME-WAIT --rcv FIN--> TIME-WAIT (every copy is ACKed again and restarts the timer)', () => {
    // Our ACK may be lost each time; each copy of the FIN gets the same ACK and a fresh 2*MSL.
    const d = inTimeWait(modules);
    for (const at of [1_000, 3_000, 7_000]) {
      d.advance(at - d.now).expectNothingSent();
      d.peerSends(PEER_FIN).expectState('TIME-WAIT').expectSent([OUR_ACK]).expectTimer('time-wait', RFC_2MSL);
    }
    d.advance(RFC_2MSL - 1).expectState('TIME-WAIT');
    d.advance(1).expectState('CLOSED');
  });

  it('TIME-WAIT --rcv FIN--> TIME-WAIT (reached by a simultaneous close through CLOSING)', () => {
    // Through CLOSING the peer's FIN carried ACK = ISS+1 (it had not seen our FIN yet); a copy of it
    // is still their FIN at IRS+1, ending at RCV.NXT = IRS+2.
    const d = inClosing(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('TIME-WAIT');
    expectOnlyTimeWaitTimer(d, RFC_2MSL);
    d.advance(5_000).expectNothingSent();
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectSent([OUR_ACK])
      .expectNotices([])
      .expectTimer('time-wait', RFC_2MSL)
      .expectTransition('TIME-WAIT --rcv FIN--> TIME-WAIT');
  });

  it('TIME-WAIT --rcv unacceptable segment--> TIME-WAIT (a FIN ending before RCV.NXT is an old duplicate: ACK, no restart)', () => {
    // FIN at IRS occupies IRS only, below RCV.NXT = IRS+2: the first step finds it unacceptable,
    // sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drops it; the fifth and eighth steps are not reached.
    const d = inTimeWait(modules).advance(10_000);
    d.peerSends({ seq: IRS, ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectSent([OUR_ACK])
      .expectNotices([])
      .expectTimer('time-wait', RFC_2MSL - 10_000)
      .expectTransition('TIME-WAIT --rcv unacceptable segment--> TIME-WAIT');
  });
});

// ---- RST with rfc1337 on -----------------------------------------------------------------------------

describe('TIME-WAIT: RST with rfc1337 on (the rfc profile)', () => {
  const rsts: { what: string; seq: number; ctl: Ctl }[] = [
    { what: 'SEG.SEQ = RCV.NXT, which would otherwise reset', seq: seq(IRS, 2), ctl: 'RST' },
    { what: 'RST,ACK at RCV.NXT', seq: seq(IRS, 2), ctl: 'RST,ACK' },
    { what: 'in the window but not at RCV.NXT: no challenge ACK either', seq: seq(IRS, 3), ctl: 'RST' },
    { what: 'below the window', seq: seq(IRS, 1), ctl: 'RST' },
  ];
  for (const { what, seq: s, ctl } of rsts) {
    it(`TIME-WAIT --rcv RST ignored--> TIME-WAIT (${what})`, () => {
      // RFC 1337 §3: ignore RST segments in TIME-WAIT; the wait ends only by its own timer.
      const d = inTimeWait(modules).advance(1_000);
      d.peerSends({ seq: s, ack: seq(ISS, 2), ctl })
        .expectState('TIME-WAIT')
        .expectNothingSent()
        .expectNotices([])
        .expectTimer('time-wait', RFC_2MSL - 1_000)
        .expectTransition('TIME-WAIT --rcv RST ignored--> TIME-WAIT');
      // The timer is neither stopped nor restarted: CLOSED exactly 2*MSL after entering TIME-WAIT.
      d.advance(RFC_2MSL - 1_001).expectState('TIME-WAIT');
      d.advance(1).expectState('CLOSED');
    });
  }

  it('TIME-WAIT --rcv RST ignored--> TIME-WAIT (linux profile with rfc1337 switched on)', () => {
    const d = inTimeWait(modules, { profile: 'linux', config: { rfc1337: true } });
    d.peerSends({ seq: seq(IRS, 2), ctl: 'RST' })
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('time-wait', LINUX_2MSL)
      .expectTransition('TIME-WAIT --rcv RST ignored--> TIME-WAIT');
  });
});

// ---- other segments: ACK, data --------------------------------------------------------------------------

describe('TIME-WAIT: other segments', () => {
  it('TIME-WAIT --rcv ACK--> TIME-WAIT', () => {
    // An acceptable bare ACK at RCV.NXT: nothing new can arrive, so it is ignored: no reply, and the
    // timer keeps its deadline (only a retransmitted FIN restarts it).
    const d = inTimeWait(modules).advance(30_000);
    d.peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('time-wait', RFC_2MSL - 30_000)
      .expectTransition('TIME-WAIT --rcv ACK--> TIME-WAIT');
  });

  it('TIME-WAIT --rcv ACK--> TIME-WAIT (text in the window is ignored, not delivered)', () => {
    // Seventh step, TIME-WAIT: "This should not occur since a FIN has been received from the remote
    // side. Ignore the segment text." No data notice, no ACK.
    const d = inTimeWait(modules).advance(30_000);
    d.peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'ACK', data: 'late' })
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('time-wait', RFC_2MSL - 30_000)
      .expectTransition('TIME-WAIT --rcv ACK--> TIME-WAIT');
  });

  it('TIME-WAIT --rcv ACK--> TIME-WAIT (at the far edge of the window, past 2^32)', () => {
    // RCV.NXT+RCV.WND-1 = IRS+2+65534 wraps to 65236: still acceptable, so still just ignored.
    const d = inTimeWait(modules);
    d.peerSends({ seq: seq(IRS, 2 + RCV_WND - 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('time-wait', RFC_2MSL)
      .expectTransition('TIME-WAIT --rcv ACK--> TIME-WAIT');
  });

  const outside: { what: string; seq: number }[] = [
    { what: 'an old duplicate ACK below RCV.NXT', seq: seq(IRS, 1) },
    { what: 'just past the window, at RCV.NXT+RCV.WND', seq: seq(IRS, 2 + RCV_WND) },
  ];
  for (const { what, seq: s } of outside) {
    it(`TIME-WAIT --rcv unacceptable segment--> TIME-WAIT (${what})`, () => {
      // First step: not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, drop; the timer is untouched.
      const d = inTimeWait(modules).advance(30_000);
      d.peerSends({ seq: s, ack: seq(ISS, 2), ctl: 'ACK' })
        .expectState('TIME-WAIT')
        .expectSent([OUR_ACK])
        .expectNotices([])
        .expectTimer('time-wait', RFC_2MSL - 30_000)
        .expectTransition('TIME-WAIT --rcv unacceptable segment--> TIME-WAIT');
    });
  }
});

// ---- the 2MSL timeout --------------------------------------------------------------------------------

describe('TIME-WAIT: the 2*MSL timeout', () => {
  it('TIME-WAIT --timeout 2MSL--> CLOSED', () => {
    // §3.10.8 TIME-WAIT TIMEOUT: delete the TCB, enter CLOSED. rfc: 2 × 120 s = 240 s, not 1 ms less.
    const d = inTimeWait(modules);
    expectOnlyTimeWaitTimer(d, RFC_2MSL);
    d.advance(RFC_2MSL - 1)
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('time-wait', 1);
    d.advance(1)
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('TIME-WAIT --timeout 2MSL--> CLOSED');
    expectNoTimers(d);
  });

  it('TIME-WAIT --timeout 2MSL--> CLOSED (linux profile: 60 s)', () => {
    const d = inTimeWait(modules, { profile: 'linux' });
    expectOnlyTimeWaitTimer(d, LINUX_2MSL);
    d.advance(LINUX_2MSL - 1)
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectNotices([]);
    d.advance(1)
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('TIME-WAIT --timeout 2MSL--> CLOSED');
    expectNoTimers(d);
  });

  it('TIME-WAIT --timeout 2MSL--> CLOSED (mslMs set to 1 s: 2 s)', () => {
    const d = inTimeWait(modules, { config: { mslMs: 1_000 } });
    expectOnlyTimeWaitTimer(d, 2_000);
    d.advance(1_999).expectState('TIME-WAIT');
    d.advance(1)
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('TIME-WAIT --timeout 2MSL--> CLOSED');
  });

  it('TIME-WAIT --timeout 2MSL--> CLOSED (reached through CLOSING: the timer starts at the ACK of our FIN)', () => {
    const d = inClosing(modules)
      .advance(2_000)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('TIME-WAIT');
    expectOnlyTimeWaitTimer(d, RFC_2MSL);
    d.advance(RFC_2MSL - 1).expectState('TIME-WAIT');
    d.advance(1).expectState('CLOSED').expectNotices([]).expectTransition('TIME-WAIT --timeout 2MSL--> CLOSED');
  });

  it('CLOSED --rcv segment with ACK--> CLOSED (after 2*MSL a copy of the FIN meets no TCB and draws a RST)', () => {
    // §3.10.7.1: the FIN has the ACK bit, so <SEQ=SEG.ACK><CTL=RST> = <SEQ=ISS+2><CTL=RST>.
    const d = inTimeWait(modules).advance(RFC_2MSL).expectState('CLOSED');
    d.peerSends(PEER_FIN)
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 2), ctl: 'RST' }])
      .expectNotices([])
      .expectTransition('CLOSED --rcv segment with ACK--> CLOSED');
  });
});

// ---- owned by 08-resets: RST with rfc1337 off, SYN ---------------------------------------------------

describe('TIME-WAIT: RST with rfc1337 off (08-resets)', () => {
  const off = { config: { rfc1337: false } } as const;

  it('TIME-WAIT --rcv RST--> CLOSED (SEG.SEQ = RCV.NXT)', () => {
    // §3.10.7.4 second step: an exact RST in TIME-WAIT: enter CLOSED, delete the TCB. The user has
    // closed already, so no notice; nothing is sent.
    const d = inTimeWait(modules, off).advance(1_000);
    d.peerSends({ seq: seq(IRS, 2), ctl: 'RST' })
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('TIME-WAIT --rcv RST--> CLOSED');
    expectNoTimers(d);
  });

  it('TIME-WAIT --rcv RST--> CLOSED (linux profile: tcp_rfc1337 = 0 by default)', () => {
    const d = inTimeWait(modules, { profile: 'linux' });
    d.peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'RST,ACK' })
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('TIME-WAIT --rcv RST--> CLOSED');
    expectNoTimers(d);
  });

  const inWindow: { what: string; seq: number }[] = [
    { what: 'RCV.NXT+1', seq: seq(IRS, 3) },
    { what: 'the last octet of the window, past 2^32', seq: seq(IRS, 2 + RCV_WND - 1) },
  ];
  for (const { what, seq: s } of inWindow) {
    it(`TIME-WAIT --rcv RST in window--> TIME-WAIT (${what})`, () => {
      // RFC 5961 §3.2: in the window but not exactly RCV.NXT: challenge ACK
      // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, drop; TIME-WAIT and its timer go on.
      const d = inTimeWait(modules, off).advance(1_000);
      d.peerSends({ seq: s, ctl: 'RST' })
        .expectState('TIME-WAIT')
        .expectSent([OUR_ACK])
        .expectNotices([])
        .expectTimer('time-wait', RFC_2MSL - 1_000)
        .expectTransition('TIME-WAIT --rcv RST in window--> TIME-WAIT');
    });
  }

  const outOfWindow: { what: string; seq: number }[] = [
    { what: 'below RCV.NXT', seq: seq(IRS, 1) },
    { what: 'at RCV.NXT+RCV.WND', seq: seq(IRS, 2 + RCV_WND) },
  ];
  for (const { what, seq: s } of outOfWindow) {
    it(`TIME-WAIT --rcv unacceptable segment--> TIME-WAIT (a RST ${what} is dropped silently)`, () => {
      // RFC 5961 §3.2 check 1 and the first step: a RST outside the window: no reply at all.
      const d = inTimeWait(modules, off).advance(1_000);
      d.peerSends({ seq: s, ctl: 'RST' })
        .expectState('TIME-WAIT')
        .expectNothingSent()
        .expectNotices([])
        .expectTimer('time-wait', RFC_2MSL - 1_000)
        .expectTransition('TIME-WAIT --rcv unacceptable segment--> TIME-WAIT');
    });
  }
});

describe('TIME-WAIT: SYN (08-resets)', () => {
  it('TIME-WAIT --rcv SYN--> TIME-WAIT', () => {
    // RFC 5961 §4.2, §3.10.7.4 fourth step: a SYN, whatever its sequence number, gets a challenge ACK
    // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and is dropped. No reopening, no restart of the timer.
    const d = inTimeWait(modules).advance(20_000);
    d.peerSends({ seq: seq(IRS, 1_000), ctl: 'SYN' })
      .expectState('TIME-WAIT')
      .expectSent([OUR_ACK])
      .expectNotices([])
      .expectTimer('time-wait', RFC_2MSL - 20_000)
      .expectTransition('TIME-WAIT --rcv SYN--> TIME-WAIT');
  });

  it('TIME-WAIT --rcv SYN--> TIME-WAIT (SEG.SEQ = RCV.NXT, linux profile)', () => {
    const d = inTimeWait(modules, { profile: 'linux' });
    d.peerSends({ seq: seq(IRS, 2), ctl: 'SYN' })
      .expectState('TIME-WAIT')
      .expectSent([OUR_ACK])
      .expectNotices([])
      .expectTimer('time-wait', LINUX_2MSL)
      .expectTransition('TIME-WAIT --rcv SYN--> TIME-WAIT');
  });

  it('TIME-WAIT --rcv unacceptable segment--> TIME-WAIT (a SYN beyond the window gets the same ACK from the first step)', () => {
    // A new incarnation's SYN with a higher ISN falls outside the window: the sequence check answers
    // with the same <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, so the peer sees one reply either way.
    const d = inTimeWait(modules).advance(20_000);
    d.peerSends({ seq: seq(IRS, 2 + RCV_WND + 100_000), ctl: 'SYN' })
      .expectState('TIME-WAIT')
      .expectSent([OUR_ACK])
      .expectNotices([])
      .expectTimer('time-wait', RFC_2MSL - 20_000)
      .expectTransition('TIME-WAIT --rcv unacceptable segment--> TIME-WAIT');
  });
});

describe('TIME-WAIT as Linux answers (timeWaitAcks)', () => {
  it('TIME-WAIT --rcv ACK, restart--> TIME-WAIT', () => {
    // tcp_timewait_state_process: a bare ACK at RCV.NXT restarts the 60 s; nothing is sent (Linux 6.18
    // sent nothing to it).
    const d = inTimeWait(modules, { profile: 'linux' }).advance(10_000);
    d.peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectTimer('time-wait', LINUX_2MSL)
      .expectTransition('TIME-WAIT --rcv ACK, restart--> TIME-WAIT');
  });

  it('TIME-WAIT --rcv ACK, restart--> TIME-WAIT (text is acknowledged)', () => {
    // Linux 6.18 answered 'late' at RCV.NXT in TIME-WAIT with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the
    // rfc profile ignores the text (RFC 9293 §3.10.7.4, seventh step).
    inTimeWait(modules, { profile: 'linux' })
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'ACK', data: 'late' })
      .expectState('TIME-WAIT')
      .expectSent([OUR_ACK])
      .expectNotices([])
      .expectTransition('TIME-WAIT --rcv ACK, restart--> TIME-WAIT');
    inTimeWait(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'ACK', data: 'late' })
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectTransition('TIME-WAIT --rcv ACK--> TIME-WAIT');
  });

  it('TIME-WAIT --rcv RST ignored--> TIME-WAIT (linux: a RST not at RCV.NXT draws no challenge ACK)', () => {
    // Linux 6.18 with tcp_rfc1337 = 0: a RST 8 octets past RCV.NXT left TIME-WAIT in place and drew nothing.
    inTimeWait(modules, { profile: 'linux' })
      .peerSends({ seq: seq(IRS, 10), ctl: 'RST' })
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectTransition('TIME-WAIT --rcv RST ignored--> TIME-WAIT');
  });
});

describe('a new SYN in TIME-WAIT (timeWaitReopen)', () => {
  /** A connection from a listener that closed first: our FIN ISS+1 acknowledged, the peer's FIN IRS+1 too. */
  const inTimeWaitPassive = (o: { profile?: 'rfc' | 'linux' } = {}): Dialogue =>
    inEstablishedPassive(modules, o)
      .userCalls('CLOSE')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT');

  it('TIME-WAIT --rcv SYN above RCV.NXT--> SYN-RECEIVED', () => {
    // Linux 6.18: a SYN above RCV.NXT to a server socket in TIME-WAIT drew a SYN,ACK at the old SND.NXT
    // + 65537 (RFC 9293 §3.6.1, MAY-2: the new ISS above every number the old incarnation used). Here
    // SND.NXT = ISS+2, so the new ISS is ISS+65539 (past the wrap), and RCV.NXT = IRS+1001.
    const d = inTimeWaitPassive({ profile: 'linux' })
      .peerSends({ seq: seq(IRS, 1000), ctl: 'SYN' })
      .expectState('SYN-RECEIVED')
      .expectSent([{ seq: seq(ISS, 65_539), ack: seq(IRS, 1001), ctl: 'SYN,ACK' }])
      .expectTimer('time-wait', undefined)
      .expectTimer('retransmission', 1_000)
      .expectTransition('TIME-WAIT --rcv SYN above RCV.NXT--> SYN-RECEIVED');
    d.peerSends({ seq: seq(IRS, 1001), ack: seq(ISS, 65_540), ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectNotices([{ kind: 'connected' }]);
  });

  it('TIME-WAIT --rcv SYN--> TIME-WAIT (rfc, an active opener, or a SYN below RCV.NXT: a challenge ACK)', () => {
    // RFC 9293 §3.10.7.4 fourth step with RFC 5961 §4.2: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, and
    // TIME-WAIT stays. Linux reopens only from a listener, and only for a SYN above RCV.NXT.
    inTimeWaitPassive()
      .peerSends({ seq: seq(IRS, 1000), ctl: 'SYN' })
      .expectState('TIME-WAIT')
      .expectSent([OUR_ACK])
      .expectTransition('TIME-WAIT --rcv SYN--> TIME-WAIT');
    inTimeWait(modules, { profile: 'linux' })
      .peerSends({ seq: seq(IRS, 1000), ctl: 'SYN' })
      .expectState('TIME-WAIT')
      .expectSent([OUR_ACK]);
    inTimeWaitPassive({ profile: 'linux' })
      .peerSends({ seq: seq(IRS, -1000), ctl: 'SYN' })
      .expectState('TIME-WAIT')
      .expectSent([OUR_ACK]);
  });
});
