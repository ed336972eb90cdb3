/**
 * Public tests for 01 · sequence numbers: the arithmetic. Each engine test title is a catalogue id; expected values are
 * written from RFC 9293 §3.4 (arithmetic, SEG.LEN), §3.10.2 (SEND), §3.10.3 (RECEIVE), §3.10.7.4
 * (Table 6, fifth and seventh steps), §3.8.6.3 (delayed ACK) and RFC 6298 (5.1) to (5.3), never
 * copied from output. The fixtures put ISS at 2^32-6 and IRS at 2^32-300, so SND.NXT wraps to 0 after
 * five data octets and RCV.NXT after 299.
 */
import { describe, expect, it } from 'vitest';
import { IRS, ISS, seq } from '../../grader/engine/testing/dialogue.js';
import { makeSegment } from '../../grader/engine/tcb.js';
import type { SegmentFields } from '../../grader/engine/types.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
import { isAcceptable, segmentLength, seqAdd, seqGeq, seqGt, seqLeq, seqLt } from './sequence-numbers.js';

const TOP = 0xffff_ffff; // 2^32 - 1
const HALF = 0x8000_0000; // 2^31

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
