/**
 * Public tests for 01 · sequence numbers: ACK and text processing in ESTABLISHED. Each engine test title is a catalogue id; expected values are
 * written from RFC 9293 §3.4 (arithmetic, SEG.LEN), §3.10.2 (SEND), §3.10.3 (RECEIVE), §3.10.7.4
 * (Table 6, fifth and seventh steps), §3.8.6.3 (delayed ACK) and RFC 6298 (5.1) to (5.3), never
 * copied from output. The fixtures put ISS at 2^32-6 and IRS at 2^32-300, so SND.NXT wraps to 0 after
 * five data octets and RCV.NXT after 299.
 */
import { describe, it } from 'vitest';
import { IRS, ISS, seq, inEstablished, inSynSent } from '../../grader/engine/testing/dialogue.js';
import { modulesWith } from '../../solutions/modules.js';
import * as sequence from './sequence-numbers.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ sequence });

const RTO = 1_000; // rfc profile initialRtoMs
const RCV_WND = 65_535; // rfc profile rcvWnd: our window, constant since data is delivered at once
const DELAYED = { config: { delayedAckMs: 200 } } as const;

// ---- pure functions ---------------------------------------------------------------------------------

describe('ESTABLISHED', () => {
  it('ESTABLISHED --rcv ACK--> ESTABLISHED', () => {
    // SND.UNA < SEG.ACK = SND.NXT: everything is acknowledged; RFC 6298 (5.2): stop the timer.
    inEstablished(modules)
      .userCalls('SEND', 'abc')
      .advance(400)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv ACK--> ESTABLISHED (SND.NXT wraps past 2^32)', () => {
    // Six octets from ISS+1 end at ISS+6 = 0: SEG.ACK = 1 covers them all.
    inEstablished(modules)
      .userCalls('SEND', 'abcdef')
      .peerSends({ seq: seq(IRS, 1), ack: 1, ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectTimer('retransmission', undefined)
      .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv ACK--> ESTABLISHED (a partial ACK restarts the timer; the rest is retransmitted)', () => {
    // RFC 6298 (5.3): new data acknowledged, data still in flight: restart the timer. Acknowledged
    // octets leave the retransmission queue, so the retransmission starts at SND.UNA = ISS+2.
    inEstablished(modules)
      .userCalls('SEND', 'abcdef')
      .advance(400)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED')
      .advanceTo('retransmission')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK', data: 'bcdef' }]);
  });

  it('ESTABLISHED --rcv ACK--> ESTABLISHED (a duplicate ACK, SEG.ACK = SND.UNA, is ignored)', () => {
    inEstablished(modules)
      .userCalls('SEND', 'abc')
      .advance(400)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO - 400)
      .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv ACK--> ESTABLISHED (SEG.ACK = SND.UNA still updates the send window)', () => {
    // "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated." Window 3 with 'abc' in
    // flight grows to 8: 8 - 3 = 5 more octets may go, and 'ijk' still waits.
    inSynSent(modules)
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK', wnd: 3 })
      .userCalls('SEND', 'abcdefghijk')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc' }])
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', wnd: 8 })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'ACK', data: 'defgh' }])
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv ACK--> ESTABLISHED (an old ACK, SEG.ACK < SND.UNA, does not update the window)', () => {
    inEstablished(modules)
      .userCalls('SEND', 'abc')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', wnd: 1 })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectNotices([])
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
      .expectTimer('delayed-ack', undefined)
      .expectTimer('retransmission', undefined)
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

  it('ESTABLISHED --rcv data--> ESTABLISHED (a segment past the right edge is trimmed to the window)', () => {
    // RFC 9293 §3.10.7.4: with RCV.WND = 4, 'abcdef' at RCV.NXT = IRS+1 is acceptable (it starts in
    // the window) but only IRS+1 .. IRS+4 lie in it: 'abcd' is processed, 'ef' trimmed off, and the
    // ACK names RCV.NXT = IRS+5, so the peer sends 'ef' again.
    inEstablished(modules, { config: { rcvWnd: 4 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'abcdef' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 5), ctl: 'ACK', wnd: 4 }])
      .expectNotices([{ kind: 'data', data: 'abcd' }])
      .expectTransition('ESTABLISHED --rcv data--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv data--> ESTABLISHED (linux: a segment past the right edge is taken whole)', () => {
    // Linux 6.18, advertised window 1152, 1252 octets at RCV.NXT: all acknowledged (trimToWindow off).
    // Here RCV.WND = 4 and 'abcdef' arrives: all six octets are delivered, ACK = IRS+7.
    inEstablished(modules, { profile: 'linux', config: { rcvWnd: 4 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'abcdef' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 7), ctl: 'ACK', wnd: 4 }])
      .expectNotices([{ kind: 'data', data: 'abcdef' }])
      .expectTransition('ESTABLISHED --rcv data--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv data--> ESTABLISHED (a FIN beyond the window is trimmed with the data)', () => {
    // RFC 9293 §3.10.7.4 trims "any portions that lie outside the window (including SYN and FIN)":
    // 'abcdef' + FIN with RCV.WND = 6 keeps the six octets; the FIN (octet IRS+7) is cut off, so the
    // connection stays ESTABLISHED and the ACK stops at IRS+7.
    inEstablished(modules, { config: { rcvWnd: 6 } })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK', data: 'abcdef' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 7), ctl: 'ACK', wnd: 6 }])
      .expectNotices([{ kind: 'data', data: 'abcdef' }])
      .expectTransition('ESTABLISHED --rcv data--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv data--> ESTABLISHED (data and a new ACK in one segment)', () => {
    inEstablished(modules)
      .userCalls('SEND', 'ping')
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
      .expectNotices([
        { kind: 'data', data: 'abc' },
        { kind: 'data', data: 'def' },
      ])
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
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 297), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED');
    d.peerSends({ seq: 0, ack: seq(ISS, 1), ctl: 'ACK', data: 'def' })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 297), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED');
    d.peerSends({ seq: seq(IRS, 297), ack: seq(ISS, 1), ctl: 'ACK', data: 'abc' })
      .expectState('ESTABLISHED')
      .expectNotices([
        { kind: 'data', data: 'abc' },
        { kind: 'data', data: 'def' },
        { kind: 'data', data: 'ghi' },
      ])
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
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'abc' })
      .expectState('CLOSE-WAIT')
      .expectNotices([{ kind: 'data', data: 'abc' }, { kind: 'data', data: 'def' }, { kind: 'closing' }])
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 8), ctl: 'ACK' }]);
  });

  it('ESTABLISHED --timeout delayed ACK--> ESTABLISHED', () => {
    // delayedAckMs 200: the ACK for one segment waits up to 200 ms (MUST-40: under 0.5 s).
    inEstablished(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectNotices([{ kind: 'data', data: 'a' }])
      .expectNothingSent()
      .expectTimer('delayed-ack', 200)
      .advance(199)
      .expectNothingSent()
      .expectTimer('delayed-ack', 1)
      .advance(1)
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([])
      .expectTimer('delayed-ack', undefined)
      .expectTransition('ESTABLISHED --timeout delayed ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --timeout delayed ACK--> ESTABLISHED (later segments do not push the deadline back)', () => {
    // MUST-40: the delay stays under 0.5 s, so a pure ACK arriving meanwhile leaves the deadline alone.
    inEstablished(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .advance(100)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectNothingSent()
      .expectTimer('delayed-ack', 100)
      .advance(100)
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectTransition('ESTABLISHED --timeout delayed ACK--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv data--> ESTABLISHED (two owed ACKs go out at once, even with delayedAckMs)', () => {
    // SHLD-19: acknowledge at least every second segment; the ACK covers both.
    inEstablished(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectNothingSent()
      .expectTimer('delayed-ack', 200)
      .advance(50)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK', data: 'b' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'b' }])
      .expectTimer('delayed-ack', undefined)
      .expectTransition('ESTABLISHED --rcv data--> ESTABLISHED')
      // Nothing is owed any more: no ACK when the old deadline passes.
      .advance(200)
      .expectNothingSent();
  });

  it('ESTABLISHED --rcv data--> ESTABLISHED (an owed ACK rides on outgoing data)', () => {
    // "This acknowledgment should be piggybacked on a segment being transmitted if possible."
    inEstablished(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectNothingSent()
      .expectTimer('delayed-ack', 200)
      .userCalls('SEND', 'z')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK', data: 'z' }])
      .expectTimer('delayed-ack', undefined)
      .advance(200)
      .expectNothingSent();
  });

  it('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED (acknowledged at once, even with delayedAckMs)', () => {
    // The duplicate ACK tells the sender what is missing; the gap-filling segment then makes two owed.
    inEstablished(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 3), ack: seq(ISS, 1), ctl: 'ACK', data: 'c' })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectTimer('delayed-ack', undefined)
      .expectTransition('ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'ab' })
      .expectNotices([
        { kind: 'data', data: 'ab' },
        { kind: 'data', data: 'c' },
      ])
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 4), ctl: 'ACK' }])
      .expectTimer('delayed-ack', undefined);
  });
});

describe('quick-ack (linux)', () => {
  it('ESTABLISHED --rcv data--> ESTABLISHED (linux: the first quickAckSegments data segments are acknowledged at once)', () => {
    // Linux 6.18 acknowledged each of the first 16 data segments at once and the 17th about 40 ms later
    // (TCP_MAX_QUICKACKS). Here quickAckSegments = 2: two immediate ACKs, then the delayed ACK's 40 ms.
    const d = inEstablished(modules, { profile: 'linux', config: { quickAckSegments: 2 } });
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectTransition('ESTABLISHED --rcv data--> ESTABLISHED');
    d.peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK', data: 'b' }).expectSent([
      { seq: seq(ISS, 1), ack: seq(IRS, 3), ctl: 'ACK' },
    ]);
    d.peerSends({ seq: seq(IRS, 3), ack: seq(ISS, 1), ctl: 'ACK', data: 'c' })
      .expectNothingSent()
      .expectTimer('delayed-ack', 40);
    d.advance(40).expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 4), ctl: 'ACK' }]);
  });
});
