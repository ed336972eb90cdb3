/**
 * Public tests for 01 · sequence numbers: SEND and RECEIVE. Each engine test title is a catalogue id; expected values are
 * written from RFC 9293 §3.4 (arithmetic, SEG.LEN), §3.10.2 (SEND), §3.10.3 (RECEIVE), §3.10.7.4
 * (Table 6, fifth and seventh steps), §3.8.6.3 (delayed ACK) and RFC 6298 (5.1) to (5.3), never
 * copied from output. The fixtures put ISS at 2^32-6 and IRS at 2^32-300, so SND.NXT wraps to 0 after
 * five data octets and RCV.NXT after 299.
 */
import { describe, it } from 'vitest';
import {
  IRS,
  ISS,
  seq,
  inClosed,
  inCloseWait,
  inClosing,
  inEstablished,
  inFinWait1,
  inFinWait2,
  inLastAck,
  inListen,
  inSynReceived,
  inSynSent,
  inTimeWait,
  type Dialogue,
  type DialogueOptions,
} from '../../grader/engine/testing/dialogue.js';
import type { Modules } from '../../grader/engine/modules.js';
import type { State, TimerName } from '../../grader/engine/types.js';
import { modulesWith } from '../../solutions/modules.js';
import * as sequence from './sequence-numbers.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ sequence });

const RTO = 1_000; // rfc profile initialRtoMs
const TIME_WAIT = 2 * 120_000; // rfc profile: 2 × mslMs

type Fixture = (m: Modules, o?: DialogueOptions) => Dialogue;

// ---- pure functions ---------------------------------------------------------------------------------

describe('SEND', () => {
  it('CLOSED --SEND--> CLOSED', () => {
    inClosed(modules)
      .userCalls('SEND', 'abc')
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'error', call: 'SEND', message: 'connection does not exist' }])
      .expectTimer('retransmission', undefined)
      .expectTransition('CLOSED --SEND--> CLOSED');
  });

  it('LISTEN --SEND--> LISTEN', () => {
    // A passive OPEN here names no foreign socket, so there is nobody to send to.
    inListen(modules)
      .userCalls('SEND', 'abc')
      .expectState('LISTEN')
      .expectNothingSent()
      .expectNotices([{ kind: 'error', call: 'SEND', message: 'foreign socket unspecified' }])
      .expectTimer('retransmission', undefined)
      .expectTransition('LISTEN --SEND--> LISTEN');
  });

  it('SYN-SENT --SEND--> SYN-SENT', () => {
    // "Queue the data for transmission after entering ESTABLISHED state." The SYN's timer is untouched.
    const d = inSynSent(modules)
      .userCalls('SEND', 'abc')
      .expectState('SYN-SENT')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('SYN-SENT --SEND--> SYN-SENT');
    // Once the SYN,ACK arrives: the ACK of §3.10.7.3, then the queued data at SND.NXT = ISS+1.
    d.peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' })
      .expectState('ESTABLISHED')
      .expectSent([
        { seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' },
        { seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc' },
      ])
      .expectNotices([{ kind: 'connected' }])
      .expectTimer('retransmission', RTO);
  });

  it('SYN-RECEIVED --SEND--> SYN-RECEIVED', () => {
    const d = inSynReceived(modules)
      .userCalls('SEND', 'abc')
      .expectState('SYN-RECEIVED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('SYN-RECEIVED --SEND--> SYN-RECEIVED');
    // The ACK that completes the handshake releases the data, acknowledging RCV.NXT = IRS+1.
    d.peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc' }])
      .expectNotices([{ kind: 'connected' }])
      .expectTimer('retransmission', RTO);
  });

  it('ESTABLISHED --SEND--> ESTABLISHED', () => {
    // "Segmentize the buffer and send it with a piggybacked acknowledgment (acknowledgment value =
    // RCV.NXT)"; RFC 6298 (5.1): start the retransmission timer.
    inEstablished(modules)
      .userCalls('SEND', 'hello')
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'hello' }])
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('ESTABLISHED --SEND--> ESTABLISHED');
  });

  it('ESTABLISHED --SEND--> ESTABLISHED (a second SEND does not restart a running timer)', () => {
    // RFC 6298 (5.1): start the timer only if it is not running.
    inEstablished(modules)
      .userCalls('SEND', 'a')
      .advance(400)
      .userCalls('SEND', 'b')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK', data: 'b' }])
      .expectState('ESTABLISHED')
      .expectNotices([])
      .expectTimer('retransmission', RTO - 400);
  });

  it('ESTABLISHED --SEND--> ESTABLISHED (segmented into mss-sized pieces, across the wrap)', () => {
    // mss 4: ten octets go as 4 + 4 + 2. ISS+5 = 2^32-1 and ISS+9 = 3.
    inEstablished(modules, { config: { mss: 4 } })
      .userCalls('SEND', 'abcdefghij')
      .expectState('ESTABLISHED')
      .expectSent([
        { seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abcd' },
        { seq: seq(ISS, 5), ack: seq(IRS, 1), ctl: 'ACK', data: 'efgh' },
        { seq: seq(ISS, 9), ack: seq(IRS, 1), ctl: 'ACK', data: 'ij' },
      ])
      .expectNotices([])
      .expectTimer('retransmission', RTO)
      // The first segment acknowledged: two remain in flight, the timer runs.
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 5), ctl: 'ACK' })
      .expectNothingSent()
      .expectTimer('retransmission', RTO)
      // All ten octets acknowledged: SEG.ACK = ISS+11 = 5.
      .peerSends({ seq: seq(IRS, 1), ack: 5, ctl: 'ACK' })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectTimer('retransmission', undefined);
  });

  it('ESTABLISHED --SEND--> ESTABLISHED (the peer window limits what is in flight)', () => {
    // SND.WND = 3 from the SYN,ACK: at most SND.UNA + SND.WND - SND.NXT octets may be sent.
    inSynSent(modules)
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK', wnd: 3 })
      .userCalls('SEND', 'abcdefgh')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc' }])
      .expectTimer('retransmission', RTO)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK', wnd: 3 })
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'ACK', data: 'def' }])
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 7), ctl: 'ACK', wnd: 3 })
      .expectSent([{ seq: 1, ack: seq(IRS, 1), ctl: 'ACK', data: 'gh' }])
      .peerSends({ seq: seq(IRS, 1), ack: 3, ctl: 'ACK', wnd: 3 })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectNotices([])
      .expectTimer('retransmission', undefined);
  });

  it('ESTABLISHED --SEND--> ESTABLISHED (octets in flight count against the window)', () => {
    // Usable window = SND.UNA + SND.WND - SND.NXT: with 'abc' in flight, 5 - 3 = 2 octets of 'defgh'.
    inSynSent(modules)
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK', wnd: 5 })
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
    inSynSent(modules)
      .userCalls('SEND', 'abcdef')
      .peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK', wnd: 2 })
      .expectState('ESTABLISHED')
      .expectSent([
        { seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' },
        { seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'ab' },
      ]);
  });

  it('CLOSE-WAIT --SEND--> CLOSE-WAIT', () => {
    // The peer's FIN is counted: the piggybacked ACK is RCV.NXT = IRS+2.
    inCloseWait(modules)
      .userCalls('SEND', 'bye')
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK', data: 'bye' }])
      .expectNotices([])
      .expectTimer('retransmission', RTO)
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
      reach(modules)
        .userCalls('SEND', 'late')
        .expectState(state)
        .expectNothingSent()
        .expectNotices([{ kind: 'error', call: 'SEND', message: 'connection closing' }])
        .expectTimer(timer, value)
        .expectTransition(`${state} --SEND--> ${state}`)
        // The data was not queued either: time passing sends nothing new.
        .advance(100)
        .expectNothingSent()
        .expectState(state);
    });
  }
});

// ---- RECEIVE (RFC 9293 §3.10.3) --------------------------------------------------------------------

describe('RECEIVE', () => {
  it('CLOSED --RECEIVE--> CLOSED', () => {
    inClosed(modules)
      .userCalls('RECEIVE')
      .expectState('CLOSED')
      .expectNothingSent()
      .expectNotices([{ kind: 'error', call: 'RECEIVE', message: 'connection does not exist' }])
      .expectTransition('CLOSED --RECEIVE--> CLOSED');
  });

  // Data is handed over as a `data` notice as soon as it is in order, so RECEIVE itself is just "ok".
  const ok: [State, Fixture][] = [
    ['LISTEN', inListen],
    ['SYN-SENT', inSynSent],
    ['SYN-RECEIVED', inSynReceived],
    ['ESTABLISHED', inEstablished],
    ['FIN-WAIT-1', inFinWait1],
    ['FIN-WAIT-2', inFinWait2],
  ];
  for (const [state, reach] of ok) {
    it(`${state} --RECEIVE--> ${state}`, () => {
      reach(modules)
        .userCalls('RECEIVE')
        .expectState(state)
        .expectNothingSent()
        .expectNotices([])
        .expectTransition(`${state} --RECEIVE--> ${state}`);
    });
  }

  // The peer's FIN has arrived and all text before it was delivered: "error: connection closing".
  const closing: [State, Fixture][] = [
    ['CLOSE-WAIT', inCloseWait],
    ['CLOSING', inClosing],
    ['LAST-ACK', inLastAck],
    ['TIME-WAIT', inTimeWait],
  ];
  for (const [state, reach] of closing) {
    it(`${state} --RECEIVE--> ${state}`, () => {
      reach(modules)
        .userCalls('RECEIVE')
        .expectState(state)
        .expectNothingSent()
        .expectNotices([{ kind: 'error', call: 'RECEIVE', message: 'connection closing' }])
        .expectTransition(`${state} --RECEIVE--> ${state}`);
    });
  }
});

// ---- first step: the acceptability test (RFC 9293 §3.10.7.4) ---------------------------------------
