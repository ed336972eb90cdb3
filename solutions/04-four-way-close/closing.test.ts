/**
 * Public tests for 04 · the four-way close: CLOSE in a state that is already closing, and CLOSING
 * (the simultaneous close). Each title is a catalogue id; expected segments, timers and notices are
 * written from RFC 9293 §3.6, §3.10.4 and §3.10.7.4 (fifth step), and from the configuration values
 * (rfc profile: mslMs 120 s), never copied from output.
 *
 * Fixture numbers: ISS = 2^32-6, IRS = 2^32-300. ESTABLISHED: SND.NXT = ISS+1, RCV.NXT = IRS+1.
 * FIN-WAIT-1: our FIN is ISS+1, SND.NXT = ISS+2. CLOSE-WAIT: RCV.NXT = IRS+2.
 */
import { describe, it } from 'vitest';
import {
  IRS,
  ISS,
  seq,
  inClosing,
  inFinWait1,
  inFinWait2,
  inLastAck,
  inTimeWait,
} from '../../grader/engine/testing/dialogue.js';
import { modulesWith } from '../../solutions/modules.js';
import * as fourWayClose from './four-way-close.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ fourWayClose });

const RTO = 1_000; // rfc profile initialRtoMs
const TWO_MSL = 240_000; // 2 * rfc profile mslMs (120 s)

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
      reach(modules)
        .userCalls('CLOSE')
        .expectState(state)
        .expectNothingSent()
        .expectNotices([{ kind: 'error', call: 'CLOSE', message: 'connection closing' }])
        .expectTimer('retransmission', retransmission)
        .expectTimer('time-wait', timeWait)
        .expectTransition(`${state} --CLOSE--> ${state}`);
    });
  }

  it('FIN-WAIT-1 --CLOSE--> FIN-WAIT-1 (the FIN may be retransmitted, but no second FIN is formed)', () => {
    // The retransmission after one RTO repeats the FIN at ISS+1; it is not a new FIN at ISS+2.
    inFinWait1(modules)
      .userCalls('CLOSE')
      .expectNothingSent()
      .advance(RTO)
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .expectState('FIN-WAIT-1');
  });
});

describe('CLOSING', () => {
  it('CLOSING --rcv ACK of FIN--> TIME-WAIT', () => {
    // Fifth step: SEG.ACK = ISS+2 acknowledges our FIN: TIME-WAIT, 2*MSL, the other timers off.
    inClosing(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('TIME-WAIT')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('time-wait', TWO_MSL)
      .expectTimer('retransmission', undefined)
      .expectTimer('user-timeout', undefined)
      .expectTimer('delayed-ack', undefined)
      .expectTransition('CLOSING --rcv ACK of FIN--> TIME-WAIT');
  });

  it('CLOSING --rcv ACK of FIN--> TIME-WAIT (not for an ACK short of the FIN: "otherwise, ignore the segment")', () => {
    inClosing(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('CLOSING')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTimer('time-wait', undefined)
      .expectTransition('CLOSING --rcv ACK--> CLOSING');
  });
});
