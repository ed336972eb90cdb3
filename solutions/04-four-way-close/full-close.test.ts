/**
 * Public tests for 04 · the full close: the socket API's close() beside the RFC's CLOSE (which is
 * shutdown(SHUT_WR)). Each title is a catalogue id; expected segments are written from RFC 9293
 * §3.6.1, SHLD-3 ("If such a host issues a CLOSE call while received data is still pending in TCP, or if
 * new data is received after CLOSE is called, its TCP SHOULD send a RST") and from what Linux 6.18 sent
 * in a network namespace: RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT> for close() with unread data, and
 * <SEQ=SEG.ACK><CTL=RST> for data arriving in FIN-WAIT-2 after close(); after shutdown(SHUT_WR) the
 * same data was acknowledged and read.
 *
 * Fixture numbers: ISS = 2^32-6, IRS = 2^32-300. ESTABLISHED: SND.NXT = ISS+1, RCV.NXT = IRS+1.
 * FIN-WAIT-1: our FIN is ISS+1, SND.NXT = ISS+2. CLOSE-WAIT: RCV.NXT = IRS+2.
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
  inSynReceived,
  inTimeWait,
} from '../../grader/engine/testing/dialogue.js';
import { modulesWith } from '../modules.js';
import * as fourWayClose from './four-way-close.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ fourWayClose });

const TWO_MSL = 240_000; // 2 * rfc profile mslMs (120 s)

describe('close() with nothing unread: CLOSE, and the receiving side closed too', () => {
  it('ESTABLISHED --close()--> FIN-WAIT-1', () => {
    // As CLOSE: <SEQ=ISS+1><ACK=IRS+1><CTL=FIN,ACK>, FIN-WAIT-1; no error, no notice.
    inEstablished(modules)
      .userCalls('close()')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .expectNotices([])
      .expectTransition('ESTABLISHED --close()--> FIN-WAIT-1');
  });

  it('SYN-RECEIVED --close()--> FIN-WAIT-1', () => {
    // RFC 9293 §3.10.4: with nothing queued the FIN goes at once, at SND.NXT = ISS+1, carrying ACK IRS+1.
    inSynReceived(modules)
      .userCalls('close()')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .expectTransition('SYN-RECEIVED --close()--> FIN-WAIT-1');
  });

  it('CLOSE-WAIT --close()--> LAST-ACK', () => {
    // The peer has finished: our FIN <SEQ=ISS+1><ACK=IRS+2>, LAST-ACK.
    inCloseWait(modules)
      .userCalls('close()')
      .expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'FIN,ACK' }])
      .expectTransition('CLOSE-WAIT --close()--> LAST-ACK');
  });

  for (const [state, reach] of [
    ['FIN-WAIT-1', inFinWait1],
    ['FIN-WAIT-2', inFinWait2],
    ['CLOSING', inClosing],
    ['LAST-ACK', inLastAck],
    ['TIME-WAIT', inTimeWait],
  ] as const) {
    it(`${state} --close()--> ${state}`, () => {
      // After CLOSE (shutdown), close() sends no second FIN and, unlike CLOSE, reports no error.
      reach(modules)
        .userCalls('close()')
        .expectState(state)
        .expectNothingSent()
        .expectNotices([])
        .expectTransition(`${state} --close()--> ${state}`);
    });
  }
});

describe('close() with unread data: a RST, for that data is lost', () => {
  for (const [state, reach, rcvNxt] of [
    ['ESTABLISHED', inEstablished, seq(IRS, 1)],
    ['CLOSE-WAIT', inCloseWait, seq(IRS, 2)],
  ] as const) {
    it(`${state} --close() with unread data--> CLOSED`, () => {
      // rfc profile: ABORT's form, <SEQ=SND.NXT><CTL=RST>; no FIN, no TIME-WAIT.
      const d = reach(modules)
        .userCalls('close() unread')
        .expectState('CLOSED')
        .expectSent([{ seq: seq(ISS, 1), ctl: 'RST' }])
        .expectNotices([])
        .expectTransition(`${state} --close() with unread data--> CLOSED`);
      d.advance(TWO_MSL).expectNothingSent().expectState('CLOSED');
      // linux profile (rstAck): Linux 6.18 sent RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT>.
      reach(modules, { profile: 'linux' })
        .userCalls('close() unread')
        .expectState('CLOSED')
        .expectSent([{ seq: seq(ISS, 1), ack: rcvNxt, ctl: 'RST,ACK' }]);
    });
  }

  for (const [state, reach] of [
    ['FIN-WAIT-1', inFinWait1],
    ['FIN-WAIT-2', inFinWait2],
  ] as const) {
    it(`${state} --close() with unread data--> CLOSED`, () => {
      // After shutdown our FIN is ISS+1, so SND.NXT = ISS+2: the RST goes there.
      reach(modules)
        .userCalls('close() unread')
        .expectState('CLOSED')
        .expectSent([{ seq: seq(ISS, 2), ctl: 'RST' }])
        .expectTransition(`${state} --close() with unread data--> CLOSED`);
    });
  }
});

describe('data after close()', () => {
  it('FIN-WAIT-2 --rcv data after close()--> CLOSED', () => {
    // The data 'late' (IRS+1..IRS+4) acknowledges ISS+2: <SEQ=SEG.ACK=ISS+2><CTL=RST>, as Linux 6.18 sent
    // it; nothing is delivered.
    inEstablished(modules)
      .userCalls('close()')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('FIN-WAIT-2')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'late' })
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 2), ctl: 'RST' }])
      .expectNotices([])
      .expectTransition('FIN-WAIT-2 --rcv data after close()--> CLOSED');
  });

  it('FIN-WAIT-1 --rcv data after close()--> CLOSED', () => {
    // Our FIN not yet acknowledged (SEG.ACK = ISS+1): the RST takes SEG.ACK, ISS+1.
    inEstablished(modules)
      .userCalls('close()')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'late' })
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 1), ctl: 'RST' }])
      .expectTransition('FIN-WAIT-1 --rcv data after close()--> CLOSED');
  });

  it('FIN-WAIT-2 --rcv data--> FIN-WAIT-2 (after CLOSE alone the data is still delivered)', () => {
    // shutdown(SHUT_WR) keeps the receiving side: Linux 6.18 acknowledged 'late' and the application read it.
    inFinWait2(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'late' })
      .expectState('FIN-WAIT-2')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 5), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'late' }]);
  });

  it('FIN-WAIT-2 --rcv FIN--> TIME-WAIT (after close(), a FIN alone is no new data)', () => {
    inFinWait2(modules)
      .userCalls('close()')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectTransition('FIN-WAIT-2 --rcv FIN--> TIME-WAIT');
  });
});
