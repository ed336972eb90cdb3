/**
 * Public tests for 04 · the four-way close: the active close, FIN-WAIT-1 and FIN-WAIT-2. Each title
 * is a catalogue id; expected segments, timers and notices are written from RFC 9293 §3.6 and
 * §3.10.7.4 (fifth and eighth steps), and from the configuration values (rfc profile: mslMs 120 s,
 * delayedAckMs 0, finWait2TimeoutMs 0; linux profile: mslMs 30 s, finWait2TimeoutMs 60 s), never
 * copied from output.
 *
 * Fixture numbers: ISS = 2^32-6, IRS = 2^32-300. ESTABLISHED: SND.NXT = ISS+1, RCV.NXT = IRS+1.
 * FIN-WAIT-1: our FIN is ISS+1, SND.NXT = ISS+2. CLOSE-WAIT: RCV.NXT = IRS+2.
 */
import { describe, it } from 'vitest';
import { IRS, ISS, seq, inEstablished, inFinWait1, inFinWait2 } from '../../grader/engine/testing/dialogue.js';
import { modulesWith } from '../../solutions/modules.js';
import * as fourWayClose from './four-way-close.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ fourWayClose });

const RTO = 1_000; // rfc profile initialRtoMs
const TWO_MSL = 240_000; // 2 * rfc profile mslMs (120 s)
const TWO_MSL_LINUX = 60_000; // 2 * linux profile mslMs (30 s)

describe('FIN-WAIT-1', () => {
  it('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2', () => {
    // Fifth step: SEG.ACK = ISS+2 = SND.NXT covers our FIN (ISS+1). Nothing to send; the
    // retransmission timer stops (RFC 6298 (5.2)); the rfc profile has no FIN-WAIT-2 timer.
    inFinWait1(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('FIN-WAIT-2')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTimer('user-timeout', undefined)
      .expectTimer('fin-wait-2', undefined)
      .expectTimer('time-wait', undefined)
      .expectTransition('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2');
  });

  it('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2 (not for a duplicate ACK that stops short of the FIN)', () => {
    // SEG.ACK = ISS+1 = SND.UNA: a duplicate; the FIN is still unacknowledged.
    inFinWait1(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('FIN-WAIT-1')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1');
  });

  it('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2 (not for an ACK of the data before the FIN)', () => {
    // 'ab' is ISS+1..ISS+2, the FIN ISS+3. SEG.ACK = ISS+3 acknowledges the data only; the
    // retransmission timer restarts for the FIN (RFC 6298 (5.3)). SEG.ACK = ISS+4 then covers it.
    const d = inEstablished(modules)
      .userCalls('SEND', 'ab')
      .userCalls('CLOSE')
      .expectSent([{ seq: seq(ISS, 3), ack: seq(IRS, 1), ctl: 'FIN,ACK' }]);
    d.advance(500).expectNothingSent();
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 3), ctl: 'ACK' })
      .expectState('FIN-WAIT-1')
      .expectNothingSent()
      .expectTimer('retransmission', RTO)
      .expectTransition('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1');
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('FIN-WAIT-2')
      .expectNothingSent()
      .expectTimer('retransmission', undefined)
      .expectTransition('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2');
  });

  it('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2 (the FIN-WAIT-2 timer starts when it is configured)', () => {
    inFinWait1(modules, { config: { finWait2TimeoutMs: 60_000 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('FIN-WAIT-2')
      .expectTimer('fin-wait-2', 60_000);
  });

  it('FIN-WAIT-1 --rcv FIN--> CLOSING', () => {
    // Simultaneous close: SEG.ACK = ISS+1 does not cover our FIN. Eighth step: "closing",
    // RCV.NXT = IRS+2, send <SEQ=SND.NXT=ISS+2><ACK=IRS+2><CTL=ACK>; our FIN is still retransmitted.
    inFinWait1(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('CLOSING')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('retransmission', RTO)
      .expectTimer('time-wait', undefined)
      .expectTransition('FIN-WAIT-1 --rcv FIN--> CLOSING');
  });

  it('FIN-WAIT-1 --rcv FIN--> CLOSING (data before the FIN is delivered, one ACK for both)', () => {
    // 'zz' is IRS+1..IRS+2, the FIN IRS+3: RCV.NXT = IRS+4.
    inFinWait1(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK', data: 'zz' })
      .expectState('CLOSING')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 4), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'zz' }, { kind: 'closing' }]);
  });

  it('FIN-WAIT-1 --rcv FIN,ACK--> TIME-WAIT', () => {
    // One segment acknowledges our FIN (fifth step: FIN-WAIT-2, "continue processing in that
    // state") and carries theirs (eighth step, FIN-WAIT-1 "perhaps in this segment": TIME-WAIT).
    // <SEQ=ISS+2><ACK=IRS+2><CTL=ACK>, the time-wait timer at 2*MSL, the other timers off.
    inFinWait1(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('time-wait', TWO_MSL)
      .expectTimer('retransmission', undefined)
      .expectTimer('user-timeout', undefined)
      .expectTimer('delayed-ack', undefined)
      .expectTimer('fin-wait-2', undefined)
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
      .expectTimer('time-wait', TWO_MSL_LINUX)
      .expectTimer('fin-wait-2', undefined)
      .expectTimer('retransmission', undefined)
      .expectTransition('FIN-WAIT-1 --rcv FIN,ACK--> TIME-WAIT');
  });
});

describe('FIN-WAIT-2', () => {
  it('FIN-WAIT-2 --rcv FIN--> TIME-WAIT', () => {
    // Eighth step: "closing", RCV.NXT = IRS+2, <SEQ=ISS+2><ACK=IRS+2><CTL=ACK>; TIME-WAIT with the
    // time-wait timer at 2*MSL = 240 s and every other timer off.
    inFinWait2(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('time-wait', TWO_MSL)
      .expectTimer('retransmission', undefined)
      .expectTimer('user-timeout', undefined)
      .expectTimer('delayed-ack', undefined)
      .expectTimer('fin-wait-2', undefined)
      .expectTimer('keepalive', undefined)
      .expectTransition('FIN-WAIT-2 --rcv FIN--> TIME-WAIT');
  });

  it('FIN-WAIT-2 --rcv FIN--> TIME-WAIT (the time-wait timer follows mslMs)', () => {
    inFinWait2(modules, { config: { mslMs: 5_000 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectTimer('time-wait', 10_000);
  });

  it('FIN-WAIT-2 --rcv FIN--> TIME-WAIT (linux: the delayed ACK and the FIN-WAIT-2 timer are turned off)', () => {
    // Linux profile past its quick-ack phase (quickAckSegments 0): delayedAckMs 40 holds the ACK of 'd'
    // (IRS+1); the FIN (IRS+2) is acknowledged at once with ACK = IRS+3, which also covers 'd'.
    // TIME-WAIT lasts 2 * 30 s.
    const d = inFinWait2(modules, { profile: 'linux', config: { quickAckSegments: 0 } }).expectTimer(
      'fin-wait-2',
      60_000,
    );
    d.advance(10)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'd' })
      .expectNothingSent()
      .expectNotices([{ kind: 'data', data: 'd' }])
      .expectTimer('delayed-ack', 40);
    d.peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('time-wait', TWO_MSL_LINUX)
      .expectTimer('delayed-ack', undefined)
      .expectTimer('fin-wait-2', undefined)
      .expectTransition('FIN-WAIT-2 --rcv FIN--> TIME-WAIT');
  });

  it('FIN-WAIT-2 --rcv FIN--> TIME-WAIT (not for a FIN beyond RCV.NXT)', () => {
    // The FIN at IRS+3 leaves IRS+1..IRS+2 missing: held, RCV.NXT = IRS+1 repeated, no TIME-WAIT.
    inFinWait2(modules)
      .peerSends({ seq: seq(IRS, 3), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('FIN-WAIT-2')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectTimer('time-wait', undefined)
      .expectRule('FIN-WAIT-2 --rcv data ahead of RCV.NXT--> FIN-WAIT-2');
  });

  it('FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED', () => {
    // finWait2TimeoutMs 60 s (Linux tcp_fin_timeout): the peer never sends its FIN; after 60 s in
    // FIN-WAIT-2 the connection is dropped without a segment and the user is told "timed out".
    const d = inFinWait2(modules, { config: { finWait2TimeoutMs: 60_000 } }).expectTimer('fin-wait-2', 60_000);
    d.advance(59_999).expectState('FIN-WAIT-2').expectNothingSent().expectNotices([]);
    d.advance(1)
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'timed-out', reason: 'fin-wait-2' }])
      .expectTimer('fin-wait-2', undefined)
      .expectTimer('time-wait', undefined)
      .expectTransition('FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED');
  });

  it('FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED (linux profile)', () => {
    inFinWait2(modules, { profile: 'linux' })
      .expectTimer('fin-wait-2', 60_000)
      .advanceTo('fin-wait-2')
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'timed-out', reason: 'fin-wait-2' }])
      .expectTransition('FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED');
  });

  it('FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED (never in the rfc profile: FIN-WAIT-2 waits for the peer)', () => {
    // RFC 9293 has no FIN-WAIT-2 timer: an hour later the connection is still in FIN-WAIT-2,
    // and the peer's FIN still takes it to TIME-WAIT.
    const d = inFinWait2(modules).expectTimer('fin-wait-2', undefined);
    d.advance(3_600_000).expectState('FIN-WAIT-2').expectNothingSent().expectNotices([]);
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }]);
  });
});
