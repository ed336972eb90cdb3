/**
 * Public tests for 03 · when the handshake fails: SYN-SENT and SYN-RECEIVED. Each title is a catalogue
 * id; expected values are written from RFC 9293 §3.10.7.3 (the SYN-SENT checks), §3.8.3 and §3.10.8
 * (retransmission and its limits, the user timeout), RFC 6298 §2.1, §2.5 and §5.5 (initial RTO 1 s,
 * doubling, the cap) and the two profiles' values, never copied from output. CLOSED and LISTEN are in
 * ./handshake-failures.test.ts.
 */
import { describe, it } from 'vitest';
import {
  IRS,
  ISS,
  seq,
  inSynReceived,
  inSynReceivedActive,
  inSynSent,
  type SegmentSpec,
} from '../../grader/engine/testing/dialogue.js';
import { backoff, expectAt, expectNoTimers, sum } from '../../grader/engine/testing/retransmission.js';
import { modulesWith } from '../../solutions/modules.js';
import * as handshakeFailures from './handshake-failures.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ handshakeFailures });

const RTO = 1_000; // initialRtoMs in both profiles
const RFC_USER_TIMEOUT = 300_000; // rfc profile userTimeoutMs (RFC 9293 §3.9.1.1: five minutes)

/*
 * The retransmission timer as it runs, one value per expiry: the initial RTO, then each retransmission
 * doubles it (RFC 6298 §5.5) up to maxRtoMs (rfc 60 s, linux 120 s). The last value is the wait after
 * the final retransmission allowed; its expiry gives up. Written out by hand from the profiles.
 */
/** rfc: synRetries = synAckRetries = 7; SYNs at 0, 1, 3, 7, 15, 31, 63, 123 s, give up at 183 s. */
const RFC_SYN_RTOS = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000];
/**
 * linux: tcp_syn_linear_timeouts = 4 keeps the RTO at 1 s for the first four retransmissions, and
 * tcp_syn_retries = 6 more follow, doubling: SYNs at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s, give up at
 * 131 s (the SYN times as Linux 6.18 sent them, to the second, with nothing answering).
 */
const LINUX_SYN_RTOS = [1_000, 1_000, 1_000, 1_000, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000];
/** linux: tcp_synack_retries = 5; SYN,ACKs at 0, 1, 3, 7, 15, 31 s, give up at 63 s. */
const LINUX_SYNACK_RTOS = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000];

// ---- SYN-SENT: the checks before a SYN is accepted --------------------------------------------------

describe('SYN-SENT', () => {
  // In SYN-SENT: ISS = 2^32-6, SND.UNA = ISS, SND.NXT = ISS+1. Acceptable: ISS < SEG.ACK =< SND.NXT.
  const unacceptable: { what: string; ack: number }[] = [
    { what: 'SEG.ACK = ISS', ack: ISS },
    { what: 'SEG.ACK < ISS', ack: seq(ISS, -1) },
    { what: 'SEG.ACK = SND.NXT+1', ack: seq(ISS, 2) },
    { what: 'SEG.ACK past the 2^32 wrap, above SND.NXT', ack: seq(ISS, 6) },
  ];

  for (const { what, ack } of unacceptable) {
    for (const ctl of ['ACK', 'SYN,ACK'] as const) {
      it(`SYN-SENT --rcv unacceptable ACK--> SYN-SENT (${ctl}, ${what})`, () => {
        // SEG.ACK =< ISS or SEG.ACK > SND.NXT: <SEQ=SEG.ACK><CTL=RST>, discard; the SYN stays pending.
        inSynSent(modules)
          .peerSends({ seq: IRS, ack, ctl })
          .expectState('SYN-SENT')
          .expectSent([{ seq: ack, ctl: 'RST' }])
          .expectNotices([])
          .expectTimer('retransmission', RTO)
          .expectTimer('user-timeout', RFC_USER_TIMEOUT)
          .expectTransition('SYN-SENT --rcv unacceptable ACK--> SYN-SENT');
      });
    }
    it(`SYN-SENT --rcv unacceptable ACK--> SYN-SENT (RST,ACK, ${what}: dropped, no RST for a RST)`, () => {
      // "unless the RST bit is set, if so drop the segment and return": no reset, no "refused".
      inSynSent(modules)
        .peerSends({ seq: 0, ack, ctl: 'RST,ACK' })
        .expectState('SYN-SENT')
        .expectNothingSent()
        .expectNotices([])
        .expectTimer('retransmission', RTO)
        .expectTransition('SYN-SENT --rcv unacceptable ACK--> SYN-SENT');
    });
  }

  it('SYN-SENT --rcv unacceptable ACK--> SYN-SENT (the open carries on: the SYN is retransmitted, a good SYN,ACK completes it)', () => {
    const d = inSynSent(modules)
      .peerSends({ seq: IRS, ack: seq(ISS, 2), ctl: 'SYN,ACK' })
      .expectSent([{ seq: seq(ISS, 2), ctl: 'RST' }]);
    d.advance(RTO)
      .expectState('SYN-SENT')
      .expectSent([{ seq: ISS, ctl: 'SYN' }]);
    d.peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([{ kind: 'connected' }]);
  });

  it('SYN-SENT --rcv RST,ACK--> CLOSED', () => {
    // The reply of a CLOSED port, <SEQ=0><ACK=ISS+1><CTL=RST,ACK>: the ACK acknowledges our SYN, so the
    // RST is believed: "connection refused", CLOSED, the TCB and its timers are gone. Nothing is sent.
    const d = inSynSent(modules)
      .peerSends({ seq: 0, ack: seq(ISS, 1), ctl: 'RST,ACK' })
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'refused' }])
      .expectTransition('SYN-SENT --rcv RST,ACK--> CLOSED');
    expectNoTimers(d);
  });

  it('SYN-SENT --rcv RST,ACK--> CLOSED (after retransmissions of the SYN)', () => {
    // Every copy of the SYN has the same sequence number, so ACK = ISS+1 answers any of them.
    const d = inSynSent(modules)
      .advance(RTO)
      .expectSent([{ seq: ISS, ctl: 'SYN' }])
      .advance(2 * RTO)
      .expectSent([{ seq: ISS, ctl: 'SYN' }]);
    d.peerSends({ seq: 0, ack: seq(ISS, 1), ctl: 'RST,ACK' })
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'refused' }])
      .expectTransition('SYN-SENT --rcv RST,ACK--> CLOSED');
    expectNoTimers(d);
  });

  it('SYN-SENT --rcv RST--> SYN-SENT', () => {
    // A RST without ACK: "Otherwise (no ACK), drop the segment and return". The SYN keeps its timer.
    const d = inSynSent(modules)
      .peerSends({ seq: 0, ctl: 'RST' })
      .expectState('SYN-SENT')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTimer('user-timeout', RFC_USER_TIMEOUT)
      .expectTransition('SYN-SENT --rcv RST--> SYN-SENT');
    d.advance(RTO)
      .expectState('SYN-SENT')
      .expectSent([{ seq: ISS, ctl: 'SYN' }]);
  });

  const withoutSyn: { what: string; spec: SegmentSpec }[] = [
    { what: 'a bare ACK of our SYN', spec: { seq: IRS, ack: seq(ISS, 1), ctl: 'ACK' } },
    {
      what: 'data with an acceptable ACK is not delivered',
      spec: { seq: IRS, ack: seq(ISS, 1), ctl: 'ACK', data: 'early' },
    },
    { what: 'FIN,ACK with an acceptable ACK', spec: { seq: IRS, ack: seq(ISS, 1), ctl: 'FIN,ACK' } },
    { what: 'no control bits', spec: { seq: IRS, ctl: '', data: 'x' } },
    { what: 'a bare FIN', spec: { seq: IRS, ctl: 'FIN' } },
  ];
  for (const { what, spec } of withoutSyn) {
    it(`SYN-SENT --rcv segment without SYN--> SYN-SENT (${what})`, () => {
      // Fifth step: neither SYN nor RST: drop it. SND.UNA does not move, so the SYN is sent again.
      const d = inSynSent(modules)
        .peerSends(spec)
        .expectState('SYN-SENT')
        .expectNothingSent()
        .expectNotices([])
        .expectTimer('retransmission', RTO)
        .expectTransition('SYN-SENT --rcv segment without SYN--> SYN-SENT');
      d.advance(RTO)
        .expectState('SYN-SENT')
        .expectSent([{ seq: ISS, ctl: 'SYN' }]);
    });
  }

  it('SYN-SENT --timeout retransmission--> SYN-SENT', () => {
    // The same <SEQ=ISS><CTL=SYN> after 1 s, then the RTO doubles (RFC 6298 §5.5, 5.6).
    inSynSent(modules)
      .expectTimer('retransmission', RTO)
      .expectTimer('user-timeout', RFC_USER_TIMEOUT)
      .advance(RTO - 1)
      .expectNothingSent()
      .expectState('SYN-SENT')
      .advance(1)
      .expectState('SYN-SENT')
      .expectSent([{ seq: ISS, ctl: 'SYN' }])
      .expectNotices([])
      .expectTimer('retransmission', 2 * RTO)
      // The user timer runs from the first SYN; a retransmission does not restart it.
      .expectTimer('user-timeout', RFC_USER_TIMEOUT - RTO)
      .expectTransition('SYN-SENT --timeout retransmission--> SYN-SENT');
  });

  it('SYN-SENT --timeout retransmission--> SYN-SENT (RTOs 1, 2, 4, 8, 16, 32, then capped at 60 s)', () => {
    backoff(inSynSent(modules), 'SYN-SENT', { seq: ISS, ctl: 'SYN' }, RFC_SYN_RTOS, RFC_USER_TIMEOUT);
  });

  it('SYN-SENT --timeout retransmission--> SYN-SENT (a small maxRtoMs caps the doubling)', () => {
    // maxRtoMs 5 s: 1, 2, 4, then 5, 5 s; four retransmissions allowed, give up at 17 s.
    const rtos = [1_000, 2_000, 4_000, 5_000, 5_000];
    const d = backoff(
      inSynSent(modules, { config: { maxRtoMs: 5_000, synRetries: 4 } }),
      'SYN-SENT',
      { seq: ISS, ctl: 'SYN' },
      rtos,
      RFC_USER_TIMEOUT,
    );
    d.advance(1)
      .expectState('CLOSED')
      .expectNotices([{ kind: 'timed-out', reason: 'retransmission' }]);
    expectAt(d, sum(rtos), 17_000);
  });

  it('SYN-SENT --timeout retransmission--> CLOSED', () => {
    // rfc: 7 retransmissions (MUST-23, at least 3 minutes); the 8th expiry, at 183 s, gives up:
    // "timed out", CLOSED, nothing sent.
    const d = backoff(inSynSent(modules), 'SYN-SENT', { seq: ISS, ctl: 'SYN' }, RFC_SYN_RTOS, RFC_USER_TIMEOUT);
    d.advance(1)
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'timed-out', reason: 'retransmission' }])
      .expectTransition('SYN-SENT --timeout retransmission--> CLOSED');
    expectNoTimers(d);
    expectAt(d, sum(RFC_SYN_RTOS), 183_000);
  });

  it('SYN-SENT --timeout retransmission--> CLOSED (linux: 4 linear and 6 doubling retransmissions, gives up 131 s after the first SYN)', () => {
    const d = backoff(
      inSynSent(modules, { profile: 'linux' }),
      'SYN-SENT',
      { seq: ISS, ctl: 'SYN' },
      LINUX_SYN_RTOS,
      undefined,
    );
    d.advance(1)
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'timed-out', reason: 'retransmission' }])
      .expectTransition('SYN-SENT --timeout retransmission--> CLOSED');
    expectNoTimers(d);
    expectAt(d, sum(LINUX_SYN_RTOS), 131_000);
  });
});

// ---- SYN-RECEIVED: the SYN,ACK and its limit -------------------------------------------------------

describe('SYN-RECEIVED', () => {
  const synAck: SegmentSpec = { seq: ISS, ack: seq(IRS, 1), ctl: 'SYN,ACK' };

  it('SYN-RECEIVED --timeout retransmission--> SYN-RECEIVED', () => {
    // Our SYN (in the SYN,ACK, seq ISS) is unacknowledged: send it again after 1 s, RTO doubles.
    inSynReceived(modules)
      .expectTimer('retransmission', RTO)
      .advance(RTO)
      .expectState('SYN-RECEIVED')
      .expectSent([synAck])
      .expectNotices([])
      .expectTimer('retransmission', 2 * RTO)
      .expectTimer('user-timeout', RFC_USER_TIMEOUT - RTO)
      .expectTransition('SYN-RECEIVED --timeout retransmission--> SYN-RECEIVED');
  });

  it('SYN-RECEIVED --timeout retransmission--> SYN-RECEIVED (active open: the SYN,ACK of a simultaneous open)', () => {
    inSynReceivedActive(modules)
      .expectTimer('retransmission', RTO)
      .advance(RTO)
      .expectState('SYN-RECEIVED')
      .expectSent([synAck])
      .expectNotices([])
      .expectTimer('retransmission', 2 * RTO)
      .expectTransition('SYN-RECEIVED --timeout retransmission--> SYN-RECEIVED');
  });

  it('SYN-RECEIVED --timeout retransmission--> SYN-RECEIVED (RTOs 1 to 32 s, then capped at 60 s)', () => {
    backoff(inSynReceived(modules), 'SYN-RECEIVED', synAck, RFC_SYN_RTOS, RFC_USER_TIMEOUT);
  });

  it('SYN-RECEIVED --timeout retransmission--> LISTEN', () => {
    // Passive open, rfc: 7 SYN,ACK retransmissions, then at 183 s the half-open connection is dropped
    // silently (no RST, no notice) and the listener carries on.
    const d = backoff(inSynReceived(modules), 'SYN-RECEIVED', synAck, RFC_SYN_RTOS, RFC_USER_TIMEOUT);
    d.advance(1)
      .expectState('LISTEN')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('SYN-RECEIVED --timeout retransmission--> LISTEN');
    expectNoTimers(d);
    expectAt(d, sum(RFC_SYN_RTOS), 183_000);
    // The listener accepts a new SYN with a fresh RTO: the backoff belonged to the dropped connection.
    d.peerSends({ seq: 12_345, ctl: 'SYN' })
      .expectState('SYN-RECEIVED')
      .expectSent([{ seq: ISS, ack: 12_346, ctl: 'SYN,ACK' }])
      .expectTimer('retransmission', RTO);
  });

  it('SYN-RECEIVED --timeout retransmission--> LISTEN (linux: 5 retransmissions, dropped at 63 s)', () => {
    const d = backoff(
      inSynReceived(modules, { profile: 'linux' }),
      'SYN-RECEIVED',
      synAck,
      LINUX_SYNACK_RTOS,
      undefined,
    );
    d.advance(1)
      .expectState('LISTEN')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('SYN-RECEIVED --timeout retransmission--> LISTEN');
    expectNoTimers(d);
    expectAt(d, sum(LINUX_SYNACK_RTOS), 63_000);
  });

  it('SYN-RECEIVED --timeout retransmission--> CLOSED', () => {
    // Active open (simultaneous): the user asked for this connection, so the give-up is reported.
    const d = backoff(inSynReceivedActive(modules), 'SYN-RECEIVED', synAck, RFC_SYN_RTOS, RFC_USER_TIMEOUT);
    d.advance(1)
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'timed-out', reason: 'retransmission' }])
      .expectTransition('SYN-RECEIVED --timeout retransmission--> CLOSED');
    expectNoTimers(d);
    expectAt(d, sum(RFC_SYN_RTOS), 183_000);
  });

  it('SYN-RECEIVED --timeout retransmission--> CLOSED (linux: synAckRetries 5, at 63 s)', () => {
    const d = backoff(
      inSynReceivedActive(modules, { profile: 'linux' }),
      'SYN-RECEIVED',
      synAck,
      LINUX_SYNACK_RTOS,
      undefined,
    );
    d.advance(1)
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'timed-out', reason: 'retransmission' }])
      .expectTransition('SYN-RECEIVED --timeout retransmission--> CLOSED');
    expectAt(d, sum(LINUX_SYNACK_RTOS), 63_000);
  });
});
