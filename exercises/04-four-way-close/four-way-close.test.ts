/**
 * Public tests for 04 · the four-way close. Each title is a catalogue id; expected segments, timers
 * and notices are written from RFC 9293 §3.6, §3.10.4 and §3.10.7.4 (fifth and eighth steps), and
 * from the configuration values (rfc profile: mslMs 120 s, delayedAckMs 0, finWait2TimeoutMs 0;
 * linux profile: mslMs 30 s, finWait2TimeoutMs 60 s), never copied from output.
 *
 * Fixture numbers: ISS = 2^32-6, IRS = 2^32-300. ESTABLISHED: SND.NXT = ISS+1, RCV.NXT = IRS+1.
 * FIN-WAIT-1: our FIN is ISS+1, SND.NXT = ISS+2. CLOSE-WAIT: RCV.NXT = IRS+2.
 */
import { describe, it } from 'vitest';
import {
  IRS, ISS, seq,
  inClosed, inCloseWait, inClosing, inEstablished, inFinWait1, inFinWait2, inLastAck, inListen,
  inSynReceived, inSynReceivedActive, inSynSent, inTimeWait,
} from '../../grader/engine/testing/dialogue.js';
import { modulesWith } from '../../solutions/modules.js';
import * as fourWayClose from './four-way-close.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ fourWayClose });

const RTO = 1_000; // rfc profile initialRtoMs
const USER_TIMEOUT = 300_000; // rfc profile userTimeoutMs
const TWO_MSL = 240_000; // 2 * rfc profile mslMs (120 s)
const TWO_MSL_LINUX = 60_000; // 2 * linux profile mslMs (30 s)

describe('CLOSED', () => {
  it('CLOSED --CLOSE--> CLOSED', () => {
    // §3.10.4 CLOSED: "error: connection does not exist".
    inClosed(modules).userCalls('CLOSE')
      .expectState('CLOSED').expectNothingSent()
      .expectNotices([{ kind: 'error', call: 'CLOSE', message: 'connection does not exist' }])
      .expectTransition('CLOSED --CLOSE--> CLOSED');
  });
});

describe('LISTEN', () => {
  it('LISTEN --CLOSE--> CLOSED', () => {
    // §3.10.4 LISTEN: delete the TCB, enter CLOSED; nothing was ever sent, so nothing is sent now.
    inListen(modules).userCalls('CLOSE')
      .expectState('CLOSED').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('LISTEN --CLOSE--> CLOSED');
  });

  it('LISTEN --CLOSE--> CLOSED (a SYN afterwards finds no listener and is refused)', () => {
    // The TCB is gone: a SYN is answered as in CLOSED, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
    inListen(modules).userCalls('CLOSE')
      .peerSends({ seq: IRS, ctl: 'SYN' })
      .expectState('CLOSED').expectSent([{ seq: 0, ack: seq(IRS, 1), ctl: 'RST,ACK' }]);
  });
});

describe('SYN-SENT', () => {
  it('SYN-SENT --CLOSE--> CLOSED', () => {
    // §3.10.4 SYN-SENT: delete the TCB; no FIN (the peer has not synchronized), no retransmission.
    inSynSent(modules).userCalls('CLOSE')
      .expectState('CLOSED').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', undefined).expectTimer('user-timeout', undefined)
      .expectTransition('SYN-SENT --CLOSE--> CLOSED');
  });

  it('SYN-SENT --CLOSE--> CLOSED (queued data is discarded with the TCB)', () => {
    // The data queued by SEND is never sent: the SYN,ACK that follows finds CLOSED and gets
    // <SEQ=SEG.ACK><CTL=RST> (§3.10.7.1), not data.
    const d = inSynSent(modules).userCalls('SEND', 'lost').expectNothingSent();
    d.userCalls('CLOSE').expectState('CLOSED').expectNothingSent().expectNotices([]);
    d.advance(10 * RTO).expectNothingSent();
    d.peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' })
      .expectState('CLOSED').expectSent([{ seq: seq(ISS, 1), ctl: 'RST' }]).expectNotices([]);
  });
});

describe('SYN-RECEIVED', () => {
  it('SYN-RECEIVED --CLOSE--> FIN-WAIT-1', () => {
    // §3.10.4 SYN-RECEIVED, no SENDs issued: form a FIN and send it. <SEQ=SND.NXT=ISS+1>
    // <ACK=RCV.NXT=IRS+1><CTL=FIN,ACK>; our SYN,ACK is still unacknowledged, so the
    // retransmission timer keeps running.
    inSynReceived(modules).userCalls('CLOSE')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .expectNotices([]).expectTimer('retransmission', RTO)
      .expectTransition('SYN-RECEIVED --CLOSE--> FIN-WAIT-1');
  });

  it('SYN-RECEIVED --CLOSE--> FIN-WAIT-1 (simultaneous open)', () => {
    inSynReceivedActive(modules).userCalls('CLOSE')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .expectNotices([]).expectTransition('SYN-RECEIVED --CLOSE--> FIN-WAIT-1');
  });

  it('SYN-RECEIVED --CLOSE--> FIN-WAIT-1 (then one ACK covers both our SYN and our FIN)', () => {
    // SND.UNA = ISS < SEG.ACK = ISS+2 = SND.NXT: the SYN and the FIN are acknowledged together.
    // The connection never enters ESTABLISHED (the user closed first), so there is nothing to notify.
    inSynReceived(modules).userCalls('CLOSE')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('FIN-WAIT-2').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectRule('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2');
  });

  it('SYN-RECEIVED --CLOSE--> FIN-WAIT-1 (queued data and the FIN wait until our SYN is acknowledged)', () => {
    // §3.10.2 SYN-RECEIVED: SEND data is queued "for transmission after entering ESTABLISHED state";
    // §3.10.4 SYN-RECEIVED: with pending data the CLOSE is queued "for processing after entering
    // ESTABLISHED state". So nothing leaves before the peer's ACK; then the data with the FIN on it.
    const d = inSynReceived(modules).userCalls('SEND', 'ab').expectNothingSent();
    d.userCalls('CLOSE').expectNothingSent().expectNotices([]);
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'FIN,ACK', data: 'ab' }]);
  });
});

describe('ESTABLISHED', () => {
  it('ESTABLISHED --CLOSE--> FIN-WAIT-1', () => {
    // §3.10.4 ESTABLISHED: nothing queued, so the FIN goes at once: <SEQ=ISS+1><ACK=IRS+1><CTL=FIN,ACK>.
    // The FIN occupies ISS+1, so it is retransmitted until acknowledged.
    inEstablished(modules).userCalls('CLOSE')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .expectNotices([]).expectTimer('retransmission', RTO).expectTimer('user-timeout', USER_TIMEOUT)
      .expectTransition('ESTABLISHED --CLOSE--> FIN-WAIT-1');
  });

  it('ESTABLISHED --CLOSE--> FIN-WAIT-1 (data already sent: the FIN follows it, at SEQ 0 after the wrap)', () => {
    // 'hello' occupies ISS+1 .. ISS+5 = 2^32-1, so the FIN's sequence number is ISS+6 = 0.
    inEstablished(modules).userCalls('SEND', 'hello')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'hello' }])
      .userCalls('CLOSE')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: 0, ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .expectTransition('ESTABLISHED --CLOSE--> FIN-WAIT-1');
  });

  it('ESTABLISHED --CLOSE--> FIN-WAIT-1 (queued data first, the FIN on the last data segment)', () => {
    // The peer's window of 1 lets only 'a' out. CLOSE enters FIN-WAIT-1 at once but the FIN waits
    // until "all preceding SENDs have been segmentized". When the window opens, the rest goes in
    // segments of MSS = 3: 'bcd' (ISS+2..ISS+4), then 'efg' (ISS+5..ISS+7) carrying the FIN at ISS+8.
    const d = inEstablished(modules, { config: { mss: 3 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', wnd: 1 }).expectNothingSent();
    d.userCalls('SEND', 'abcdefg')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'a' }]);
    d.userCalls('CLOSE').expectState('FIN-WAIT-1').expectNothingSent().expectNotices([])
      .expectTransition('ESTABLISHED --CLOSE--> FIN-WAIT-1');
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', wnd: 8192 })
      .expectState('FIN-WAIT-1')
      .expectSent([
        { seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK', data: 'bcd' },
        { seq: seq(ISS, 5), ack: seq(IRS, 1), ctl: 'FIN,ACK', data: 'efg' },
      ]);
    // Everything up to and including the FIN (ISS+8) acknowledged: SEG.ACK = ISS+9.
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 9), ctl: 'ACK' })
      .expectState('FIN-WAIT-2').expectNothingSent().expectTimer('retransmission', undefined);
  });

  it('ESTABLISHED --rcv FIN--> CLOSE-WAIT', () => {
    // Eighth step: signal "connection closing", RCV.NXT = IRS+1+1, send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
    inEstablished(modules).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('retransmission', undefined).expectTimer('delayed-ack', undefined)
      .expectTimer('time-wait', undefined)
      .expectTransition('ESTABLISHED --rcv FIN--> CLOSE-WAIT');
  });

  it('ESTABLISHED --rcv FIN--> CLOSE-WAIT (data before the FIN: delivered first, one ACK for both)', () => {
    // 'bye' is IRS+1..IRS+3, the FIN IRS+4: RCV.NXT = IRS+5. MUST-58: one ACK, not two.
    inEstablished(modules).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK', data: 'bye' })
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 5), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'bye' }, { kind: 'closing' }])
      .expectRule('ESTABLISHED --rcv data--> ESTABLISHED')
      .expectRule('ESTABLISHED --rcv FIN--> CLOSE-WAIT');
  });

  it('ESTABLISHED --rcv FIN--> CLOSE-WAIT (the FIN sits at 2^32-1+1 = 0: RCV.NXT wraps to 1)', () => {
    // 299 octets fill IRS+1 .. 2^32-1; the FIN is sequence number 0, so RCV.NXT becomes 1.
    const data = 'x'.repeat(299);
    inEstablished(modules).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK', data })
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: 1, ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data }, { kind: 'closing' }]);
  });

  it('ESTABLISHED --rcv FIN--> CLOSE-WAIT (the ACK that completes a passive open carries a FIN)', () => {
    // SYN-RECEIVED fifth step enters ESTABLISHED "and continue processing"; the eighth step sees the FIN.
    inSynReceived(modules).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([{ kind: 'connected' }, { kind: 'closing' }])
      .expectRule('SYN-RECEIVED --rcv ACK--> ESTABLISHED')
      .expectRule('ESTABLISHED --rcv FIN--> CLOSE-WAIT');
  });

  it('ESTABLISHED --rcv FIN--> CLOSE-WAIT (not for a FIN beyond RCV.NXT: held until the gap fills)', () => {
    // The FIN at IRS+2 leaves IRS+1 missing: it is in the window, but the eighth step only sees the
    // idealized segment that begins at RCV.NXT. It is held (SHLD-31) and RCV.NXT is repeated.
    const d = inEstablished(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectRule('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED');
    // The missing octet arrives: 'a' is delivered, then the held FIN is next in sequence.
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'a' }, { kind: 'closing' }])
      .expectRule('ESTABLISHED --rcv FIN--> CLOSE-WAIT');
  });
});

describe('CLOSE-WAIT', () => {
  it('CLOSE-WAIT --CLOSE--> LAST-ACK', () => {
    // §3.10.4 CLOSE-WAIT: send a FIN, enter LAST-ACK. <SEQ=ISS+1><ACK=RCV.NXT=IRS+2><CTL=FIN,ACK>.
    inCloseWait(modules).userCalls('CLOSE')
      .expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'FIN,ACK' }])
      .expectNotices([]).expectTimer('retransmission', RTO)
      .expectTransition('CLOSE-WAIT --CLOSE--> LAST-ACK');
  });

  it('CLOSE-WAIT --CLOSE--> LAST-ACK (queued data first, the FIN on the last data segment)', () => {
    // Half-close: we may still send. The peer's window of 2 lets 'ab' out; 'cd' waits, and the FIN
    // rides on it when the window opens: 'cd' is ISS+3..ISS+4, the FIN ISS+5 = 2^32-1.
    const d = inCloseWait(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK', wnd: 2 }).expectNothingSent();
    d.userCalls('SEND', 'abcd')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK', data: 'ab' }]);
    d.userCalls('CLOSE').expectState('LAST-ACK').expectNothingSent()
      .expectTransition('CLOSE-WAIT --CLOSE--> LAST-ACK');
    d.peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 3), ctl: 'ACK', wnd: 8192 })
      .expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 3), ack: seq(IRS, 2), ctl: 'FIN,ACK', data: 'cd' }]);
    // SEG.ACK = ISS+6 = 0 covers the FIN at 2^32-1.
    d.peerSends({ seq: seq(IRS, 2), ack: 0, ctl: 'ACK' })
      .expectState('CLOSED').expectNothingSent().expectRule('LAST-ACK --rcv ACK of FIN--> CLOSED');
  });

  it('CLOSE-WAIT --CLOSE--> LAST-ACK (merged close: the delayed ACK of their FIN rides on our FIN)', () => {
    // delayedAckMs 200: the ACK of their FIN is held (§3.8.6.3). CLOSE 100 ms later sends one
    // segment <SEQ=ISS+1><ACK=IRS+2><CTL=FIN,ACK> that acknowledges their FIN and carries ours.
    const d = inEstablished(modules, { config: { delayedAckMs: 200 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('CLOSE-WAIT').expectNothingSent().expectNotices([{ kind: 'closing' }])
      .expectTimer('delayed-ack', 200);
    d.advance(100).expectNothingSent().expectTimer('delayed-ack', 100);
    d.userCalls('CLOSE')
      .expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'FIN,ACK' }])
      .expectTimer('delayed-ack', undefined).expectTimer('retransmission', RTO)
      .expectTransition('CLOSE-WAIT --CLOSE--> LAST-ACK');
    // Nothing else follows: no separate ACK when the 200 ms would have run out.
    d.advance(100).expectNothingSent().expectState('LAST-ACK');
  });

  it('CLOSE-WAIT --CLOSE--> LAST-ACK (too late to merge: the delayed ACK already went alone)', () => {
    const d = inEstablished(modules, { config: { delayedAckMs: 200 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' }).expectNothingSent();
    d.advance(200).expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectRule('CLOSE-WAIT --timeout delayed ACK--> CLOSE-WAIT');
    d.userCalls('CLOSE').expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'FIN,ACK' }]);
  });
});

describe('CLOSE while already closing', () => {
  // §3.10.4 FIN-WAIT-1, FIN-WAIT-2: "error: connection closing" (and no second FIN);
  // CLOSING, LAST-ACK, TIME-WAIT: "error: connection closing". Timers are left as they were.
  const cases = [
    { state: 'FIN-WAIT-1', reach: inFinWait1, retransmission: RTO, timeWait: undefined },
    { state: 'FIN-WAIT-2', reach: inFinWait2, retransmission: undefined, timeWait: undefined },
    { state: 'CLOSING', reach: inClosing, retransmission: RTO, timeWait: undefined },
    { state: 'LAST-ACK', reach: inLastAck, retransmission: RTO, timeWait: undefined },
    { state: 'TIME-WAIT', reach: inTimeWait, retransmission: undefined, timeWait: TWO_MSL },
  ] as const;
  for (const { state, reach, retransmission, timeWait } of cases) {
    it(`${state} --CLOSE--> ${state}`, () => {
      reach(modules).userCalls('CLOSE')
        .expectState(state).expectNothingSent()
        .expectNotices([{ kind: 'error', call: 'CLOSE', message: 'connection closing' }])
        .expectTimer('retransmission', retransmission).expectTimer('time-wait', timeWait)
        .expectTransition(`${state} --CLOSE--> ${state}`);
    });
  }

  it('FIN-WAIT-1 --CLOSE--> FIN-WAIT-1 (the FIN may be retransmitted, but no second FIN is formed)', () => {
    // The retransmission after one RTO repeats the FIN at ISS+1; it is not a new FIN at ISS+2.
    inFinWait1(modules).userCalls('CLOSE').expectNothingSent()
      .advance(RTO)
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'FIN,ACK' }]).expectState('FIN-WAIT-1');
  });
});

describe('FIN-WAIT-1', () => {
  it('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2', () => {
    // Fifth step: SEG.ACK = ISS+2 = SND.NXT covers our FIN (ISS+1). Nothing to send; the
    // retransmission timer stops (RFC 6298 (5.2)); the rfc profile has no FIN-WAIT-2 timer.
    inFinWait1(modules).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('FIN-WAIT-2').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', undefined).expectTimer('user-timeout', undefined)
      .expectTimer('fin-wait-2', undefined).expectTimer('time-wait', undefined)
      .expectTransition('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2');
  });

  it('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2 (not for a duplicate ACK that stops short of the FIN)', () => {
    // SEG.ACK = ISS+1 = SND.UNA: a duplicate; the FIN is still unacknowledged.
    inFinWait1(modules).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('FIN-WAIT-1').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1');
  });

  it('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2 (not for an ACK of the data before the FIN)', () => {
    // 'ab' is ISS+1..ISS+2, the FIN ISS+3. SEG.ACK = ISS+3 acknowledges the data only; the
    // retransmission timer restarts for the FIN (RFC 6298 (5.3)). SEG.ACK = ISS+4 then covers it.
    const d = inEstablished(modules).userCalls('SEND', 'ab').userCalls('CLOSE')
      .expectSent([{ seq: seq(ISS, 3), ack: seq(IRS, 1), ctl: 'FIN,ACK' }]);
    d.advance(500).expectNothingSent();
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 3), ctl: 'ACK' })
      .expectState('FIN-WAIT-1').expectNothingSent().expectTimer('retransmission', RTO)
      .expectTransition('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1');
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('FIN-WAIT-2').expectNothingSent().expectTimer('retransmission', undefined)
      .expectTransition('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2');
  });

  it('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2 (the FIN-WAIT-2 timer starts when it is configured)', () => {
    inFinWait1(modules, { config: { finWait2TimeoutMs: 60_000 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('FIN-WAIT-2').expectTimer('fin-wait-2', 60_000);
  });

  it('FIN-WAIT-1 --rcv FIN--> CLOSING', () => {
    // Simultaneous close: SEG.ACK = ISS+1 does not cover our FIN. Eighth step: "closing",
    // RCV.NXT = IRS+2, send <SEQ=SND.NXT=ISS+2><ACK=IRS+2><CTL=ACK>; our FIN is still retransmitted.
    inFinWait1(modules).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('CLOSING')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('retransmission', RTO).expectTimer('time-wait', undefined)
      .expectTransition('FIN-WAIT-1 --rcv FIN--> CLOSING');
  });

  it('FIN-WAIT-1 --rcv FIN--> CLOSING (data before the FIN is delivered, one ACK for both)', () => {
    // 'zz' is IRS+1..IRS+2, the FIN IRS+3: RCV.NXT = IRS+4.
    inFinWait1(modules).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK', data: 'zz' })
      .expectState('CLOSING')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 4), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'zz' }, { kind: 'closing' }]);
  });

  it('FIN-WAIT-1 --rcv FIN,ACK--> TIME-WAIT', () => {
    // One segment acknowledges our FIN (fifth step: FIN-WAIT-2, "continue processing in that
    // state") and carries theirs (eighth step, FIN-WAIT-1 "perhaps in this segment": TIME-WAIT).
    // <SEQ=ISS+2><ACK=IRS+2><CTL=ACK>, the time-wait timer at 2*MSL, the other timers off.
    inFinWait1(modules).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('time-wait', TWO_MSL)
      .expectTimer('retransmission', undefined).expectTimer('user-timeout', undefined)
      .expectTimer('delayed-ack', undefined).expectTimer('fin-wait-2', undefined)
      .expectTimer('keepalive', undefined)
      .expectTransition('FIN-WAIT-1 --rcv FIN,ACK--> TIME-WAIT')
      .expectRule('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2')
      .expectRule('FIN-WAIT-2 --rcv FIN--> TIME-WAIT');
  });

  it('FIN-WAIT-1 --rcv FIN,ACK--> TIME-WAIT (linux: the FIN-WAIT-2 timer started on the way is off)', () => {
    inFinWait1(modules, { profile: 'linux' })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectTimer('time-wait', TWO_MSL_LINUX).expectTimer('fin-wait-2', undefined)
      .expectTimer('retransmission', undefined)
      .expectTransition('FIN-WAIT-1 --rcv FIN,ACK--> TIME-WAIT');
  });
});

describe('FIN-WAIT-2', () => {
  it('FIN-WAIT-2 --rcv FIN--> TIME-WAIT', () => {
    // Eighth step: "closing", RCV.NXT = IRS+2, <SEQ=ISS+2><ACK=IRS+2><CTL=ACK>; TIME-WAIT with the
    // time-wait timer at 2*MSL = 240 s and every other timer off.
    inFinWait2(modules).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('time-wait', TWO_MSL)
      .expectTimer('retransmission', undefined).expectTimer('user-timeout', undefined)
      .expectTimer('delayed-ack', undefined).expectTimer('fin-wait-2', undefined)
      .expectTimer('keepalive', undefined)
      .expectTransition('FIN-WAIT-2 --rcv FIN--> TIME-WAIT');
  });

  it('FIN-WAIT-2 --rcv FIN--> TIME-WAIT (the time-wait timer follows mslMs)', () => {
    inFinWait2(modules, { config: { mslMs: 5_000 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT').expectTimer('time-wait', 10_000);
  });

  it('FIN-WAIT-2 --rcv FIN--> TIME-WAIT (linux: the delayed ACK and the FIN-WAIT-2 timer are turned off)', () => {
    // Linux profile: delayedAckMs 40 holds the ACK of 'd' (IRS+1); the FIN (IRS+2) is acknowledged
    // at once with ACK = IRS+3, which also covers 'd'. TIME-WAIT lasts 2 * 30 s.
    const d = inFinWait2(modules, { profile: 'linux' }).expectTimer('fin-wait-2', 60_000);
    d.advance(10).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'd' })
      .expectNothingSent().expectNotices([{ kind: 'data', data: 'd' }]).expectTimer('delayed-ack', 40);
    d.peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('time-wait', TWO_MSL_LINUX)
      .expectTimer('delayed-ack', undefined).expectTimer('fin-wait-2', undefined)
      .expectTransition('FIN-WAIT-2 --rcv FIN--> TIME-WAIT');
  });

  it('FIN-WAIT-2 --rcv FIN--> TIME-WAIT (not for a FIN beyond RCV.NXT)', () => {
    // The FIN at IRS+3 leaves IRS+1..IRS+2 missing: held, RCV.NXT = IRS+1 repeated, no TIME-WAIT.
    inFinWait2(modules).peerSends({ seq: seq(IRS, 3), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('FIN-WAIT-2')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([]).expectTimer('time-wait', undefined)
      .expectRule('FIN-WAIT-2 --rcv data ahead of RCV.NXT--> FIN-WAIT-2');
  });

  it('FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED', () => {
    // finWait2TimeoutMs 60 s (Linux tcp_fin_timeout): the peer never sends its FIN; after 60 s in
    // FIN-WAIT-2 the connection is dropped without a segment and the user is told "timed out".
    const d = inFinWait2(modules, { config: { finWait2TimeoutMs: 60_000 } }).expectTimer('fin-wait-2', 60_000);
    d.advance(59_999).expectState('FIN-WAIT-2').expectNothingSent().expectNotices([]);
    d.advance(1)
      .expectState('CLOSED').expectNothingSent()
      .expectNotices([{ kind: 'timed-out', reason: 'fin-wait-2' }])
      .expectTimer('fin-wait-2', undefined).expectTimer('time-wait', undefined)
      .expectTransition('FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED');
  });

  it('FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED (linux profile)', () => {
    inFinWait2(modules, { profile: 'linux' }).expectTimer('fin-wait-2', 60_000)
      .advanceTo('fin-wait-2')
      .expectState('CLOSED').expectNothingSent()
      .expectNotices([{ kind: 'timed-out', reason: 'fin-wait-2' }])
      .expectTransition('FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED');
  });

  it('FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED (never in the rfc profile: FIN-WAIT-2 waits for the peer)', () => {
    // RFC 9293 has no FIN-WAIT-2 timer: an hour later the connection is still in FIN-WAIT-2,
    // and the peer's FIN still takes it to TIME-WAIT.
    const d = inFinWait2(modules).expectTimer('fin-wait-2', undefined);
    d.advance(3_600_000).expectState('FIN-WAIT-2').expectNothingSent().expectNotices([]);
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT').expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }]);
  });
});

describe('CLOSING', () => {
  it('CLOSING --rcv ACK of FIN--> TIME-WAIT', () => {
    // Fifth step: SEG.ACK = ISS+2 acknowledges our FIN: TIME-WAIT, 2*MSL, the other timers off.
    inClosing(modules).peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('TIME-WAIT').expectNothingSent().expectNotices([])
      .expectTimer('time-wait', TWO_MSL)
      .expectTimer('retransmission', undefined).expectTimer('user-timeout', undefined)
      .expectTimer('delayed-ack', undefined)
      .expectTransition('CLOSING --rcv ACK of FIN--> TIME-WAIT');
  });

  it('CLOSING --rcv ACK of FIN--> TIME-WAIT (not for an ACK short of the FIN: "otherwise, ignore the segment")', () => {
    inClosing(modules).peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('CLOSING').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO).expectTimer('time-wait', undefined)
      .expectTransition('CLOSING --rcv ACK--> CLOSING');
  });
});

describe('LAST-ACK', () => {
  it('LAST-ACK --rcv ACK of FIN--> CLOSED', () => {
    // Fifth step: SEG.ACK = ISS+2 acknowledges our FIN: delete the TCB, nothing sent, no TIME-WAIT.
    inLastAck(modules).peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('CLOSED').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', undefined).expectTimer('user-timeout', undefined)
      .expectTimer('time-wait', undefined)
      .expectTransition('LAST-ACK --rcv ACK of FIN--> CLOSED');
  });

  it('LAST-ACK --rcv ACK of FIN--> CLOSED (not for an ACK short of the FIN)', () => {
    inLastAck(modules).peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('LAST-ACK').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('LAST-ACK --rcv ACK--> LAST-ACK');
  });
});
