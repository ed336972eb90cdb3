/**
 * Public tests for 04 · the four-way close: the passive close, CLOSE-WAIT then LAST-ACK. Each title
 * is a catalogue id; expected segments, timers and notices are written from RFC 9293 §3.6, §3.8.6.3,
 * §3.10.4 and §3.10.7.4 (fifth step), and from the configuration values (rfc profile: delayedAckMs
 * 0), never copied from output.
 *
 * Fixture numbers: ISS = 2^32-6, IRS = 2^32-300. ESTABLISHED: SND.NXT = ISS+1, RCV.NXT = IRS+1.
 * FIN-WAIT-1: our FIN is ISS+1, SND.NXT = ISS+2. CLOSE-WAIT: RCV.NXT = IRS+2.
 */
import { describe, it } from 'vitest';
import { IRS, ISS, seq, inCloseWait, inEstablished, inLastAck } from '../../grader/engine/testing/dialogue.js';
import { modulesWith } from '../../solutions/modules.js';
import * as fourWayClose from './four-way-close.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ fourWayClose });

const RTO = 1_000; // rfc profile initialRtoMs

describe('CLOSE-WAIT', () => {
  it('CLOSE-WAIT --CLOSE--> LAST-ACK', () => {
    // §3.10.4 CLOSE-WAIT: send a FIN, enter LAST-ACK. <SEQ=ISS+1><ACK=RCV.NXT=IRS+2><CTL=FIN,ACK>.
    inCloseWait(modules)
      .userCalls('CLOSE')
      .expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'FIN,ACK' }])
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('CLOSE-WAIT --CLOSE--> LAST-ACK');
  });

  it('CLOSE-WAIT --CLOSE--> LAST-ACK (queued data first, the FIN on the last data segment)', () => {
    // Half-close: we may still send. The peer's window of 2 lets 'ab' out; 'cd' waits, and the FIN
    // rides on it when the window opens: 'cd' is ISS+3..ISS+4, the FIN ISS+5 = 2^32-1.
    const d = inCloseWait(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK', wnd: 2 })
      .expectNothingSent();
    d.userCalls('SEND', 'abcd').expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK', data: 'ab' }]);
    d.userCalls('CLOSE').expectState('LAST-ACK').expectNothingSent().expectTransition('CLOSE-WAIT --CLOSE--> LAST-ACK');
    d.peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 3), ctl: 'ACK', wnd: 8192 })
      .expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 3), ack: seq(IRS, 2), ctl: 'FIN,ACK', data: 'cd' }]);
    // SEG.ACK = ISS+6 = 0 covers the FIN at 2^32-1.
    d.peerSends({ seq: seq(IRS, 2), ack: 0, ctl: 'ACK' })
      .expectState('CLOSED')
      .expectNothingSent()
      .expectRule('LAST-ACK --rcv ACK of FIN--> CLOSED');
  });

  it('CLOSE-WAIT --CLOSE--> LAST-ACK (merged close: the delayed ACK of their FIN rides on our FIN)', () => {
    // delayedAckMs 200: the ACK of their FIN is held (§3.8.6.3). CLOSE 100 ms later sends one
    // segment <SEQ=ISS+1><ACK=IRS+2><CTL=FIN,ACK> that acknowledges their FIN and carries ours.
    const d = inEstablished(modules, { config: { delayedAckMs: 200 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('CLOSE-WAIT')
      .expectNothingSent()
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('delayed-ack', 200);
    d.advance(100).expectNothingSent().expectTimer('delayed-ack', 100);
    d.userCalls('CLOSE')
      .expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'FIN,ACK' }])
      .expectTimer('delayed-ack', undefined)
      .expectTimer('retransmission', RTO)
      .expectTransition('CLOSE-WAIT --CLOSE--> LAST-ACK');
    // Nothing else follows: no separate ACK when the 200 ms would have run out.
    d.advance(100).expectNothingSent().expectState('LAST-ACK');
  });

  it('CLOSE-WAIT --CLOSE--> LAST-ACK (too late to merge: the delayed ACK already went alone)', () => {
    const d = inEstablished(modules, { config: { delayedAckMs: 200 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectNothingSent();
    d.advance(200)
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectRule('CLOSE-WAIT --timeout delayed ACK--> CLOSE-WAIT');
    d.userCalls('CLOSE')
      .expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'FIN,ACK' }]);
  });
});

describe('LAST-ACK', () => {
  it('LAST-ACK --rcv ACK of FIN--> CLOSED', () => {
    // Fifth step: SEG.ACK = ISS+2 acknowledges our FIN: delete the TCB, nothing sent, no TIME-WAIT.
    inLastAck(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTimer('user-timeout', undefined)
      .expectTimer('time-wait', undefined)
      .expectTransition('LAST-ACK --rcv ACK of FIN--> CLOSED');
  });

  it('LAST-ACK --rcv ACK of FIN--> CLOSED (not for an ACK short of the FIN)', () => {
    inLastAck(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('LAST-ACK')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('LAST-ACK --rcv ACK--> LAST-ACK');
  });
});
