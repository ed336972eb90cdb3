/**
 * Public tests for 04 · the four-way close: CLOSE before the connection is established (CLOSED,
 * LISTEN, SYN-SENT, SYN-RECEIVED). Each title is a catalogue id; expected segments, timers and
 * notices are written from RFC 9293 §3.10.2, §3.10.4 and §3.10.7.1, and from the configuration
 * values (rfc profile: initialRtoMs 1 s), never copied from output.
 *
 * Fixture numbers: ISS = 2^32-6, IRS = 2^32-300. ESTABLISHED: SND.NXT = ISS+1, RCV.NXT = IRS+1.
 * FIN-WAIT-1: our FIN is ISS+1, SND.NXT = ISS+2. CLOSE-WAIT: RCV.NXT = IRS+2.
 */
import { describe, it } from 'vitest';
import {
  IRS,
  ISS,
  seq,
  inClosed,
  inListen,
  inSynReceived,
  inSynReceivedActive,
  inSynSent,
} from '../../grader/engine/testing/dialogue.js';
import { modulesWith } from '../../solutions/modules.js';
import * as fourWayClose from './four-way-close.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ fourWayClose });

const RTO = 1_000; // rfc profile initialRtoMs

describe('CLOSED', () => {
  it('CLOSED --CLOSE--> CLOSED', () => {
    // §3.10.4 CLOSED: "error: connection does not exist".
    inClosed(modules)
      .userCalls('CLOSE')
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'error', call: 'CLOSE', message: 'connection does not exist' }])
      .expectTransition('CLOSED --CLOSE--> CLOSED');
  });
});

describe('LISTEN', () => {
  it('LISTEN --CLOSE--> CLOSED', () => {
    // §3.10.4 LISTEN: delete the TCB, enter CLOSED; nothing was ever sent, so nothing is sent now.
    inListen(modules)
      .userCalls('CLOSE')
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('LISTEN --CLOSE--> CLOSED');
  });

  it('LISTEN --CLOSE--> CLOSED (a SYN afterwards finds no listener and is refused)', () => {
    // The TCB is gone: a SYN is answered as in CLOSED, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
    inListen(modules)
      .userCalls('CLOSE')
      .peerSends({ seq: IRS, ctl: 'SYN' })
      .expectState('CLOSED')
      .expectSent([{ seq: 0, ack: seq(IRS, 1), ctl: 'RST,ACK' }]);
  });
});

describe('SYN-SENT', () => {
  it('SYN-SENT --CLOSE--> CLOSED', () => {
    // §3.10.4 SYN-SENT: delete the TCB; no FIN (the peer has not synchronized), no retransmission.
    inSynSent(modules)
      .userCalls('CLOSE')
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTimer('user-timeout', undefined)
      .expectTransition('SYN-SENT --CLOSE--> CLOSED');
  });

  it('SYN-SENT --CLOSE--> CLOSED (queued data is discarded with the TCB)', () => {
    // The data queued by SEND is never sent: the SYN,ACK that follows finds CLOSED and gets
    // <SEQ=SEG.ACK><CTL=RST> (§3.10.7.1), not data.
    const d = inSynSent(modules).userCalls('SEND', 'lost').expectNothingSent();
    d.userCalls('CLOSE').expectState('CLOSED').expectNothingSent().expectNotices([]);
    d.advance(10 * RTO).expectNothingSent();
    d.peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' })
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 1), ctl: 'RST' }])
      .expectNotices([]);
  });
});

describe('SYN-RECEIVED', () => {
  it('SYN-RECEIVED --CLOSE--> FIN-WAIT-1', () => {
    // §3.10.4 SYN-RECEIVED, no SENDs issued: form a FIN and send it. <SEQ=SND.NXT=ISS+1>
    // <ACK=RCV.NXT=IRS+1><CTL=FIN,ACK>; our SYN,ACK is still unacknowledged, so the
    // retransmission timer keeps running.
    inSynReceived(modules)
      .userCalls('CLOSE')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('SYN-RECEIVED --CLOSE--> FIN-WAIT-1');
  });

  it('SYN-RECEIVED --CLOSE--> FIN-WAIT-1 (simultaneous open)', () => {
    inSynReceivedActive(modules)
      .userCalls('CLOSE')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .expectNotices([])
      .expectTransition('SYN-RECEIVED --CLOSE--> FIN-WAIT-1');
  });

  it('SYN-RECEIVED --CLOSE--> FIN-WAIT-1 (then one ACK covers both our SYN and our FIN)', () => {
    // SND.UNA = ISS < SEG.ACK = ISS+2 = SND.NXT: the SYN and the FIN are acknowledged together.
    // The connection never enters ESTABLISHED (the user closed first), so there is nothing to notify.
    inSynReceived(modules)
      .userCalls('CLOSE')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('FIN-WAIT-2')
      .expectNothingSent()
      .expectNotices([])
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
