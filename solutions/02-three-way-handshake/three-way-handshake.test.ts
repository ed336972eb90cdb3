/**
 * Public tests for 02 · the three-way handshake. Each title is a catalogue id; expected segments are
 * written from RFC 9293 §3.10.1, §3.10.7.2 to §3.10.7.4 and Figures 6 and 7, never copied from output.
 */
import { describe, it } from 'vitest';
import {
  IN_STATE,
  IRS,
  ISS,
  seq,
  inClosed,
  inListen,
  inSynReceived,
  inSynReceivedActive,
  inSynSent,
} from '../../grader/engine/testing/dialogue.js';
import { STATES } from '../../grader/engine/types.js';
import { modulesWith } from '../../solutions/modules.js';
import * as handshake from './three-way-handshake.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ handshake });

const RTO = 1_000; // rfc profile initialRtoMs

describe('CLOSED', () => {
  it('CLOSED --OPEN passive--> LISTEN', () => {
    inClosed(modules)
      .userCalls('OPEN passive')
      .expectState('LISTEN')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('CLOSED --OPEN passive--> LISTEN');
  });

  it('CLOSED --OPEN active--> SYN-SENT', () => {
    // <SEQ=ISS><CTL=SYN>; SND.UNA = ISS, SND.NXT = ISS+1; the SYN is retransmitted after one RTO.
    inClosed(modules)
      .userCalls('OPEN active')
      .expectState('SYN-SENT')
      .expectSent([{ seq: ISS, ctl: 'SYN' }])
      .expectTimer('retransmission', RTO)
      .expectNotices([])
      .expectTransition('CLOSED --OPEN active--> SYN-SENT');
  });
});

describe('OPEN in a state other than CLOSED', () => {
  for (const state of STATES.filter((s) => s !== 'CLOSED')) {
    it(`${state} --OPEN--> ${state}`, () => {
      // RFC 9293 §3.10.1: "error: connection already exists"; nothing is sent, the state stays.
      IN_STATE[state](modules)
        .userCalls('OPEN active')
        .expectState(state)
        .expectNothingSent()
        .expectNotices([{ kind: 'error', call: 'OPEN', message: 'connection already exists' }])
        .expectTransition(`${state} --OPEN--> ${state}`);
    });
  }
});

describe('LISTEN', () => {
  it('LISTEN --rcv SYN--> SYN-RECEIVED', () => {
    // RCV.NXT = IRS+1; <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
    inListen(modules)
      .peerSends({ seq: IRS, ctl: 'SYN' })
      .expectState('SYN-RECEIVED')
      .expectSent([{ seq: ISS, ack: seq(IRS, 1), ctl: 'SYN,ACK' }])
      .expectTimer('retransmission', RTO)
      .expectNotices([])
      .expectTransition('LISTEN --rcv SYN--> SYN-RECEIVED');
  });

  it('LISTEN --rcv SYN--> SYN-RECEIVED (data on the SYN is not acknowledged yet)', () => {
    inListen(modules)
      .peerSends({ seq: IRS, ctl: 'SYN', data: 'early' })
      .expectState('SYN-RECEIVED')
      .expectSent([{ seq: ISS, ack: seq(IRS, 1), ctl: 'SYN,ACK' }])
      .expectNotices([]);
  });
});

describe('SYN-SENT', () => {
  it('SYN-SENT --rcv SYN,ACK--> ESTABLISHED', () => {
    // SND.UNA = ISS+1 > ISS: our SYN is acknowledged. <SEQ=ISS+1><ACK=IRS+1><CTL=ACK>.
    inSynSent(modules)
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([{ kind: 'connected' }])
      .expectTimer('retransmission', undefined)
      .expectTransition('SYN-SENT --rcv SYN,ACK--> ESTABLISHED');
  });

  it('SYN-SENT --rcv SYN,ACK--> ESTABLISHED (the sequence numbers wrap past 2^32)', () => {
    // ISS = 2^32-6: after six data octets SND.NXT wraps to 1.
    inSynSent(modules)
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' })
      .userCalls('SEND', 'abcdef')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abcdef' }])
      .peerSends({ seq: seq(IRS, 1), ack: 1, ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectTimer('retransmission', undefined);
  });

  it('SYN-SENT --rcv SYN--> SYN-RECEIVED', () => {
    // Simultaneous open: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>; our SYN stays unacknowledged.
    inSynSent(modules)
      .peerSends({ seq: IRS, ctl: 'SYN' })
      .expectState('SYN-RECEIVED')
      .expectSent([{ seq: ISS, ack: seq(IRS, 1), ctl: 'SYN,ACK' }])
      .expectNotices([])
      .expectTransition('SYN-SENT --rcv SYN--> SYN-RECEIVED');
  });
});

describe('SYN-RECEIVED', () => {
  it('SYN-RECEIVED --rcv ACK--> ESTABLISHED', () => {
    inSynReceived(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectNotices([{ kind: 'connected' }])
      .expectTimer('retransmission', undefined)
      .expectTransition('SYN-RECEIVED --rcv ACK--> ESTABLISHED');
  });

  it('SYN-RECEIVED --rcv ACK--> ESTABLISHED (data on the third segment is delivered)', () => {
    inSynReceived(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'hi' })
      .expectState('ESTABLISHED')
      .expectNotices([{ kind: 'connected' }, { kind: 'data', data: 'hi' }])
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 3), ctl: 'ACK' }]);
  });

  it('SYN-RECEIVED --rcv SYN,ACK--> ESTABLISHED', () => {
    // RFC 9293 Figure 7 line 7: the crossing SYN,ACK completes a simultaneous open; nothing is sent.
    inSynReceivedActive(modules)
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectNotices([{ kind: 'connected' }])
      .expectTransition('SYN-RECEIVED --rcv SYN,ACK--> ESTABLISHED');
  });

  it('SYN-RECEIVED --rcv unacceptable ACK--> SYN-RECEIVED', () => {
    // SEG.ACK = ISS+5 > SND.NXT: <SEQ=SEG.ACK><CTL=RST>, and the connection stays half-open.
    inSynReceived(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 5), ctl: 'ACK' })
      .expectState('SYN-RECEIVED')
      .expectSent([{ seq: seq(ISS, 5), ctl: 'RST' }])
      .expectNotices([])
      .expectTransition('SYN-RECEIVED --rcv unacceptable ACK--> SYN-RECEIVED');
  });

  it('SYN-RECEIVED --rcv segment without ACK--> SYN-RECEIVED', () => {
    inSynReceived(modules)
      .peerSends({ seq: seq(IRS, 1), ctl: '', data: 'x' })
      .expectState('SYN-RECEIVED')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('SYN-RECEIVED --rcv segment without ACK--> SYN-RECEIVED');
  });

  it('SYN-RECEIVED keeps the peer window from the SYN', () => {
    // SND.WND comes from the SYN's window; data queued before the handshake goes out once it completes.
    inSynReceived(modules)
      .userCalls('SEND', 'q')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'q' }]);
  });
});

describe('SYN-RECEIVED, the SYN again (linux)', () => {
  it('SYN-RECEIVED --rcv duplicate SYN--> SYN-RECEIVED', () => {
    // Linux 6.18, a listener that had sent its SYN,ACK: the same SYN again (seq = IRS) drew the same
    // SYN,ACK again, <SEQ=ISS><ACK=IRS+1>, and the connection stayed in SYN-RECEIVED (dupSynSynAck).
    inSynReceived(modules, { profile: 'linux' })
      .advance(300)
      .peerSends({ seq: IRS, ctl: 'SYN' })
      .expectState('SYN-RECEIVED')
      .expectSent([{ seq: ISS, ack: seq(IRS, 1), ctl: 'SYN,ACK' }])
      .expectTimer('retransmission', 1_000)
      .expectTransition('SYN-RECEIVED --rcv duplicate SYN--> SYN-RECEIVED');
  });

  it('SYN-RECEIVED --rcv unacceptable segment--> SYN-RECEIVED (rfc: the SYN again is an old duplicate)', () => {
    // RFC 9293 §3.10.7.4 first step: SEG.SEQ = IRS lies before RCV.NXT = IRS+1, so the SYN is not
    // acceptable: <SEQ=SND.NXT=ISS+1><ACK=RCV.NXT=IRS+1><CTL=ACK>.
    inSynReceived(modules)
      .peerSends({ seq: IRS, ctl: 'SYN' })
      .expectState('SYN-RECEIVED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectTransition('SYN-RECEIVED --rcv unacceptable segment--> SYN-RECEIVED');
  });
});
