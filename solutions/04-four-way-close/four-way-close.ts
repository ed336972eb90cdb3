/**
 * 04 · The four-way close: CLOSE in every state, the ACK of our FIN, the peer's FIN, and entering
 * TIME-WAIT.
 *
 * Read first: RFC 9293 §3.6 (closing a connection, Figures 12 and 13), §3.6.1 (half-closed
 * connections; SHLD-3, the full close), §3.10.4 (CLOSE), §3.10.7.4 fifth and eighth steps.
 * Lesson: lessons/en/04-four-way-close.md
 */
import type { CallHandler, Ctx, SegmentStep, TimeoutHandler } from '../../grader/engine/modules.js';
import type { UserCall } from '../../grader/engine/types.js';
import type { TransitionId } from '../../grader/engine/catalogue.js';

/** Enter TIME-WAIT: start the 2*MSL timer and turn off the other timers (RFC 9293 §3.10.7.4). */
function enterTimeWait(id: TransitionId, ctx: Ctx): void {
  ctx.cancelTimer('retransmission');
  ctx.cancelTimer('delayed-ack');
  ctx.cancelTimer('fin-wait-2');
  ctx.cancelTimer('keepalive');
  ctx.cancelTimer('user-timeout');
  // Linux: TIME-WAIT lasts 60 s (TCP_TIMEWAIT_LEN); the linux profile sets mslMs to 30 s to match.
  ctx.setTimer('time-wait', 2 * ctx.config.mslMs);
  ctx.go(id);
}

/**
 * RFC 9293 §3.10.4 CLOSE, one case per state. The FIN itself is sent by output() after queued data.
 * CLOSE closes our direction only, as the socket API's shutdown(SHUT_WR). `call.full` is its close()
 * (RFC 9293 §3.6.1, SHLD-3): with received data left unread (`call.unread`) a RST tells the peer that data
 * was lost, instead of a FIN; otherwise it is CLOSE, and text that arrives later will be refused.
 */
export const close: CallHandler<Extract<UserCall, { call: 'CLOSE' }>> = (conn, call, ctx) => {
  const { tcb } = conn;
  const state = conn.state;
  if (call.full && call.unread && (state === 'ESTABLISHED' || state === 'CLOSE-WAIT' || state === 'FIN-WAIT-1' || state === 'FIN-WAIT-2')) {
    // ABORT's reset; Linux's carries ACK = RCV.NXT (rstAck), as Linux 6.18 sent it.
    if (ctx.config.rstAck) ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'RST,ACK' });
    else ctx.send({ seq: tcb.snd.nxt, ctl: 'RST' });
    return ctx.go(`${state} --close() with unread data--> CLOSED`);
  }
  switch (state) {
    case 'CLOSED':
      ctx.notify({ kind: 'error', call: 'CLOSE', message: 'connection does not exist' });
      return ctx.go('CLOSED --CLOSE--> CLOSED');
    case 'LISTEN':
      // Delete the TCB; no segment was ever exchanged.
      return ctx.go('LISTEN --CLOSE--> CLOSED');
    case 'SYN-SENT':
      // Delete the TCB; data queued for sending is lost with it.
      return ctx.go('SYN-SENT --CLOSE--> CLOSED');
    case 'SYN-RECEIVED':
    case 'ESTABLISHED':
      // Queue the FIN behind all preceding SENDs (in SYN-RECEIVED, until our SYN is acknowledged);
      // enter FIN-WAIT-1. After close(), the receiving direction is closed too.
      tcb.fin = 'queued';
      if (!call.full) return ctx.go(`${state} --CLOSE--> FIN-WAIT-1`);
      tcb.rcvClosed = true;
      return ctx.go(`${state} --close()--> FIN-WAIT-1`);
    case 'CLOSE-WAIT':
      // The peer closed first; our FIN ends the other direction. LAST-ACK (RFC 793 said CLOSING).
      if (call.full) {
        // Nothing can follow the peer's FIN, so close() is CLOSE here.
        tcb.fin = 'queued';
        return ctx.go('CLOSE-WAIT --close()--> LAST-ACK');
      }
      tcb.fin = 'queued';
      return ctx.go('CLOSE-WAIT --CLOSE--> LAST-ACK');
    case 'FIN-WAIT-1':
    case 'FIN-WAIT-2':
    case 'CLOSING':
    case 'LAST-ACK':
    case 'TIME-WAIT':
      if (call.full) {
        // close() after CLOSE: no second FIN and no error; in FIN-WAIT-1 and -2 text may still come.
        if (state === 'FIN-WAIT-1' || state === 'FIN-WAIT-2') tcb.rcvClosed = true;
        return ctx.stay('close()');
      }
      // Already closing: "error: connection closing", and never a second FIN.
      ctx.notify({ kind: 'error', call: 'CLOSE', message: 'connection closing' });
      return ctx.stay('CLOSE');
  }
};

/** Fifth step, after the ESTABLISHED processing: has this ACK covered our FIN? */
export const checkAckOfFin: SegmentStep = (conn, _seg, ctx) => {
  const { tcb } = conn;
  const finAcked = tcb.fin === 'sent' && tcb.snd.una === tcb.snd.nxt;
  switch (conn.state) {
    case 'FIN-WAIT-1':
      // If our FIN is now acknowledged, enter FIN-WAIT-2 and continue processing in that state.
      if (finAcked) {
        ctx.go('FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2');
        if (ctx.config.finWait2TimeoutMs > 0) ctx.setTimer('fin-wait-2', ctx.config.finWait2TimeoutMs);
      }
      return 'continue';
    case 'CLOSING':
      // If the ACK covers our FIN, enter TIME-WAIT; otherwise ignore the segment.
      if (finAcked) enterTimeWait('CLOSING --rcv ACK of FIN--> TIME-WAIT', ctx);
      return 'done';
    case 'LAST-ACK':
      // The only thing that can arrive is the ACK of our FIN: then delete the TCB.
      if (finAcked) {
        ctx.go('LAST-ACK --rcv ACK of FIN--> CLOSED');
        return 'done';
      }
      return 'continue';
    default:
      return 'continue';
  }
};

/**
 * Before the seventh step, after the full close: new text cannot be delivered, so RFC 9293 §3.6.1 (SHLD-3)
 * has TCP reset the connection to say so. Linux 6.18 answered 'late' data in FIN-WAIT-2 this way,
 * <SEQ=SEG.ACK><CTL=RST>, the reset §3.10.7.1 forms for a segment with ACK.
 */
export const refuseDataAfterClose: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  const state = conn.state;
  if (!tcb.rcvClosed || (state !== 'FIN-WAIT-1' && state !== 'FIN-WAIT-2')) return 'continue';
  // New text: octets beyond RCV.NXT (a retransmission of what was delivered before is not new).
  const end = ctx.seq.seqAdd(seg.seq, seg.data.length);
  if (seg.data.length === 0 || !ctx.seq.seqGt(end, tcb.rcv.nxt)) return 'continue';
  ctx.send({ seq: seg.ack, ctl: 'RST' });
  ctx.go(`${state} --rcv data after close()--> CLOSED`);
  return 'done';
};

/** Eighth step: the FIN bit. Only a FIN that is next in sequence is processed. */
export const checkFin: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  const state = conn.state;
  if (!seg.flags.fin) return 'done';
  // The FIN's own sequence number comes after the SYN (if any) and the data.
  const finSeq = ctx.seq.seqAdd(seg.seq, (seg.flags.syn ? 1 : 0) + seg.data.length);
  if (finSeq !== tcb.rcv.nxt) return 'done';
  switch (state) {
    case 'ESTABLISHED':
      // Tell the user "closing", advance RCV.NXT over the FIN, owe an ACK: it may wait a moment for
      // the application's own FIN to ride with it (the three-segment close).
      tcb.rcv.nxt = ctx.seq.seqAdd(tcb.rcv.nxt, 1);
      tcb.ackOwed += 1;
      ctx.notify({ kind: 'closing' });
      ctx.go('ESTABLISHED --rcv FIN--> CLOSE-WAIT');
      return 'done';
    case 'FIN-WAIT-1':
      // Their FIN before the ACK of ours (else we would be in FIN-WAIT-2): simultaneous close.
      tcb.rcv.nxt = ctx.seq.seqAdd(tcb.rcv.nxt, 1);
      tcb.ackOwed = 0;
      ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'ACK' });
      ctx.notify({ kind: 'closing' });
      ctx.go('FIN-WAIT-1 --rcv FIN--> CLOSING');
      return 'done';
    case 'FIN-WAIT-2':
      // Acknowledge the FIN and enter TIME-WAIT.
      tcb.rcv.nxt = ctx.seq.seqAdd(tcb.rcv.nxt, 1);
      tcb.ackOwed = 0;
      ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'ACK' });
      ctx.notify({ kind: 'closing' });
      enterTimeWait('FIN-WAIT-2 --rcv FIN--> TIME-WAIT', ctx);
      return 'done';
    default:
      // CLOSE-WAIT, CLOSING, LAST-ACK: their FIN is already counted in RCV.NXT; nothing new here.
      return 'done';
  }
};

/** Linux's tcp_fin_timeout: the peer never sent its FIN. RFC 9293 has no such timer (finWait2TimeoutMs 0). */
export const finWait2Timeout: TimeoutHandler = (_conn, ctx) => {
  ctx.notify({ kind: 'timed-out', reason: 'fin-wait-2' });
  ctx.go('FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED');
};
