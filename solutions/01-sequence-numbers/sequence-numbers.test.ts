/**
 * Public tests for 01 · sequence numbers. Each engine test title is a catalogue id; expected values are
 * written from RFC 9293 §3.4 (arithmetic, SEG.LEN), §3.10.2 (SEND), §3.10.3 (RECEIVE), §3.10.7.4
 * (Table 6, fifth and seventh steps), §3.8.6.3 (delayed ACK) and RFC 6298 (5.1) to (5.3), never
 * copied from output. The fixtures put ISS at 2^32-6 and IRS at 2^32-300, so SND.NXT wraps to 0 after
 * five data octets and RCV.NXT after 299.
 */
import { describe, expect, it } from 'vitest';
import {
  IRS, ISS, seq,
  inClosed, inCloseWait, inClosing, inEstablished, inFinWait1, inFinWait2, inLastAck, inListen,
  inSynReceived, inSynSent, inTimeWait,
  type Dialogue, type DialogueOptions,
} from '../../grader/engine/testing/dialogue.js';
import type { Modules } from '../../grader/engine/modules.js';
import { makeSegment } from '../../grader/engine/tcb.js';
import type { SegmentFields, State, TimerName } from '../../grader/engine/types.js';
import { modulesWith } from '../../solutions/modules.js';
import * as sequence from './sequence-numbers.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ sequence });
import { isAcceptable, segmentLength, seqAdd, seqGeq, seqGt, seqLeq, seqLt } from './sequence-numbers.js';

const RTO = 1_000; // rfc profile initialRtoMs
const TIME_WAIT = 2 * 120_000; // rfc profile: 2 × mslMs
const RCV_WND = 65_535; // rfc profile rcvWnd: our window, constant since data is delivered at once
const DELAYED = { config: { delayedAckMs: 200 } } as const;
const TOP = 0xffff_ffff; // 2^32 - 1
const HALF = 0x8000_0000; // 2^31

type Fixture = (m: Modules, o?: DialogueOptions) => Dialogue;

// ---- pure functions ---------------------------------------------------------------------------------

describe('sequence arithmetic', () => {
  const segment = (fields: SegmentFields) => makeSegment(fields, 0);

  it('seqLt and seqGt compare across the 2^32 wrap (RFC 9293 §3.4)', () => {
    // 200 lies 496 steps after 4294967000 on the circle.
    expect(seqLt(4_294_967_000, 200)).toBe(true);
    expect(seqGt(200, 4_294_967_000)).toBe(true);
    expect(seqLt(200, 4_294_967_000)).toBe(false);
    expect(seqGt(4_294_967_000, 200)).toBe(false);
    // 2^32-1 is the number just before 0.
    expect(seqLt(TOP, 0)).toBe(true);
    expect(seqGt(0, TOP)).toBe(true);
    expect(seqLt(0, TOP)).toBe(false);
    expect(seqGt(TOP, 0)).toBe(false);
    // Away from the wrap they agree with ordinary comparison.
    expect(seqLt(1, 2)).toBe(true);
    expect(seqGt(2, 1)).toBe(true);
    expect(seqLt(2, 1)).toBe(false);
  });

  it('seqLeq and seqGeq include equality; seqLt and seqGt exclude it', () => {
    for (const n of [0, 5, ISS, TOP]) {
      expect(seqLt(n, n)).toBe(false);
      expect(seqGt(n, n)).toBe(false);
      expect(seqLeq(n, n)).toBe(true);
      expect(seqGeq(n, n)).toBe(true);
    }
    expect(seqLeq(TOP, 0)).toBe(true);
    expect(seqGeq(0, TOP)).toBe(true);
    expect(seqLeq(0, TOP)).toBe(false);
    expect(seqGeq(TOP, 0)).toBe(false);
    expect(seqLeq(ISS, seq(ISS, 6))).toBe(true); // ISS+6 is 0
    expect(seqGeq(ISS, seq(ISS, 6))).toBe(false);
  });

  it('a < b holds while b is less than half the circle (2^31) ahead of a', () => {
    expect(seqLt(0, HALF - 1)).toBe(true);
    expect(seqGt(HALF - 1, 0)).toBe(true);
    // 2^31+1 is 2^31-1 steps behind 0, so it is the smaller one.
    expect(seqLt(0, HALF + 1)).toBe(false);
    expect(seqGt(0, HALF + 1)).toBe(true);
    expect(seqLt(HALF + 1, 0)).toBe(true);
    // The same distances measured from just below the wrap.
    expect(seqLt(TOP, seqAdd(TOP, HALF - 1))).toBe(true);
    expect(seqLt(TOP, seqAdd(TOP, HALF + 1))).toBe(false);
  });

  it('seqAdd wraps into 0 .. 2^32-1', () => {
    expect(seqAdd(1000, 1)).toBe(1001);
    expect(seqAdd(TOP, 1)).toBe(0);
    expect(seqAdd(ISS, 6)).toBe(0);
    expect(seqAdd(IRS, 300)).toBe(0);
    expect(seqAdd(4_294_967_291, 10)).toBe(5);
    expect(seqAdd(0, -1)).toBe(TOP);
    expect(seqAdd(3, -5)).toBe(TOP - 1);
    expect(seqAdd(HALF, HALF)).toBe(0);
  });

  it('segmentLength counts data octets, plus one for SYN and one for FIN (RFC 9293 §3.4)', () => {
    expect(segmentLength(segment({ seq: 1000, ctl: 'SYN' }))).toBe(1);
    expect(segmentLength(segment({ seq: 1001, ack: 5001, ctl: 'ACK' }))).toBe(0);
    expect(segmentLength(segment({ seq: 1001, ack: 5001, ctl: 'ACK', data: 'x'.repeat(100) }))).toBe(100);
    expect(segmentLength(segment({ seq: 1101, ack: 5001, ctl: 'FIN,ACK', data: 'x'.repeat(50) }))).toBe(51);
    expect(segmentLength(segment({ seq: 1101, ack: 5001, ctl: 'FIN,ACK' }))).toBe(1);
    expect(segmentLength(segment({ seq: 1000, ctl: 'SYN', data: 'x'.repeat(100) }))).toBe(101);
    expect(segmentLength(segment({ seq: 1000, ctl: 'SYN,FIN' }))).toBe(2);
    expect(segmentLength(segment({ seq: 1000, ack: 5001, ctl: 'SYN,ACK' }))).toBe(1);
    // A RST takes no sequence number.
    expect(segmentLength(segment({ seq: 1000, ctl: 'RST' }))).toBe(0);
    expect(segmentLength(segment({ seq: 1000, ack: 5001, ctl: 'RST,ACK' }))).toBe(0);
  });

  describe('isAcceptable: the four cases of Table 6', () => {
    const bare = (n: number) => segment({ seq: n, ack: 1, ctl: 'ACK' });
    const data = (n: number, len: number) => segment({ seq: n, ack: 1, ctl: 'ACK', data: 'x'.repeat(len) });

    it('SEG.LEN = 0, RCV.WND = 0: acceptable only when SEG.SEQ = RCV.NXT', () => {
      expect(isAcceptable(bare(1101), 1101, 0)).toBe(true);
      expect(isAcceptable(bare(1100), 1101, 0)).toBe(false);
      expect(isAcceptable(bare(1102), 1101, 0)).toBe(false);
      expect(isAcceptable(bare(0), 0, 0)).toBe(true);
      expect(isAcceptable(bare(TOP), 0, 0)).toBe(false);
    });

    it('SEG.LEN = 0, RCV.WND > 0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND', () => {
      // Window 1101 .. 2100.
      expect(isAcceptable(bare(1101), 1101, 1000)).toBe(true); // left edge
      expect(isAcceptable(bare(1500), 1101, 1000)).toBe(true);
      expect(isAcceptable(bare(2100), 1101, 1000)).toBe(true); // last number in the window
      expect(isAcceptable(bare(1100), 1101, 1000)).toBe(false); // just left of the window
      expect(isAcceptable(bare(2101), 1101, 1000)).toBe(false); // RCV.NXT+RCV.WND is outside
      // A one-octet window holds RCV.NXT only.
      expect(isAcceptable(bare(1101), 1101, 1)).toBe(true);
      expect(isAcceptable(bare(1102), 1101, 1)).toBe(false);
    });

    it('SEG.LEN > 0, RCV.WND = 0: never acceptable', () => {
      expect(isAcceptable(data(1101, 1), 1101, 0)).toBe(false); // a window probe at RCV.NXT
      expect(isAcceptable(data(1100, 2), 1101, 0)).toBe(false);
      expect(isAcceptable(segment({ seq: 1101, ack: 1, ctl: 'FIN,ACK' }), 1101, 0)).toBe(false);
      expect(isAcceptable(segment({ seq: 1101, ctl: 'SYN' }), 1101, 0)).toBe(false);
    });

    it('SEG.LEN > 0, RCV.WND > 0: the first or the last octet lies in the window', () => {
      // Window 1101 .. 2100 (the lesson's examples).
      expect(isAcceptable(data(1101, 100), 1101, 1000)).toBe(true);
      expect(isAcceptable(data(1001, 200), 1101, 1000)).toBe(true); // only the last octet, 1200, is in
      expect(isAcceptable(data(1001, 101), 1101, 1000)).toBe(true); // last octet is RCV.NXT exactly
      expect(isAcceptable(data(1001, 100), 1101, 1000)).toBe(false); // last octet 1100: an old duplicate
      expect(isAcceptable(data(2050, 100), 1101, 1000)).toBe(true); // only the first octet is in
      expect(isAcceptable(data(2100, 5), 1101, 1000)).toBe(true); // first octet is the window's last
      expect(isAcceptable(data(2101, 10), 1101, 1000)).toBe(false); // starts at RCV.NXT+RCV.WND
      // Neither end in the window: Table 6 taken as written says not acceptable.
      expect(isAcceptable(data(95, 20), 100, 10)).toBe(false);
    });

    it('SYN and FIN count in SEG.LEN when the last octet is tested', () => {
      // RCV.NXT = 1101. SYN at 1100 with one data octet: SEG.LEN 2, last octet 1101 is in.
      expect(isAcceptable(segment({ seq: 1100, ctl: 'SYN', data: 'a' }), 1101, 1000)).toBe(true);
      // A bare SYN at 1100: SEG.LEN 1, its only octet 1100 is out.
      expect(isAcceptable(segment({ seq: 1100, ctl: 'SYN' }), 1101, 1000)).toBe(false);
      // Data 1098..1100 and FIN at 1101: the FIN is in the window.
      expect(isAcceptable(segment({ seq: 1098, ack: 1, ctl: 'FIN,ACK', data: 'abc' }), 1101, 1000)).toBe(true);
      // A retransmitted FIN at 1100 lies wholly before RCV.NXT.
      expect(isAcceptable(segment({ seq: 1100, ack: 1, ctl: 'FIN,ACK' }), 1101, 1000)).toBe(false);
    });

    it('works across the 2^32 wrap (window 2^32-10 .. 9)', () => {
      const nxt = seqAdd(0, -10);
      expect(isAcceptable(bare(nxt), nxt, 20)).toBe(true);
      expect(isAcceptable(bare(0), nxt, 20)).toBe(true);
      expect(isAcceptable(bare(9), nxt, 20)).toBe(true);
      expect(isAcceptable(bare(10), nxt, 20)).toBe(false);
      expect(isAcceptable(bare(seqAdd(nxt, -1)), nxt, 20)).toBe(false);
      expect(isAcceptable(data(seqAdd(nxt, -2), 3), nxt, 20)).toBe(true); // last octet = RCV.NXT
      expect(isAcceptable(data(seqAdd(nxt, -3), 3), nxt, 20)).toBe(false); // last octet = RCV.NXT-1
      expect(isAcceptable(data(9, 5), nxt, 20)).toBe(true);
      expect(isAcceptable(data(10, 1), nxt, 20)).toBe(false);
      expect(isAcceptable(data(TOP, 2), nxt, 20)).toBe(true);
      expect(isAcceptable(data(nxt, 1), nxt, 0)).toBe(false);
      expect(isAcceptable(bare(nxt), nxt, 0)).toBe(true);
    });
  });
});

// ---- SEND (RFC 9293 §3.10.2) -----------------------------------------------------------------------

describe('SEND', () => {
  it('CLOSED --SEND--> CLOSED', () => {
    inClosed(modules).userCalls('SEND', 'abc')
      .expectState('CLOSED').expectNothingSent()
      .expectNotices([{ kind: 'error', call: 'SEND', message: 'connection does not exist' }])
      .expectTimer('retransmission', undefined)
      .expectTransition('CLOSED --SEND--> CLOSED');
  });

  it('LISTEN --SEND--> LISTEN', () => {
    // A passive OPEN here names no foreign socket, so there is nobody to send to.
    inListen(modules).userCalls('SEND', 'abc')
      .expectState('LISTEN').expectNothingSent()
      .expectNotices([{ kind: 'error', call: 'SEND', message: 'foreign socket unspecified' }])
      .expectTimer('retransmission', undefined)
      .expectTransition('LISTEN --SEND--> LISTEN');
  });

  it('SYN-SENT --SEND--> SYN-SENT', () => {
    // "Queue the data for transmission after entering ESTABLISHED state." The SYN's timer is untouched.
    const d = inSynSent(modules).userCalls('SEND', 'abc')
      .expectState('SYN-SENT').expectNothingSent().expectNotices([]).expectTimer('retransmission', RTO)
      .expectTransition('SYN-SENT --SEND--> SYN-SENT');
    // Once the SYN,ACK arrives: the ACK of §3.10.7.3, then the queued data at SND.NXT = ISS+1.
    d.peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' })
      .expectState('ESTABLISHED')
      .expectSent([
        { seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' },
        { seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc' },
      ])
      .expectNotices([{ kind: 'connected' }]).expectTimer('retransmission', RTO);
  });

  it('SYN-RECEIVED --SEND--> SYN-RECEIVED', () => {
    const d = inSynReceived(modules).userCalls('SEND', 'abc')
      .expectState('SYN-RECEIVED').expectNothingSent().expectNotices([]).expectTimer('retransmission', RTO)
      .expectTransition('SYN-RECEIVED --SEND--> SYN-RECEIVED');
    // The ACK that completes the handshake releases the data, acknowledging RCV.NXT = IRS+1.
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc' }])
      .expectNotices([{ kind: 'connected' }]).expectTimer('retransmission', RTO);
  });

  it('ESTABLISHED --SEND--> ESTABLISHED', () => {
    // "Segmentize the buffer and send it with a piggybacked acknowledgment (acknowledgment value =
    // RCV.NXT)"; RFC 6298 (5.1): start the retransmission timer.
    inEstablished(modules).userCalls('SEND', 'hello')
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'hello' }])
      .expectNotices([]).expectTimer('retransmission', RTO)
      .expectTransition('ESTABLISHED --SEND--> ESTABLISHED');
  });

  it('ESTABLISHED --SEND--> ESTABLISHED (a second SEND does not restart a running timer)', () => {
    // RFC 6298 (5.1): start the timer only if it is not running.
    inEstablished(modules).userCalls('SEND', 'a').advance(400).userCalls('SEND', 'b')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK', data: 'b' }])
      .expectState('ESTABLISHED').expectNotices([]).expectTimer('retransmission', RTO - 400);
  });

  it('ESTABLISHED --SEND--> ESTABLISHED (segmented into mss-sized pieces, across the wrap)', () => {
    // mss 4: ten octets go as 4 + 4 + 2. ISS+5 = 2^32-1 and ISS+9 = 3.
    inEstablished(modules, { config: { mss: 4 } }).userCalls('SEND', 'abcdefghij')
      .expectState('ESTABLISHED')
      .expectSent([
        { seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abcd' },
        { seq: seq(ISS, 5), ack: seq(IRS, 1), ctl: 'ACK', data: 'efgh' },
        { seq: seq(ISS, 9), ack: seq(IRS, 1), ctl: 'ACK', data: 'ij' },
      ])
      .expectNotices([]).expectTimer('retransmission', RTO)
      // The first segment acknowledged: two remain in flight, the timer runs.
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 5), ctl: 'ACK' })
      .expectNothingSent().expectTimer('retransmission', RTO)
      // All ten octets acknowledged: SEG.ACK = ISS+11 = 5.
      .peerSends({ seq: seq(IRS, 1), ack: 5, ctl: 'ACK' })
      .expectState('ESTABLISHED').expectNothingSent().expectTimer('retransmission', undefined);
  });

  it('ESTABLISHED --SEND--> ESTABLISHED (the peer window limits what is in flight)', () => {
    // SND.WND = 3 from the SYN,ACK: at most SND.UNA + SND.WND - SND.NXT octets may be sent.
    inSynSent(modules).peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK', wnd: 3 })
      .userCalls('SEND', 'abcdefgh')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc' }])
      .expectTimer('retransmission', RTO)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK', wnd: 3 })
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'ACK', data: 'def' }])
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 7), ctl: 'ACK', wnd: 3 })
      .expectSent([{ seq: 1, ack: seq(IRS, 1), ctl: 'ACK', data: 'gh' }])
      .peerSends({ seq: seq(IRS, 1), ack: 3, ctl: 'ACK', wnd: 3 })
      .expectState('ESTABLISHED').expectNothingSent().expectNotices([]).expectTimer('retransmission', undefined);
  });

  it('ESTABLISHED --SEND--> ESTABLISHED (octets in flight count against the window)', () => {
    // Usable window = SND.UNA + SND.WND - SND.NXT: with 'abc' in flight, 5 - 3 = 2 octets of 'defgh'.
    inSynSent(modules).peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK', wnd: 5 })
      .userCalls('SEND', 'abc')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc' }])
      .userCalls('SEND', 'defgh')
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'ACK', data: 'de' }])
      .expectTransition('ESTABLISHED --SEND--> ESTABLISHED')
      // 'abc' acknowledged, 'de' still in flight: 5 - 2 = 3 octets, 'fgh', from ISS+6 = 0.
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK', wnd: 5 })
      .expectSent([{ seq: 0, ack: seq(IRS, 1), ctl: 'ACK', data: 'fgh' }]);
  });

  it('ESTABLISHED --SEND--> ESTABLISHED (data queued in SYN-SENT also waits for the window)', () => {
    inSynSent(modules).userCalls('SEND', 'abcdef')
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK', wnd: 2 })
      .expectState('ESTABLISHED')
      .expectSent([
        { seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' },
        { seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'ab' },
      ]);
  });

  it('CLOSE-WAIT --SEND--> CLOSE-WAIT', () => {
    // The peer's FIN is counted: the piggybacked ACK is RCV.NXT = IRS+2.
    inCloseWait(modules).userCalls('SEND', 'bye')
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK', data: 'bye' }])
      .expectNotices([]).expectTimer('retransmission', RTO)
      .expectTransition('CLOSE-WAIT --SEND--> CLOSE-WAIT');
  });

  // "Return 'error: connection closing' and do not service request." Timers stay as they were.
  const closing: [State, Fixture, TimerName, number | undefined][] = [
    ['FIN-WAIT-1', inFinWait1, 'retransmission', RTO],
    ['FIN-WAIT-2', inFinWait2, 'retransmission', undefined],
    ['CLOSING', inClosing, 'retransmission', RTO],
    ['LAST-ACK', inLastAck, 'retransmission', RTO],
    ['TIME-WAIT', inTimeWait, 'time-wait', TIME_WAIT],
  ];
  for (const [state, reach, timer, value] of closing) {
    it(`${state} --SEND--> ${state}`, () => {
      reach(modules).userCalls('SEND', 'late')
        .expectState(state).expectNothingSent()
        .expectNotices([{ kind: 'error', call: 'SEND', message: 'connection closing' }])
        .expectTimer(timer, value)
        .expectTransition(`${state} --SEND--> ${state}`)
        // The data was not queued either: time passing sends nothing new.
        .advance(100).expectNothingSent().expectState(state);
    });
  }
});

// ---- RECEIVE (RFC 9293 §3.10.3) --------------------------------------------------------------------

describe('RECEIVE', () => {
  it('CLOSED --RECEIVE--> CLOSED', () => {
    inClosed(modules).userCalls('RECEIVE')
      .expectState('CLOSED').expectNothingSent()
      .expectNotices([{ kind: 'error', call: 'RECEIVE', message: 'connection does not exist' }])
      .expectTransition('CLOSED --RECEIVE--> CLOSED');
  });

  // Data is handed over as a `data` notice as soon as it is in order, so RECEIVE itself is just "ok".
  const ok: [State, Fixture][] = [
    ['LISTEN', inListen], ['SYN-SENT', inSynSent], ['SYN-RECEIVED', inSynReceived],
    ['ESTABLISHED', inEstablished], ['FIN-WAIT-1', inFinWait1], ['FIN-WAIT-2', inFinWait2],
  ];
  for (const [state, reach] of ok) {
    it(`${state} --RECEIVE--> ${state}`, () => {
      reach(modules).userCalls('RECEIVE')
        .expectState(state).expectNothingSent().expectNotices([])
        .expectTransition(`${state} --RECEIVE--> ${state}`);
    });
  }

  // The peer's FIN has arrived and all text before it was delivered: "error: connection closing".
  const closing: [State, Fixture][] = [
    ['CLOSE-WAIT', inCloseWait], ['CLOSING', inClosing], ['LAST-ACK', inLastAck], ['TIME-WAIT', inTimeWait],
  ];
  for (const [state, reach] of closing) {
    it(`${state} --RECEIVE--> ${state}`, () => {
      reach(modules).userCalls('RECEIVE')
        .expectState(state).expectNothingSent()
        .expectNotices([{ kind: 'error', call: 'RECEIVE', message: 'connection closing' }])
        .expectTransition(`${state} --RECEIVE--> ${state}`);
    });
  }
});

// ---- first step: the acceptability test (RFC 9293 §3.10.7.4) ---------------------------------------

interface Synchronized {
  state: State;
  reach: Fixture;
  sndNxt: number;
  rcvNxt: number;
  /** The timer that runs in the fixture, and its value right after reaching it. */
  timer: TimerName;
  value: number | undefined;
}

const SYNCHRONIZED: Synchronized[] = [
  { state: 'SYN-RECEIVED', reach: inSynReceived, sndNxt: seq(ISS, 1), rcvNxt: seq(IRS, 1), timer: 'retransmission', value: RTO },
  { state: 'ESTABLISHED', reach: inEstablished, sndNxt: seq(ISS, 1), rcvNxt: seq(IRS, 1), timer: 'retransmission', value: undefined },
  { state: 'FIN-WAIT-1', reach: inFinWait1, sndNxt: seq(ISS, 2), rcvNxt: seq(IRS, 1), timer: 'retransmission', value: RTO },
  { state: 'FIN-WAIT-2', reach: inFinWait2, sndNxt: seq(ISS, 2), rcvNxt: seq(IRS, 1), timer: 'retransmission', value: undefined },
  { state: 'CLOSE-WAIT', reach: inCloseWait, sndNxt: seq(ISS, 1), rcvNxt: seq(IRS, 2), timer: 'retransmission', value: undefined },
  { state: 'CLOSING', reach: inClosing, sndNxt: seq(ISS, 2), rcvNxt: seq(IRS, 2), timer: 'retransmission', value: RTO },
  { state: 'LAST-ACK', reach: inLastAck, sndNxt: seq(ISS, 2), rcvNxt: seq(IRS, 2), timer: 'retransmission', value: RTO },
  { state: 'TIME-WAIT', reach: inTimeWait, sndNxt: seq(ISS, 2), rcvNxt: seq(IRS, 2), timer: 'time-wait', value: TIME_WAIT },
];
/** The same timer after 100 ms: an unacceptable segment must neither restart nor stop it. */
const after100 = (value: number | undefined): number | undefined => (value === undefined ? undefined : value - 100);

describe('rcv unacceptable segment', () => {
  // "If an incoming segment is not acceptable, an acknowledgment should be sent in reply (unless the
  // RST bit is set ...): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. After sending the acknowledgment, drop
  // the unacceptable segment and return."
  for (const { state, reach, sndNxt, rcvNxt, timer, value } of SYNCHRONIZED) {
    it(`${state} --rcv unacceptable segment--> ${state} (data starting at RCV.NXT+RCV.WND)`, () => {
      reach(modules).advance(100)
        .peerSends({ seq: seq(rcvNxt, RCV_WND), ack: sndNxt, ctl: 'ACK', data: 'x' })
        .expectState(state)
        .expectSent([{ seq: sndNxt, ack: rcvNxt, ctl: 'ACK' }])
        .expectNotices([]).expectTimer(timer, after100(value))
        .expectTransition(`${state} --rcv unacceptable segment--> ${state}`);
    });

    it(`${state} --rcv unacceptable segment--> ${state} (empty segment at RCV.NXT-1)`, () => {
      reach(modules).advance(100)
        .peerSends({ seq: seq(rcvNxt, -1), ack: sndNxt, ctl: 'ACK' })
        .expectState(state)
        .expectSent([{ seq: sndNxt, ack: rcvNxt, ctl: 'ACK' }])
        .expectNotices([]).expectTimer(timer, after100(value))
        .expectTransition(`${state} --rcv unacceptable segment--> ${state}`);
    });

    // In TIME-WAIT a RST is taken by the RFC 1337 rule before the sequence check (05-time-wait).
    if (state !== 'TIME-WAIT') {
      it(`${state} --rcv unacceptable segment--> ${state} (a RST outside the window is dropped silently)`, () => {
        reach(modules).advance(100)
          .peerSends({ seq: seq(rcvNxt, RCV_WND), ctl: 'RST' })
          .expectState(state).expectNothingSent().expectNotices([]).expectTimer(timer, after100(value))
          .expectTransition(`${state} --rcv unacceptable segment--> ${state}`);
      });
    }
  }

  it('TIME-WAIT --rcv unacceptable segment--> TIME-WAIT (old data, not a FIN: the 2*MSL timer is not restarted)', () => {
    // Octet IRS+1 lies before RCV.NXT = IRS+2. Only a retransmitted FIN restarts the timer.
    inTimeWait(modules).advance(1_000)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'z' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([]).expectTimer('time-wait', TIME_WAIT - 1_000)
      .expectTransition('TIME-WAIT --rcv unacceptable segment--> TIME-WAIT');
  });

  it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (an old duplicate is not delivered again)', () => {
    // 'abc' occupies IRS+1 .. IRS+3; after it RCV.NXT = IRS+4 and the copy lies wholly before it.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'abc' })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'abc' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 4), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (its ACK field is not processed)', () => {
    // The segment is dropped before the fifth step: SND.UNA stays, the timer keeps running.
    inEstablished(modules).userCalls('SEND', 'abc').advance(100)
      .peerSends({ seq: seq(IRS, RCV_WND + 1), ack: seq(ISS, 4), ctl: 'ACK', data: 'x' })
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectState('ESTABLISHED').expectNotices([]).expectTimer('retransmission', RTO - 100);
  });

  describe('a zero receive window (rcvWnd 0)', () => {
    const ZERO = { config: { rcvWnd: 0 } } as const;

    it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (SEG.LEN > 0: never acceptable)', () => {
      // Our ACK advertises the window: wnd 0.
      inEstablished(modules, ZERO)
        .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'x' })
        .expectState('ESTABLISHED')
        .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', wnd: 0 }])
        .expectNotices([])
        .expectTransition('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
    });

    it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (SEG.LEN = 0 but SEG.SEQ ≠ RCV.NXT)', () => {
      inEstablished(modules, ZERO)
        .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
        .expectState('ESTABLISHED')
        .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', wnd: 0 }])
        .expectTransition('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
    });

    it('ESTABLISHED --rcv ACK--> ESTABLISHED (SEG.LEN = 0 at RCV.NXT is acceptable and its ACK is used)', () => {
      inEstablished(modules, ZERO).userCalls('SEND', 'abc')
        .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc', wnd: 0 }])
        .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
        .expectState('ESTABLISHED').expectNothingSent().expectNotices([])
        .expectTimer('retransmission', undefined)
        .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED');
    });
  });
});

// ---- fifth step: the ACK field (RFC 9293 §3.10.7.4) -------------------------------------------------

const ACKING = SYNCHRONIZED.filter((s) => s.state !== 'SYN-RECEIVED' && s.state !== 'TIME-WAIT');

describe('rcv segment without ACK', () => {
  // "If the ACK bit is off, drop the segment and return": no reply, text not delivered.
  for (const { state, reach, rcvNxt, timer, value } of ACKING) {
    it(`${state} --rcv segment without ACK--> ${state}`, () => {
      reach(modules).advance(100)
        .peerSends({ seq: rcvNxt, ctl: '', data: 'x' })
        .expectState(state).expectNothingSent().expectNotices([]).expectTimer(timer, after100(value))
        .expectTransition(`${state} --rcv segment without ACK--> ${state}`);
    });
  }

  it('ESTABLISHED --rcv segment without ACK--> ESTABLISHED (RCV.NXT does not move)', () => {
    // The same octet sent again with ACK is new: delivered and acknowledged with IRS+2.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ctl: '', data: 'x' })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'x' })
      .expectNotices([{ kind: 'data', data: 'x' }])
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }]);
  });

  it('ESTABLISHED --rcv segment without ACK--> ESTABLISHED (a FIN without ACK is dropped too)', () => {
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ctl: 'FIN' })
      .expectState('ESTABLISHED').expectNothingSent().expectNotices([])
      .expectTransition('ESTABLISHED --rcv segment without ACK--> ESTABLISHED');
  });
});

describe('rcv ACK of unsent data', () => {
  // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment,
  // and return." SEG.ACK = SND.NXT+1 is the first such value.
  for (const { state, reach, sndNxt, rcvNxt, timer, value } of ACKING) {
    it(`${state} --rcv ACK of unsent data--> ${state}`, () => {
      reach(modules).advance(100)
        .peerSends({ seq: rcvNxt, ack: seq(sndNxt, 1), ctl: 'ACK' })
        .expectState(state)
        .expectSent([{ seq: sndNxt, ack: rcvNxt, ctl: 'ACK' }])
        .expectNotices([]).expectTimer(timer, after100(value))
        .expectTransition(`${state} --rcv ACK of unsent data--> ${state}`);
    });
  }

  it('ESTABLISHED --rcv ACK of unsent data--> ESTABLISHED (SEG.ACK past the wrap; its text is dropped)', () => {
    // SND.NXT = ISS+1 = 2^32-5; SEG.ACK = 0 lies five ahead of it. The data is not delivered, so the
    // ACK still says RCV.NXT = IRS+1.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: 0, ctl: 'ACK', data: 'abc' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('ESTABLISHED --rcv ACK of unsent data--> ESTABLISHED');
  });
});

// ---- per state: ACK, text and the delayed ACK -------------------------------------------------------

describe('ESTABLISHED', () => {
  it('ESTABLISHED --rcv ACK--> ESTABLISHED', () => {
    // SND.UNA < SEG.ACK = SND.NXT: everything is acknowledged; RFC 6298 (5.2): stop the timer.
    inEstablished(modules).userCalls('SEND', 'abc').advance(400)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('ESTABLISHED').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv ACK--> ESTABLISHED (SND.NXT wraps past 2^32)', () => {
    // Six octets from ISS+1 end at ISS+6 = 0: SEG.ACK = 1 covers them all.
    inEstablished(modules).userCalls('SEND', 'abcdef')
      .peerSends({ seq: seq(IRS, 1), ack: 1, ctl: 'ACK' })
      .expectState('ESTABLISHED').expectNothingSent().expectTimer('retransmission', undefined)
      .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv ACK--> ESTABLISHED (a partial ACK restarts the timer; the rest is retransmitted)', () => {
    // RFC 6298 (5.3): new data acknowledged, data still in flight: restart the timer. Acknowledged
    // octets leave the retransmission queue, so the retransmission starts at SND.UNA = ISS+2.
    inEstablished(modules).userCalls('SEND', 'abcdef').advance(400)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('ESTABLISHED').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED')
      .advanceTo('retransmission')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK', data: 'bcdef' }]);
  });

  it('ESTABLISHED --rcv ACK--> ESTABLISHED (a duplicate ACK, SEG.ACK = SND.UNA, is ignored)', () => {
    inEstablished(modules).userCalls('SEND', 'abc').advance(400)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('ESTABLISHED').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO - 400)
      .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv ACK--> ESTABLISHED (SEG.ACK = SND.UNA still updates the send window)', () => {
    // "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated." Window 3 with 'abc' in
    // flight grows to 8: 8 - 3 = 5 more octets may go, and 'ijk' still waits.
    inSynSent(modules).peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK', wnd: 3 })
      .userCalls('SEND', 'abcdefghijk')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc' }])
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', wnd: 8 })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'ACK', data: 'defgh' }])
      .expectNotices([]).expectTimer('retransmission', RTO)
      .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv ACK--> ESTABLISHED (an old ACK, SEG.ACK < SND.UNA, does not update the window)', () => {
    inEstablished(modules).userCalls('SEND', 'abc')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', wnd: 1 })
      .expectState('ESTABLISHED').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED')
      // The window is still the 8192 of the earlier ACK, so five octets go at once.
      .userCalls('SEND', 'defgh')
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'ACK', data: 'defgh' }]);
  });

  it('ESTABLISHED --rcv data--> ESTABLISHED', () => {
    // Deliver the text, RCV.NXT = IRS+6, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (delayedAckMs 0: at once).
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'hello' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 6), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'hello' }])
      .expectTimer('delayed-ack', undefined).expectTimer('retransmission', undefined)
      .expectTransition('ESTABLISHED --rcv data--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv data--> ESTABLISHED (RCV.NXT wraps past 2^32)', () => {
    // 300 octets from IRS+1 = 2^32-299 end at 0; RCV.NXT = 1. The next octet is number 1.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'x'.repeat(300) })
      .expectSent([{ seq: seq(ISS, 1), ack: 1, ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'x'.repeat(300) }])
      .peerSends({ seq: 1, ack: seq(ISS, 1), ctl: 'ACK', data: 'y' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: 2, ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'y' }])
      .expectTransition('ESTABLISHED --rcv data--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv data--> ESTABLISHED (only the part beyond RCV.NXT of an overlapping segment is new)', () => {
    // After 'hello' RCV.NXT = IRS+6. 'lo, world' covers IRS+4 .. IRS+12: 'lo' is old, ', world' new.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'hello' })
      .peerSends({ seq: seq(IRS, 4), ack: seq(ISS, 1), ctl: 'ACK', data: 'lo, world' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 13), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: ', world' }])
      .expectTransition('ESTABLISHED --rcv data--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv data--> ESTABLISHED (data and a new ACK in one segment)', () => {
    inEstablished(modules).userCalls('SEND', 'ping')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 5), ctl: 'ACK', data: 'pong' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 5), ack: seq(IRS, 5), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'pong' }])
      .expectTimer('retransmission', undefined);
  });

  it('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED', () => {
    // SHLD-31: hold a segment that starts beyond RCV.NXT; repeat the ACK of RCV.NXT at once.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 4), ack: seq(ISS, 1), ctl: 'ACK', data: 'def' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED (held data is delivered once the gap fills, in order, once)', () => {
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 4), ack: seq(ISS, 1), ctl: 'ACK', data: 'def' })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'abc' })
      .expectState('ESTABLISHED')
      .expectNotices([{ kind: 'data', data: 'abc' }, { kind: 'data', data: 'def' }])
      // MUST-59: process the queued segments before sending any ACK: one ACK, for IRS+7.
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 7), ctl: 'ACK' }])
      // The held copy is gone: the same segment again is an old duplicate.
      .peerSends({ seq: seq(IRS, 4), ack: seq(ISS, 1), ctl: 'ACK', data: 'def' })
      .expectNotices([])
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 7), ctl: 'ACK' }])
      .expectTransition('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED (several held segments, across the wrap)', () => {
    // After 296 octets RCV.NXT = IRS+297 = 2^32-3. 'abc' fills 2^32-3 .. 2^32-1, 'def' 0 .. 2,
    // 'ghi' 3 .. 5; they arrive ghi, def, abc.
    const d = inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'x'.repeat(296) })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 297), ctl: 'ACK' }]);
    d.peerSends({ seq: 3, ack: seq(ISS, 1), ctl: 'ACK', data: 'ghi' })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 297), ctl: 'ACK' }]).expectNotices([])
      .expectTransition('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED');
    d.peerSends({ seq: 0, ack: seq(ISS, 1), ctl: 'ACK', data: 'def' })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 297), ctl: 'ACK' }]).expectNotices([])
      .expectTransition('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED');
    d.peerSends({ seq: seq(IRS, 297), ack: seq(ISS, 1), ctl: 'ACK', data: 'abc' })
      .expectState('ESTABLISHED')
      .expectNotices([{ kind: 'data', data: 'abc' }, { kind: 'data', data: 'def' }, { kind: 'data', data: 'ghi' }])
      .expectSent([{ seq: seq(ISS, 1), ack: 6, ctl: 'ACK' }]);
  });

  it('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED (first octet at the last number of the window)', () => {
    // RCV.NXT+RCV.WND-1 is in the window (Table 6): acceptable, but ahead, so held.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, RCV_WND), ack: seq(ISS, 1), ctl: 'ACK', data: 'xyz' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED (a held FIN is processed when its turn comes)', () => {
    // 'def' + FIN at IRS+4 .. IRS+7 waits for 'abc'; then the FIN moves RCV.NXT to IRS+8.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 4), ack: seq(ISS, 1), ctl: 'FIN,ACK', data: 'def' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }]).expectNotices([])
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'abc' })
      .expectState('CLOSE-WAIT')
      .expectNotices([{ kind: 'data', data: 'abc' }, { kind: 'data', data: 'def' }, { kind: 'closing' }])
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 8), ctl: 'ACK' }]);
  });

  it('ESTABLISHED --timeout delayed ACK--> ESTABLISHED', () => {
    // delayedAckMs 200: the ACK for one segment waits up to 200 ms (MUST-40: under 0.5 s).
    inEstablished(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectNotices([{ kind: 'data', data: 'a' }]).expectNothingSent().expectTimer('delayed-ack', 200)
      .advance(199).expectNothingSent().expectTimer('delayed-ack', 1)
      .advance(1)
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([]).expectTimer('delayed-ack', undefined)
      .expectTransition('ESTABLISHED --timeout delayed ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --timeout delayed ACK--> ESTABLISHED (later segments do not push the deadline back)', () => {
    // MUST-40: the delay stays under 0.5 s, so a pure ACK arriving meanwhile leaves the deadline alone.
    inEstablished(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .advance(100)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectNothingSent().expectTimer('delayed-ack', 100)
      .advance(100)
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectTransition('ESTABLISHED --timeout delayed ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv data--> ESTABLISHED (two owed ACKs go out at once, even with delayedAckMs)', () => {
    // SHLD-19: acknowledge at least every second segment; the ACK covers both.
    inEstablished(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectNothingSent().expectTimer('delayed-ack', 200)
      .advance(50)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK', data: 'b' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'b' }])
      .expectTimer('delayed-ack', undefined)
      .expectTransition('ESTABLISHED --rcv data--> ESTABLISHED')
      // Nothing is owed any more: no ACK when the old deadline passes.
      .advance(200).expectNothingSent();
  });

  it('ESTABLISHED --rcv data--> ESTABLISHED (an owed ACK rides on outgoing data)', () => {
    // "This acknowledgment should be piggybacked on a segment being transmitted if possible."
    inEstablished(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectNothingSent().expectTimer('delayed-ack', 200)
      .userCalls('SEND', 'z')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK', data: 'z' }])
      .expectTimer('delayed-ack', undefined)
      .advance(200).expectNothingSent();
  });

  it('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED (acknowledged at once, even with delayedAckMs)', () => {
    // The duplicate ACK tells the sender what is missing; the gap-filling segment then makes two owed.
    inEstablished(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 3), ack: seq(ISS, 1), ctl: 'ACK', data: 'c' })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }]).expectTimer('delayed-ack', undefined)
      .expectTransition('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'ab' })
      .expectNotices([{ kind: 'data', data: 'ab' }, { kind: 'data', data: 'c' }])
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 4), ctl: 'ACK' }]).expectTimer('delayed-ack', undefined);
  });
});

describe('FIN-WAIT-1', () => {
  it('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1', () => {
    // 'abc' then FIN: SND.NXT = ISS+5. SEG.ACK = ISS+4 covers the data, not the FIN: the state stays,
    // and with the FIN in flight the timer is restarted (RFC 6298 (5.3)).
    inEstablished(modules).userCalls('SEND', 'abc').userCalls('CLOSE')
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .advance(400)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('FIN-WAIT-1').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1');
  });

  it('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1 (a duplicate ACK leaves the FIN outstanding)', () => {
    inFinWait1(modules).advance(100)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('FIN-WAIT-1').expectNothingSent().expectNotices([])
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
      .expectNotices([{ kind: 'data', data: 'a' }, { kind: 'data', data: 'b' }])
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectTimer('retransmission', RTO);
  });

  it('FIN-WAIT-1 --timeout delayed ACK--> FIN-WAIT-1', () => {
    inFinWait1(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectNotices([{ kind: 'data', data: 'a' }]).expectNothingSent().expectTimer('delayed-ack', 200)
      .advanceTo('delayed-ack')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([]).expectTimer('delayed-ack', undefined)
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
      .expectState('FIN-WAIT-2').expectNothingSent().expectNotices([])
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
      .expectNotices([{ kind: 'data', data: 'ab' }, { kind: 'data', data: 'cd' }])
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 5), ctl: 'ACK' }]);
  });

  it('FIN-WAIT-2 --timeout delayed ACK--> FIN-WAIT-2', () => {
    inFinWait2(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'a' })
      .expectNotices([{ kind: 'data', data: 'a' }]).expectNothingSent().expectTimer('delayed-ack', 200)
      .advanceTo('delayed-ack')
      .expectState('FIN-WAIT-2')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([]).expectTimer('delayed-ack', undefined)
      .expectTransition('FIN-WAIT-2 --timeout delayed ACK--> FIN-WAIT-2');
  });
});

describe('CLOSE-WAIT', () => {
  it('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT', () => {
    // "Do the same processing as for the ESTABLISHED state."
    inCloseWait(modules).userCalls('SEND', 'abc').advance(400)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('CLOSE-WAIT').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT');
  });

  it('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT (text after the FIN is ignored)', () => {
    // Seventh step in CLOSE-WAIT: "Ignore the segment text." RCV.NXT stays IRS+2.
    inCloseWait(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK', data: 'zz' })
      .expectState('CLOSE-WAIT').expectNothingSent().expectNotices([])
      .expectTransition('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT');
  });

  it('CLOSE-WAIT --timeout delayed ACK--> CLOSE-WAIT', () => {
    // With delayedAckMs 200 the ACK of the peer's FIN waits (a CLOSE could still carry it).
    inCloseWait(modules, DELAYED)
      .expectState('CLOSE-WAIT').expectNothingSent().expectNotices([{ kind: 'closing' }])
      .expectTimer('delayed-ack', 200)
      .advanceTo('delayed-ack')
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([]).expectTimer('delayed-ack', undefined)
      .expectTransition('CLOSE-WAIT --timeout delayed ACK--> CLOSE-WAIT');
  });
});

describe('CLOSING', () => {
  it('CLOSING --rcv ACK--> CLOSING', () => {
    // 'abc' then our FIN at ISS+4; the peer's FIN crosses it. SEG.ACK = ISS+4 covers the data but not
    // our FIN: SND.UNA advances, the timer restarts for the FIN, the state stays.
    const d = inEstablished(modules).userCalls('SEND', 'abc').userCalls('CLOSE')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('CLOSING')
      .expectSent([{ seq: seq(ISS, 5), ack: seq(IRS, 2), ctl: 'ACK' }]);
    d.advance(400)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('CLOSING').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('CLOSING --rcv ACK--> CLOSING');
  });

  it('CLOSING --rcv ACK--> CLOSING (a duplicate ACK is ignored)', () => {
    inClosing(modules).advance(100)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('CLOSING').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO - 100)
      .expectTransition('CLOSING --rcv ACK--> CLOSING');
  });
});

describe('LAST-ACK', () => {
  it('LAST-ACK --rcv ACK--> LAST-ACK', () => {
    // 'abc' then our FIN at ISS+4. SEG.ACK = ISS+4 leaves the FIN unacknowledged: stay in LAST-ACK.
    inCloseWait(modules).userCalls('SEND', 'abc').userCalls('CLOSE')
      .expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 2), ctl: 'FIN,ACK' }])
      .advance(400)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('LAST-ACK').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('LAST-ACK --rcv ACK--> LAST-ACK');
  });

  it('LAST-ACK --rcv ACK--> LAST-ACK (a duplicate ACK is ignored)', () => {
    inLastAck(modules).advance(100)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('LAST-ACK').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO - 100)
      .expectTransition('LAST-ACK --rcv ACK--> LAST-ACK');
  });
});

describe('fixture assumptions', () => {
  it('each fixture reaches its state with the SND.NXT and RCV.NXT these tests use', () => {
    for (const { state, reach, sndNxt, rcvNxt } of SYNCHRONIZED) {
      const d = reach(modules).expectState(state);
      expect(d.engine.tcb.snd.nxt, state).toBe(sndNxt);
      expect(d.engine.tcb.rcv.nxt, state).toBe(rcvNxt);
    }
  });
});
