/**
 * Public tests for 03 · when the handshake fails: CLOSED and LISTEN. Each title is a catalogue id;
 * expected values are written from RFC 9293 §3.10.7.1 and §3.10.7.2 (reset generation, the LISTEN
 * checks), never copied from output. SYN-SENT and SYN-RECEIVED are in ./syn-states.test.ts.
 */
import { describe, it } from 'vitest';
import {
  IRS,
  ISS,
  seq,
  inClosed,
  inListen,
  inSynSent,
  type SegmentSpec,
} from '../../grader/engine/testing/dialogue.js';
import type { Ctl } from '../../grader/engine/types.js';
import { modulesWith } from '../../solutions/modules.js';
import * as handshakeFailures from './handshake-failures.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ handshakeFailures });

const RTO = 1_000; // initialRtoMs in both profiles

// ---- CLOSED: reset generation -----------------------------------------------------------------

describe('CLOSED', () => {
  it('CLOSED --rcv RST--> CLOSED', () => {
    // "An incoming segment containing a RST is discarded": no RST answers a RST.
    inClosed(modules)
      .peerSends({ seq: 12_345, ctl: 'RST' })
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('CLOSED --rcv RST--> CLOSED');
  });

  it('CLOSED --rcv RST--> CLOSED (RST,ACK is discarded too, though it has the ACK bit)', () => {
    inClosed(modules)
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'RST,ACK' })
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('CLOSED --rcv RST--> CLOSED');
  });

  it('CLOSED --rcv segment without ACK--> CLOSED', () => {
    // ACK bit off: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; a SYN counts one, so ACK = IRS+1.
    inClosed(modules)
      .peerSends({ seq: IRS, ctl: 'SYN' })
      .expectState('CLOSED')
      .expectSent([{ seq: 0, ack: seq(IRS, 1), ctl: 'RST,ACK' }])
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('CLOSED --rcv segment without ACK--> CLOSED');
  });

  const withoutAck: { what: string; spec: SegmentSpec; ack: number }[] = [
    // SEG.LEN = SYN (1) + 5 octets of data: the data is discarded but still acknowledged.
    {
      what: 'SYN with data: SEG.LEN counts SYN and data',
      spec: { seq: IRS, ctl: 'SYN', data: 'hello' },
      ack: seq(IRS, 6),
    },
    { what: 'a bare FIN: SEG.LEN = 1', spec: { seq: 777, ctl: 'FIN' }, ack: 778 },
    { what: 'data with no control bits', spec: { seq: 1_000, ctl: '', data: 'abc' }, ack: 1_003 },
    { what: 'an empty segment with no bits: SEG.LEN = 0', spec: { seq: 4_242, ctl: '' }, ack: 4_242 },
    { what: 'SYN,FIN: SEG.LEN = 2', spec: { seq: 50, ctl: 'SYN,FIN' }, ack: 52 },
    // 2^32-1 + 3 wraps to 2.
    { what: 'SEG.SEQ+SEG.LEN wraps past 2^32', spec: { seq: 0xffff_ffff, ctl: 'SYN', data: 'ab' }, ack: 2 },
  ];
  for (const { what, spec, ack } of withoutAck) {
    it(`CLOSED --rcv segment without ACK--> CLOSED (${what})`, () => {
      inClosed(modules)
        .peerSends(spec)
        .expectState('CLOSED')
        .expectSent([{ seq: 0, ack, ctl: 'RST,ACK' }])
        .expectNotices([])
        .expectTransition('CLOSED --rcv segment without ACK--> CLOSED');
    });
  }

  it('CLOSED --rcv segment with ACK--> CLOSED', () => {
    // ACK bit on: <SEQ=SEG.ACK><CTL=RST>, the number the sender expects from us; no ACK bit in the RST.
    inClosed(modules)
      .peerSends({ seq: 1_101, ack: 5_201, ctl: 'ACK', data: 'x'.repeat(50) })
      .expectState('CLOSED')
      .expectSent([{ seq: 5_201, ctl: 'RST' }])
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('CLOSED --rcv segment with ACK--> CLOSED');
  });

  const withAck: { what: string; ctl: Ctl; ack: number }[] = [
    { what: 'SYN,ACK', ctl: 'SYN,ACK', ack: seq(ISS, 1) },
    { what: 'FIN,ACK', ctl: 'FIN,ACK', ack: 9 },
    { what: 'SEG.ACK = 0', ctl: 'ACK', ack: 0 },
    { what: 'SEG.ACK = 2^32-1', ctl: 'ACK', ack: 0xffff_ffff },
  ];
  for (const { what, ctl, ack } of withAck) {
    it(`CLOSED --rcv segment with ACK--> CLOSED (${what})`, () => {
      inClosed(modules)
        .peerSends({ seq: IRS, ack, ctl })
        .expectState('CLOSED')
        .expectSent([{ seq: ack, ctl: 'RST' }])
        .expectNotices([])
        .expectTransition('CLOSED --rcv segment with ACK--> CLOSED');
    });
  }

  it('CLOSED --rcv segment with ACK--> CLOSED (a connection that was deleted answers like one never opened)', () => {
    // A SYN that gave up (see SYN-SENT below) leaves CLOSED; a late SYN,ACK then gets <SEQ=SEG.ACK><CTL=RST>.
    const d = inSynSent(modules, { config: { synRetries: 0 } })
      .advance(RTO)
      .expectState('CLOSED')
      .expectNotices([{ kind: 'timed-out', reason: 'retransmission' }]);
    d.peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' })
      .expectState('CLOSED')
      .expectSent([{ seq: seq(ISS, 1), ctl: 'RST' }])
      .expectNotices([])
      .expectTransition('CLOSED --rcv segment with ACK--> CLOSED');
  });
});

// ---- LISTEN ---------------------------------------------------------------------------------------

describe('LISTEN', () => {
  it('LISTEN --rcv RST--> LISTEN', () => {
    // First step: a RST cannot answer anything this listener sent; ignore it.
    inListen(modules)
      .peerSends({ seq: IRS, ctl: 'RST' })
      .expectState('LISTEN')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('LISTEN --rcv RST--> LISTEN');
  });

  for (const ctl of ['RST,ACK', 'SYN,RST'] as const) {
    it(`LISTEN --rcv RST--> LISTEN (${ctl}: the RST check comes before the ACK and SYN checks)`, () => {
      // Checked first, so an ACK or SYN beside the RST neither draws a RST nor opens a connection.
      inListen(modules)
        .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl })
        .expectState('LISTEN')
        .expectNothingSent()
        .expectNotices([])
        .expectTransition('LISTEN --rcv RST--> LISTEN');
    });
  }

  it('LISTEN --rcv ACK--> LISTEN', () => {
    // Second step: any acknowledgment is bad in LISTEN: <SEQ=SEG.ACK><CTL=RST>.
    inListen(modules)
      .peerSends({ seq: seq(IRS, 1), ack: 31_337, ctl: 'ACK' })
      .expectState('LISTEN')
      .expectSent([{ seq: 31_337, ctl: 'RST' }])
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('LISTEN --rcv ACK--> LISTEN');
  });

  it('LISTEN --rcv ACK--> LISTEN (a SYN,ACK: the ACK check comes before the SYN check)', () => {
    // The RST answers; no SYN-RECEIVED. The listener is unchanged: a real SYN is then accepted.
    const d = inListen(modules)
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' })
      .expectState('LISTEN')
      .expectSent([{ seq: seq(ISS, 1), ctl: 'RST' }])
      .expectNotices([])
      .expectTransition('LISTEN --rcv ACK--> LISTEN');
    d.peerSends({ seq: IRS, ctl: 'SYN' })
      .expectState('SYN-RECEIVED')
      .expectSent([{ seq: ISS, ack: seq(IRS, 1), ctl: 'SYN,ACK' }]);
  });

  it('LISTEN --rcv ACK--> LISTEN (FIN,ACK with data, SEG.ACK at 2^32-1)', () => {
    inListen(modules)
      .peerSends({ seq: IRS, ack: 0xffff_ffff, ctl: 'FIN,ACK', data: 'bye' })
      .expectState('LISTEN')
      .expectSent([{ seq: 0xffff_ffff, ctl: 'RST' }])
      .expectNotices([])
      .expectTransition('LISTEN --rcv ACK--> LISTEN');
  });

  const others: { what: string; spec: SegmentSpec }[] = [
    { what: 'data with no control bits', spec: { seq: IRS, ctl: '', data: 'stray' } },
    { what: 'a bare FIN', spec: { seq: IRS, ctl: 'FIN' } },
    { what: 'an empty segment with no bits', spec: { seq: IRS, ctl: '' } },
  ];
  for (const { what, spec } of others) {
    it(`LISTEN --rcv other segment--> LISTEN (${what})`, () => {
      // Fourth step: neither RST, ACK nor SYN: drop it, send nothing, keep listening.
      const d = inListen(modules)
        .peerSends(spec)
        .expectState('LISTEN')
        .expectNothingSent()
        .expectNotices([])
        .expectTimer('retransmission', undefined)
        .expectTransition('LISTEN --rcv other segment--> LISTEN');
      d.peerSends({ seq: IRS, ctl: 'SYN' })
        .expectState('SYN-RECEIVED')
        .expectSent([{ seq: ISS, ack: seq(IRS, 1), ctl: 'SYN,ACK' }]);
    });
  }
});
