/**
 * Public tests for 04 · the four-way close: ESTABLISHED, closed by the user (FIN-WAIT-1) or by the
 * peer (CLOSE-WAIT). Each title is a catalogue id; expected segments, timers and notices are written
 * from RFC 9293 §3.6, §3.10.4 and §3.10.7.4 (eighth step), and from the configuration values (rfc
 * profile: delayedAckMs 0), never copied from output.
 *
 * Fixture numbers: ISS = 2^32-6, IRS = 2^32-300. ESTABLISHED: SND.NXT = ISS+1, RCV.NXT = IRS+1.
 * FIN-WAIT-1: our FIN is ISS+1, SND.NXT = ISS+2. CLOSE-WAIT: RCV.NXT = IRS+2.
 */
import { describe, it } from 'vitest';
import { IRS, ISS, seq, inEstablished, inSynReceived } from '../../grader/engine/testing/dialogue.js';
import { modulesWith } from '../../solutions/modules.js';
import * as fourWayClose from './four-way-close.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ fourWayClose });

const RTO = 1_000; // rfc profile initialRtoMs
const USER_TIMEOUT = 300_000; // rfc profile userTimeoutMs

describe('ESTABLISHED', () => {
  it('ESTABLISHED --CLOSE--> FIN-WAIT-1', () => {
    // §3.10.4 ESTABLISHED: nothing queued, so the FIN goes at once: <SEQ=ISS+1><ACK=IRS+1><CTL=FIN,ACK>.
    // The FIN occupies ISS+1, so it is retransmitted until acknowledged.
    inEstablished(modules)
      .userCalls('CLOSE')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTimer('user-timeout', USER_TIMEOUT)
      .expectTransition('ESTABLISHED --CLOSE--> FIN-WAIT-1');
  });

  it('ESTABLISHED --CLOSE--> FIN-WAIT-1 (data already sent: the FIN follows it, at SEQ 0 after the wrap)', () => {
    // 'hello' occupies ISS+1 .. ISS+5 = 2^32-1, so the FIN's sequence number is ISS+6 = 0.
    inEstablished(modules)
      .userCalls('SEND', 'hello')
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
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', wnd: 1 })
      .expectNothingSent();
    d.userCalls('SEND', 'abcdefg').expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'a' }]);
    d.userCalls('CLOSE')
      .expectState('FIN-WAIT-1')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('ESTABLISHED --CLOSE--> FIN-WAIT-1');
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', wnd: 8192 })
      .expectState('FIN-WAIT-1')
      .expectSent([
        { seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK', data: 'bcd' },
        { seq: seq(ISS, 5), ack: seq(IRS, 1), ctl: 'FIN,ACK', data: 'efg' },
      ]);
    // Everything up to and including the FIN (ISS+8) acknowledged: SEG.ACK = ISS+9.
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 9), ctl: 'ACK' })
      .expectState('FIN-WAIT-2')
      .expectNothingSent()
      .expectTimer('retransmission', undefined);
  });

  it('ESTABLISHED --rcv FIN--> CLOSE-WAIT', () => {
    // Eighth step: signal "connection closing", RCV.NXT = IRS+1+1, send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([{ kind: 'closing' }])
      .expectTimer('retransmission', undefined)
      .expectTimer('delayed-ack', undefined)
      .expectTimer('time-wait', undefined)
      .expectTransition('ESTABLISHED --rcv FIN--> CLOSE-WAIT');
  });

  it('ESTABLISHED --rcv FIN--> CLOSE-WAIT (data before the FIN: delivered first, one ACK for both)', () => {
    // 'bye' is IRS+1..IRS+3, the FIN IRS+4: RCV.NXT = IRS+5. MUST-58: one ACK, not two.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK', data: 'bye' })
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 5), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'bye' }, { kind: 'closing' }])
      .expectRule('ESTABLISHED --rcv data--> ESTABLISHED')
      .expectRule('ESTABLISHED --rcv FIN--> CLOSE-WAIT');
  });

  it('ESTABLISHED --rcv FIN--> CLOSE-WAIT (the FIN sits at 2^32-1+1 = 0: RCV.NXT wraps to 1)', () => {
    // 299 octets fill IRS+1 .. 2^32-1; the FIN is sequence number 0, so RCV.NXT becomes 1.
    const data = 'x'.repeat(299);
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK', data })
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: 1, ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data }, { kind: 'closing' }]);
  });

  it('ESTABLISHED --rcv FIN--> CLOSE-WAIT (the ACK that completes a passive open carries a FIN)', () => {
    // SYN-RECEIVED fifth step enters ESTABLISHED "and continue processing"; the eighth step sees the FIN.
    inSynReceived(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
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
