/**
 * Public tests for 07 · keepalive. Each title is a catalogue id; expected segments, timers and
 * notices are written from RFC 9293 §3.8.4 (MUST-24 to MUST-29, SHLD-12), RFC 1122 §4.2.3.6 and the
 * configuration below, never copied from output. Giving up sends <SEQ=SND.NXT><CTL=RST> as Linux
 * does (the RFCs leave that open).
 *
 * Fixture numbers: ISS = 2^32-6, IRS = 2^32-300. After the active open, SND.NXT = ISS+1 and
 * RCV.NXT = IRS+1, so a probe is <SEQ=SND.NXT-1=ISS><ACK=IRS+1><CTL=ACK> with no data.
 */
import { describe, it } from 'vitest';
import {
  IRS,
  ISS,
  seq,
  inClosed,
  inEstablished,
  type Dialogue,
  type DialogueOptions,
} from '../../grader/engine/testing/dialogue.js';
import { modulesWith } from '../../solutions/modules.js';
import * as keepalive from './keepalive.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ keepalive });

const IDLE = 10_000;
const INTERVAL = 1_000;
const COUNT = 3;
const KEEPALIVE = { keepAliveIdleMs: IDLE, keepAliveIntervalMs: INTERVAL, keepAliveCount: COUNT };
const RTO = 1_000; // rfc profile initialRtoMs

/** An active open with keepalive switched on (MUST-24), completed by the peer's SYN,ACK. */
const inEstablishedKeepalive = (o: DialogueOptions = {}): Dialogue =>
  inClosed(modules, { ...o, config: { ...KEEPALIVE, ...o.config } })
    .userCalls('OPEN active keepalive')
    .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' });

/** The same connection after the peer's FIN: RCV.NXT = IRS+2, SND.NXT = ISS+1. */
const inCloseWaitKeepalive = (o: DialogueOptions = {}): Dialogue =>
  inEstablishedKeepalive(o).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' });

const PROBE = { seq: ISS, ack: seq(IRS, 1), ctl: 'ACK' } as const;
const PROBE_CLOSE_WAIT = { seq: ISS, ack: seq(IRS, 2), ctl: 'ACK' } as const;

describe('ESTABLISHED', () => {
  it('ESTABLISHED --timeout keepalive--> ESTABLISHED', () => {
    // MUST-26: a probe only after the connection was idle for keepAliveIdleMs. SHLD-12: no data.
    const d = inEstablishedKeepalive().expectState('ESTABLISHED').expectTimer('keepalive', IDLE);
    d.advance(IDLE - 1)
      .expectNothingSent()
      .expectState('ESTABLISHED');
    d.advance(1)
      .expectState('ESTABLISHED')
      .expectSent([PROBE])
      .expectNotices([])
      .expectTimer('keepalive', INTERVAL)
      .expectTimer('retransmission', undefined)
      .expectTransition('ESTABLISHED --timeout keepalive--> ESTABLISHED');
  });

  it('ESTABLISHED --timeout keepalive--> ESTABLISHED (unanswered probes repeat every interval)', () => {
    // MUST-29: one unanswered probe is not a dead connection; probes go at IDLE, IDLE+1 s, IDLE+2 s.
    const d = inEstablishedKeepalive();
    d.advance(IDLE).expectSent([PROBE]).expectTimer('keepalive', INTERVAL);
    d.advance(INTERVAL - 1).expectNothingSent();
    d.advance(1)
      .expectSent([PROBE])
      .expectState('ESTABLISHED')
      .expectTimer('keepalive', INTERVAL)
      .expectTransition('ESTABLISHED --timeout keepalive--> ESTABLISHED');
    d.advance(INTERVAL).expectSent([PROBE]).expectState('ESTABLISHED').expectNotices([]);
  });

  it('ESTABLISHED --timeout keepalive--> ESTABLISHED (SND.NXT-1 wraps: SND.NXT = 0 gives SEQ 2^32-1)', () => {
    // 'abcde' is ISS+1..ISS+5; acknowledged with ACK = ISS+6 = 0, so SND.NXT = 0.
    const d = inEstablishedKeepalive().userCalls('SEND', 'abcde');
    d.peerSends({ seq: seq(IRS, 1), ack: 0, ctl: 'ACK' }).expectTimer('keepalive', IDLE);
    d.advance(IDLE).expectSent([{ seq: 0xffff_ffff, ack: seq(IRS, 1), ctl: 'ACK' }]);
  });

  it('ESTABLISHED --timeout keepalive--> CLOSED', () => {
    // After keepAliveCount = 3 unanswered probes, the next expiry gives up: <SEQ=SND.NXT=ISS+1><CTL=RST>,
    // "timed out" (keepalive), CLOSED with no timer left.
    const d = inEstablishedKeepalive();
    for (let probe = 1; probe <= COUNT; probe += 1) {
      d.advance(probe === 1 ? IDLE : INTERVAL)
        .expectSent([PROBE])
        .expectState('ESTABLISHED');
    }
    d.advance(INTERVAL - 1)
      .expectNothingSent()
      .expectState('ESTABLISHED');
    d.advance(1)
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 1), ctl: 'RST' }])
      .expectNotices([{ kind: 'timed-out', reason: 'keepalive' }])
      .expectTimer('keepalive', undefined)
      .expectTimer('retransmission', undefined)
      .expectTransition('ESTABLISHED --timeout keepalive--> CLOSED');
  });

  it('ESTABLISHED --timeout keepalive--> CLOSED (linux: the RST carries ACK = RCV.NXT)', () => {
    // Linux 6.18, TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s, TCP_KEEPCNT 2, the peer silent: probes
    // <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK> at 1 s and 2 s, then at 3 s RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT>.
    const d = inEstablishedKeepalive({ profile: 'linux', config: { keepAliveCount: 2 } });
    d.advance(IDLE).expectSent([PROBE]);
    d.advance(INTERVAL).expectSent([PROBE]);
    d.advance(INTERVAL)
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'RST,ACK' }])
      .expectNotices([{ kind: 'timed-out', reason: 'keepalive' }])
      .expectTransition('ESTABLISHED --timeout keepalive--> CLOSED');
  });

  it('ESTABLISHED --timeout keepalive--> CLOSED (keepAliveCount 1: the expiry after the first probe)', () => {
    const d = inEstablishedKeepalive({ config: { keepAliveCount: 1 } });
    d.advance(IDLE).expectSent([PROBE]).expectState('ESTABLISHED');
    d.advance(INTERVAL)
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 1), ctl: 'RST' }])
      .expectNotices([{ kind: 'timed-out', reason: 'keepalive' }])
      .expectTransition('ESTABLISHED --timeout keepalive--> CLOSED');
  });

  it('ESTABLISHED --timeout keepalive--> ESTABLISHED (an answer restarts the idle period and the count)', () => {
    // Two probes go unanswered, then the peer's ACK arrives: the next probe is a full idle period
    // later, and three more unanswered probes are needed before the RST.
    const d = inEstablishedKeepalive();
    d.advance(IDLE).expectSent([PROBE]);
    d.advance(INTERVAL).expectSent([PROBE]);
    d.advance(500);
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('keepalive', IDLE);
    d.advance(IDLE - 1).expectNothingSent();
    d.advance(1).expectSent([PROBE]);
    d.advance(INTERVAL).expectSent([PROBE]);
    d.advance(INTERVAL).expectSent([PROBE]).expectState('ESTABLISHED');
    d.advance(INTERVAL)
      .expectSent([{ seq: seq(ISS, 1), ctl: 'RST' }])
      .expectState('CLOSED')
      .expectNotices([{ kind: 'timed-out', reason: 'keepalive' }]);
  });

  it('ESTABLISHED --timeout keepalive--> ESTABLISHED (any segment received restarts the idle period)', () => {
    // MUST-26: "no data or acknowledgment packets have been received ... within an interval".
    const d = inEstablishedKeepalive();
    d.advance(4_000);
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'ping' })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 5), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'ping' }])
      .expectTimer('keepalive', IDLE);
    d.advance(IDLE - 1).expectNothingSent();
    // RCV.NXT is now IRS+5.
    d.advance(1).expectSent([{ seq: ISS, ack: seq(IRS, 5), ctl: 'ACK' }]);
  });

  it('ESTABLISHED --timeout keepalive--> ESTABLISHED (even an unacceptable segment counts as received)', () => {
    // An old duplicate (SEG.SEQ = IRS, below RCV.NXT) is answered by the first step's ACK and still
    // shows the peer is alive.
    const d = inEstablishedKeepalive();
    d.advance(6_000);
    d.peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'ACK' })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectTimer('keepalive', IDLE);
  });

  it('ESTABLISHED --timeout keepalive--> ESTABLISHED (off by default, MUST-25)', () => {
    // OPEN without keepalive: no keepalive timer at all, and nothing is ever sent on an idle connection.
    const d = inEstablished(modules, { config: KEEPALIVE }).expectTimer('keepalive', undefined);
    d.advance(IDLE + COUNT * INTERVAL + 5 * IDLE)
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('keepalive', undefined);
  });

  it('ESTABLISHED --timeout keepalive--> ESTABLISHED (not while sent data is unacknowledged, MUST-26)', () => {
    // 'abc' is ISS+1..ISS+3: outstanding data, so no keepalive timer, only retransmission.
    const d = inEstablishedKeepalive();
    d.advance(2_000);
    d.userCalls('SEND', 'abc')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc' }])
      .expectTimer('keepalive', undefined)
      .expectTimer('retransmission', RTO);
    d.advance(500).expectNothingSent().expectTimer('keepalive', undefined);
    // Acknowledged: the connection is idle again from now; SND.NXT-1 = ISS+3.
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectNothingSent()
      .expectTimer('keepalive', IDLE)
      .expectTimer('retransmission', undefined);
    d.advance(IDLE).expectSent([{ seq: seq(ISS, 3), ack: seq(IRS, 1), ctl: 'ACK' }]);
  });

  it('ESTABLISHED --timeout keepalive--> ESTABLISHED (stops when the connection is closing)', () => {
    // Keepalive runs in ESTABLISHED and CLOSE-WAIT only; after CLOSE (FIN-WAIT-1) there is no timer.
    inEstablishedKeepalive().userCalls('CLOSE').expectState('FIN-WAIT-1').expectTimer('keepalive', undefined);
  });

  it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (answering a keepalive probe)', () => {
    // The peer's probe: SEG.SEQ = RCV.NXT-1 = IRS, no data. SEG.LEN = 0 and RCV.NXT =< SEG.SEQ fails,
    // so it is unacceptable: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it.
    inEstablished(modules)
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectRule('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (a probe with one garbage octet, MAY-6)', () => {
    // SEG.SEQ = IRS, SEG.LEN = 1: the octet IRS is below RCV.NXT, so it is not delivered; the same ACK.
    inEstablished(modules)
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'ACK', data: 'x' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectRule('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (two keepalive engines: the probe is answered)', () => {
    // Our own probe, handed to a passive peer in ESTABLISHED whose RCV.NXT is ISS+1: it answers with
    // <SEQ=IRS'+1><ACK=ISS+1><CTL=ACK>, which our side receives as a fresh sign of life.
    const us = inEstablishedKeepalive();
    us.advance(IDLE).expectSent([PROBE]);
    const [probe] = us.sent;
    const peer = inClosed(modules)
      .userCalls('OPEN passive')
      .peerSends({ seq: ISS, ctl: 'SYN' })
      .peerSends({ seq: seq(ISS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('ESTABLISHED');
    // The passive engine's ISS is also ISS; its RCV.NXT is ISS+1. The probe has SEQ = ISS.
    peer
      .peerSends({ seq: probe!.seq, ack: seq(ISS, 1), ctl: 'ACK' })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(ISS, 1), ctl: 'ACK' }])
      .expectRule('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
    us.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectNothingSent()
      .expectTimer('keepalive', IDLE)
      .expectState('ESTABLISHED');
  });
});

describe('CLOSE-WAIT', () => {
  it('CLOSE-WAIT --timeout keepalive--> CLOSE-WAIT', () => {
    // The FIN was received (restarting the idle period); our direction is open and idle.
    const d = inCloseWaitKeepalive().expectState('CLOSE-WAIT').expectTimer('keepalive', IDLE);
    d.advance(IDLE - 1).expectNothingSent();
    d.advance(1)
      .expectState('CLOSE-WAIT')
      .expectSent([PROBE_CLOSE_WAIT])
      .expectNotices([])
      .expectTimer('keepalive', INTERVAL)
      .expectTransition('CLOSE-WAIT --timeout keepalive--> CLOSE-WAIT');
  });

  it('CLOSE-WAIT --timeout keepalive--> CLOSED', () => {
    const d = inCloseWaitKeepalive();
    d.advance(IDLE).expectSent([PROBE_CLOSE_WAIT]);
    d.advance(INTERVAL).expectSent([PROBE_CLOSE_WAIT]);
    d.advance(INTERVAL).expectSent([PROBE_CLOSE_WAIT]).expectState('CLOSE-WAIT');
    d.advance(INTERVAL)
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 1), ctl: 'RST' }])
      .expectNotices([{ kind: 'timed-out', reason: 'keepalive' }])
      .expectTimer('keepalive', undefined)
      .expectTransition('CLOSE-WAIT --timeout keepalive--> CLOSED');
  });

  it("CLOSE-WAIT --timeout keepalive--> CLOSE-WAIT (the peer's answer restarts the idle period)", () => {
    const d = inCloseWaitKeepalive();
    d.advance(IDLE).expectSent([PROBE_CLOSE_WAIT]);
    d.peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectNothingSent()
      .expectState('CLOSE-WAIT')
      .expectTimer('keepalive', IDLE);
  });

  it('CLOSE-WAIT --timeout keepalive--> CLOSE-WAIT (stops in LAST-ACK)', () => {
    inCloseWaitKeepalive().userCalls('CLOSE').expectState('LAST-ACK').expectTimer('keepalive', undefined);
  });
});
