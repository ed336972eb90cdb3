/**
 * Public tests for 01 · sequence numbers in the states after ESTABLISHED: the ACK, the segment text
 * and the delayed ACK in FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING and LAST-ACK. Each test title is
 * a catalogue id; expected values are written from RFC 9293 §3.10.7.4 (fifth and seventh steps),
 * §3.8.6.3 (delayed ACK) and RFC 6298 (5.1) to (5.3), never copied from output. The fixtures put ISS
 * at 2^32-6 and IRS at 2^32-300, as in sequence-numbers.test.ts.
 */
import { describe, it } from 'vitest';
import {
  IRS,
  ISS,
  seq,
  inCloseWait,
  inClosing,
  inEstablished,
  inFinWait1,
  inFinWait2,
  inLastAck,
} from '../../grader/engine/testing/dialogue.js';
import { modulesWith } from '../../solutions/modules.js';
import * as sequence from './sequence-numbers.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ sequence });

const RTO = 1_000; // rfc profile initialRtoMs
const DELAYED = { config: { delayedAckMs: 200 } } as const;

describe('FIN-WAIT-1', () => {
  it('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1', () => {
    // 'abc' then FIN: SND.NXT = ISS+5. SEG.ACK = ISS+4 covers the data, not the FIN: the state stays,
    // and with the FIN in flight the timer is restarted (RFC 6298 (5.3)).
    inEstablished(modules)
      .userCalls('SEND', 'abc')
      .userCalls('CLOSE')
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .advance(400)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('FIN-WAIT-1')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1');
  });

  it('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1 (a duplicate ACK leaves the FIN outstanding)', () => {
    inFinWait1(modules)
      .advance(100)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('FIN-WAIT-1')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO - 100)
      .expectTransition('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1');
  });

  it('FIN-WAIT-1 --rcv data--> FIN-WAIT-1', () => {
    // Text is still accepted after our FIN; the ACK carries SND.NXT = ISS+2 (after our FIN).
    inFinWait1(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'hi' })
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'hi' }])
      .expectTimer('retransmission', RTO)
      .expectTransition('FIN-WAIT-1 --rcv data--> FIN-WAIT-1');
  });

  it('FIN-WAIT-1 --rcv data ahead of RCV.NXT--> FIN-WAIT-1', () => {
    inFinWait1(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK', data: 'b' })
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('FIN-WAIT-1 --rcv data ahead of RCV.NXT--> FIN-WAIT-1')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectState('FIN-WAIT-1')
      .expectNotices([
        { kind: 'data', data: 'a' },
        { kind: 'data', data: 'b' },
      ])
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectTimer('retransmission', RTO);
  });

  it('FIN-WAIT-1 --timeout delayed ACK--> FIN-WAIT-1', () => {
    inFinWait1(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectNotices([{ kind: 'data', data: 'a' }])
      .expectNothingSent()
      .expectTimer('delayed-ack', 200)
      .advanceTo('delayed-ack')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([])
      .expectTimer('delayed-ack', undefined)
      // The FIN's retransmission timer, started at CLOSE, runs on.
      .expectTimer('retransmission', RTO - 200)
      .expectTransition('FIN-WAIT-1 --timeout delayed ACK--> FIN-WAIT-1');
  });
});

describe('FIN-WAIT-2', () => {
  it('FIN-WAIT-2 --rcv ACK--> FIN-WAIT-2', () => {
    // Our FIN is already acknowledged: SEG.ACK = SND.UNA = SND.NXT = ISS+2 changes nothing.
    inFinWait2(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('FIN-WAIT-2')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('FIN-WAIT-2 --rcv ACK--> FIN-WAIT-2');
  });

  it('FIN-WAIT-2 --rcv data--> FIN-WAIT-2', () => {
    inFinWait2(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'hi' })
      .expectState('FIN-WAIT-2')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'hi' }])
      .expectTimer('retransmission', undefined)
      .expectTransition('FIN-WAIT-2 --rcv data--> FIN-WAIT-2');
  });

  it('FIN-WAIT-2 --rcv data ahead of RCV.NXT--> FIN-WAIT-2', () => {
    inFinWait2(modules)
      .peerSends({ seq: seq(IRS, 3), ack: seq(ISS, 2), ctl: 'ACK', data: 'cd' })
      .expectState('FIN-WAIT-2')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('FIN-WAIT-2 --rcv data ahead of RCV.NXT--> FIN-WAIT-2')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'ab' })
      .expectState('FIN-WAIT-2')
      .expectNotices([
        { kind: 'data', data: 'ab' },
        { kind: 'data', data: 'cd' },
      ])
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 5), ctl: 'ACK' }]);
  });

  it('FIN-WAIT-2 --timeout delayed ACK--> FIN-WAIT-2', () => {
    inFinWait2(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'a' })
      .expectNotices([{ kind: 'data', data: 'a' }])
      .expectNothingSent()
      .expectTimer('delayed-ack', 200)
      .advanceTo('delayed-ack')
      .expectState('FIN-WAIT-2')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([])
      .expectTimer('delayed-ack', undefined)
      .expectTransition('FIN-WAIT-2 --timeout delayed ACK--> FIN-WAIT-2');
  });
});

describe('CLOSE-WAIT', () => {
  it('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT', () => {
    // "Do the same processing as for the ESTABLISHED state."
    inCloseWait(modules)
      .userCalls('SEND', 'abc')
      .advance(400)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('CLOSE-WAIT')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT');
  });

  it('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT (text after the FIN is ignored)', () => {
    // Seventh step in CLOSE-WAIT: "Ignore the segment text." RCV.NXT stays IRS+2.
    inCloseWait(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK', data: 'zz' })
      .expectState('CLOSE-WAIT')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT');
  });

  it('CLOSE-WAIT --rcv ACK of unsent data--> CLOSE-WAIT (the ACK sent at once settles the one owed for the FIN)', () => {
    // With delayedAckMs 200 the ACK of the peer's FIN is owed. SEG.ACK = ISS+6 > SND.NXT = ISS+1: RFC 9293
    // §3.10.7.4 sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drops the segment. That ACK carries
    // RCV.NXT = IRS+2, so it is the owed ACK too: one segment, and the delayed-ACK timer stops.
    inCloseWait(modules, DELAYED)
      .expectTimer('delayed-ack', 200)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 6), ctl: 'ACK' })
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectTimer('delayed-ack', undefined)
      .expectTransition('CLOSE-WAIT --rcv ACK of unsent data--> CLOSE-WAIT');
  });

  it('CLOSE-WAIT --timeout delayed ACK--> CLOSE-WAIT', () => {
    // With delayedAckMs 200 the ACK of the peer's FIN waits (a CLOSE could still carry it).
    inCloseWait(modules, DELAYED)
      .expectState('CLOSE-WAIT')
      .expectNothingSent()
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('delayed-ack', 200)
      .advanceTo('delayed-ack')
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([])
      .expectTimer('delayed-ack', undefined)
      .expectTransition('CLOSE-WAIT --timeout delayed ACK--> CLOSE-WAIT');
  });
});

describe('CLOSING', () => {
  it('CLOSING --rcv ACK--> CLOSING', () => {
    // 'abc' then our FIN at ISS+4; the peer's FIN crosses it. SEG.ACK = ISS+4 covers the data but not
    // our FIN: SND.UNA advances, the timer restarts for the FIN, the state stays.
    const d = inEstablished(modules)
      .userCalls('SEND', 'abc')
      .userCalls('CLOSE')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('CLOSING')
      .expectSent([{ seq: seq(ISS, 5), ack: seq(IRS, 2), ctl: 'ACK' }]);
    d.advance(400)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('CLOSING')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('CLOSING --rcv ACK--> CLOSING');
  });

  it('CLOSING --rcv ACK--> CLOSING (a duplicate ACK is ignored)', () => {
    inClosing(modules)
      .advance(100)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('CLOSING')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO - 100)
      .expectTransition('CLOSING --rcv ACK--> CLOSING');
  });
});

describe('LAST-ACK', () => {
  it('LAST-ACK --rcv ACK--> LAST-ACK', () => {
    // 'abc' then our FIN at ISS+4. SEG.ACK = ISS+4 leaves the FIN unacknowledged: stay in LAST-ACK.
    inCloseWait(modules)
      .userCalls('SEND', 'abc')
      .userCalls('CLOSE')
      .expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 2), ctl: 'FIN,ACK' }])
      .advance(400)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('LAST-ACK')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('LAST-ACK --rcv ACK--> LAST-ACK');
  });

  it('LAST-ACK --rcv ACK--> LAST-ACK (a duplicate ACK is ignored)', () => {
    inLastAck(modules)
      .advance(100)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('LAST-ACK')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO - 100)
      .expectTransition('LAST-ACK --rcv ACK--> LAST-ACK');
  });
});
