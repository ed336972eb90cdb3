/**
 * Dispatch: which module function handles which event in which state.
 *
 * Rules of this file: no TCP decision is made here; each lives in a topic module. This file only
 * says in what order the RFC's steps run, as RFC 9293 §3.10 lists them.
 *
 * Theory of operation. A user call goes to the one function for that call (§3.10.1 to §3.10.5),
 * which switches on the state. An arriving segment runs through the steps of §3.10.7 for the state
 * it arrived in: CLOSED and LISTEN and SYN-SENT have their own short lists (§3.10.7.1 to §3.10.7.3);
 * the synchronized states share the long one of §3.10.7.4 (first the sequence number, second RST,
 * fourth SYN, fifth ACK, seventh text, eighth FIN; the third step, security, and the sixth, URG, are
 * not modelled). Each step returns 'continue' or 'done'. A timer's expiry goes to the function named
 * for that timer (§3.10.8). After every event the after-event hooks run: output (send what is
 * queued), the user timer, keepalive.
 */
import type { AfterEventHook, Conn, Ctx, Modules, SegmentStep, TimeoutHandler } from './modules.js';
import type { State, TimerName, UserCall } from './types.js';

export interface DispatchTable {
  readonly userCall: (conn: Conn, call: UserCall, ctx: Ctx) => void;
  readonly segmentArrives: Readonly<Record<State, readonly SegmentStep[]>>;
  readonly timeout: Readonly<Record<TimerName, TimeoutHandler>>;
  readonly afterEvent: readonly AfterEventHook[];
}

export function buildDispatch(m: Modules): DispatchTable {
  const { sequence: seq, handshake: hs, handshakeFailures: hf, fourWayClose: fc, timeWait: tw, resets: rs } = m;

  return {
    userCall(conn, call, ctx) {
      switch (call.call) {
        case 'OPEN':
          return hs.open(conn, call, ctx);
        case 'SEND':
          return seq.send(conn, call, ctx);
        case 'RECEIVE':
          return seq.receive(conn, call, ctx);
        case 'CLOSE':
          return fc.close(conn, call, ctx);
        case 'ABORT':
          return rs.abort(conn, call, ctx);
      }
    },
    segmentArrives: segmentSteps(m),
    timeout: {
      retransmission: hf.retransmissionTimeout,
      'delayed-ack': seq.delayedAckTimeout,
      'time-wait': tw.timeWaitTimeout,
      'fin-wait-2': fc.finWait2Timeout,
      keepalive: m.keepalive.keepaliveTimeout,
      'user-timeout': hf.userTimeout,
    },
    afterEvent: [seq.output, hf.afterEvent, m.keepalive.afterEvent],
  };
}

/** SEGMENT ARRIVES (§3.10.7): the steps each state runs an arriving segment through, in the RFC's order. */
function segmentSteps(m: Modules): DispatchTable['segmentArrives'] {
  const { sequence: seq, handshake: hs, handshakeFailures: hf, fourWayClose: fc, timeWait: tw, resets: rs } = m;

  // §3.10.7.4 for ESTABLISHED and CLOSE-WAIT (first, second, fourth, fifth, seventh, eighth).
  const established = [seq.checkSequence, rs.checkRst, rs.checkSyn, seq.processAck, seq.processText, fc.checkFin];
  // FIN-WAIT-1, FIN-WAIT-2, CLOSING, LAST-ACK: the fifth step adds "has our FIN been acknowledged?",
  // and text after a full close is refused before the seventh (RFC 9293 §3.6.1, SHLD-3).
  const closing = [
    seq.checkSequence,
    rs.checkRst,
    rs.checkSyn,
    seq.processAck,
    fc.checkAckOfFin,
    fc.refuseDataAfterClose,
    seq.processText,
    fc.checkFin,
  ];

  return {
    CLOSED: [hf.closedSegmentArrives],
    LISTEN: [hf.listenCheckRst, hf.listenCheckAck, hs.listenCheckSyn, hf.listenOther],
    // After SYN,ACK completes the open, text and FIN in the same segment go on to steps 7 and 8.
    'SYN-SENT': [
      hf.synSentCheckAck,
      hf.synSentCheckRst,
      hs.synSentCheckSyn,
      hf.synSentOther,
      seq.processText,
      fc.checkFin,
    ],
    'SYN-RECEIVED': [
      hs.synReceivedCrossedSynAck,
      hs.synReceivedDuplicateSyn,
      seq.checkSequence,
      rs.checkRst,
      rs.checkSyn,
      hs.synReceivedCheckAck,
      seq.processText,
      fc.checkFin,
    ],
    ESTABLISHED: established,
    'CLOSE-WAIT': established,
    'FIN-WAIT-1': closing,
    'FIN-WAIT-2': closing,
    CLOSING: closing,
    'LAST-ACK': closing,
    'TIME-WAIT': [
      tw.reopenOnSyn,
      tw.retransmittedFin,
      tw.ignoreRst,
      seq.checkSequence,
      rs.checkRst,
      rs.checkSyn,
      tw.checkAck,
    ],
  };
}
