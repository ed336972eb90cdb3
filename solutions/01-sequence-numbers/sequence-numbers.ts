/**
 * 01 · Sequence numbers: arithmetic modulo 2^32, the acceptability test, SEND and RECEIVE, ACK and
 * text processing, and the output routine that sends queued data.
 *
 * Read first: RFC 9293 §3.4 (sequence numbers), §3.10.2 (SEND), §3.10.3 (RECEIVE), §3.10.7.4 first,
 * fifth and seventh steps; RFC 6298 §5 (the retransmission timer). Lesson: lessons/en/01-sequence-numbers.md
 */
import type { Before, CallHandler, Conn, Ctx, SegmentStep, TimeoutHandler } from '../../grader/engine/modules.js';
import type { Segment, Tcb, UserCall } from '../../grader/engine/types.js';

// ---- arithmetic (RFC 9293 §3.4) -------------------------------------------------------------------

/** a < b modulo 2^32: the signed 32-bit difference is negative (valid while they are < 2^31 apart). */
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

/** a =< b modulo 2^32. */
export function seqLeq(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

/** a > b modulo 2^32. */
export function seqGt(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

/** a >= b modulo 2^32. */
export function seqGeq(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}

/** a + n (n may be negative), wrapped into 0 .. 2^32-1. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** SEG.LEN counts the octets of data and one each for SYN and FIN (RFC 9293 §3.4). */
export function segmentLength(seg: Segment): number {
  return seg.data.length + (seg.flags.syn ? 1 : 0) + (seg.flags.fin ? 1 : 0);
}

/** RFC 9293 §3.10.7.4, Table 6: the four cases of the acceptability test. */
export function isAcceptable(seg: Segment, rcvNxt: number, rcvWnd: number): boolean {
  const len = segmentLength(seg);
  if (len === 0) return rcvWnd === 0 ? seg.seq === rcvNxt : inWindow(seg.seq, rcvNxt, rcvWnd);
  if (rcvWnd === 0) return false;
  return inWindow(seg.seq, rcvNxt, rcvWnd) || inWindow(seqAdd(seg.seq, len - 1), rcvNxt, rcvWnd);
}

/** RCV.NXT =< n < RCV.NXT+RCV.WND */
function inWindow(n: number, rcvNxt: number, rcvWnd: number): boolean {
  return seqLeq(rcvNxt, n) && seqLt(n, seqAdd(rcvNxt, rcvWnd));
}

// ---- user calls ---------------------------------------------------------------------------------

/** RFC 9293 §3.10.2 SEND, one case per state. */
export const send: CallHandler<Extract<UserCall, { call: 'SEND' }>> = (conn, call, ctx) => {
  switch (conn.state) {
    case 'CLOSED':
      // "error: connection does not exist"
      ctx.notify({ kind: 'error', call: 'SEND', message: 'connection does not exist' });
      return ctx.go('CLOSED --SEND--> CLOSED');
    case 'LISTEN':
      // A listener accepts any peer, so it has no foreign socket to send to.
      ctx.notify({ kind: 'error', call: 'SEND', message: 'foreign socket unspecified' });
      return ctx.go('LISTEN --SEND--> LISTEN');
    case 'SYN-SENT':
    case 'SYN-RECEIVED':
      // Queue the data for transmission after entering ESTABLISHED.
      conn.tcb.sendBuffer += call.data;
      return ctx.stay('SEND');
    case 'ESTABLISHED':
    case 'CLOSE-WAIT':
      // Segmentize the buffer and send it with a piggybacked ACK; output() does the sending.
      conn.tcb.sendBuffer += call.data;
      return ctx.stay('SEND');
    case 'FIN-WAIT-1':
    case 'FIN-WAIT-2':
    case 'CLOSING':
    case 'LAST-ACK':
    case 'TIME-WAIT':
      // The user has already closed: "error: connection closing".
      ctx.notify({ kind: 'error', call: 'SEND', message: 'connection closing' });
      return ctx.stay('SEND');
  }
};

/**
 * RFC 9293 §3.10.3 RECEIVE. Data is handed to the user as soon as it arrives in order (a `data`
 * notice), as if a RECEIVE were always outstanding, so RECEIVE only reports the error cases.
 */
export const receive: CallHandler<Extract<UserCall, { call: 'RECEIVE' }>> = (conn, _call, ctx) => {
  switch (conn.state) {
    case 'CLOSED':
      ctx.notify({ kind: 'error', call: 'RECEIVE', message: 'connection does not exist' });
      return ctx.go('CLOSED --RECEIVE--> CLOSED');
    case 'LISTEN':
    case 'SYN-SENT':
    case 'SYN-RECEIVED':
    case 'ESTABLISHED':
    case 'FIN-WAIT-1':
    case 'FIN-WAIT-2':
      return ctx.stay('RECEIVE');
    case 'CLOSE-WAIT':
    case 'CLOSING':
    case 'LAST-ACK':
    case 'TIME-WAIT':
      // The peer's FIN has arrived and everything before it was delivered.
      ctx.notify({ kind: 'error', call: 'RECEIVE', message: 'connection closing' });
      return ctx.stay('RECEIVE');
  }
};

// ---- SEGMENT ARRIVES in synchronized states (RFC 9293 §3.10.7.4) --------------------------------

function sendAck(tcb: Tcb, ctx: Ctx): void {
  ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'ACK' });
}

/** An ACK that goes at once also settles one still owed: it carries the same RCV.NXT (RFC 9293 §3.8.6.3). */
function sendAckNow(tcb: Tcb, ctx: Ctx): void {
  sendAck(tcb, ctx);
  if (tcb.ackOwed > 0) {
    tcb.ackOwed = 0;
    ctx.cancelTimer('delayed-ack');
  }
}

/** First, check sequence number: an unacceptable segment gets an ACK (a RST is dropped silently). */
export const checkSequence: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  if (isAcceptable(seg, tcb.rcv.nxt, tcb.rcv.wnd)) return 'continue';
  if (!seg.flags.rst) sendAckNow(tcb, ctx);
  ctx.stay('rcv unacceptable segment');
  return 'done';
};

/** Octets of ours in flight that are sequence space but not data: an unacknowledged SYN, a sent FIN. */
function controlsInFlight(tcb: Tcb): number {
  return (tcb.snd.una === tcb.iss ? 1 : 0) + (tcb.fin === 'sent' ? 1 : 0);
}

/** Fifth, check the ACK field, as in ESTABLISHED (the closing states add their own checks after this). */
export const processAck: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  if (!seg.flags.ack) {
    ctx.stay('rcv segment without ACK');
    return 'done';
  }
  if (seqGt(seg.ack, tcb.snd.nxt)) {
    // It acknowledges something not yet sent: send an ACK, drop the segment.
    sendAckNow(tcb, ctx);
    ctx.stay('rcv ACK of unsent data');
    return 'done';
  }
  if (seqLt(tcb.snd.una, seg.ack)) {
    // SND.UNA < SEG.ACK =< SND.NXT: new data acknowledged. Drop it from the buffer: first the SYN if
    // it was still outstanding, then data octets; whatever is left over is the FIN.
    let acked = (seg.ack - tcb.snd.una) >>> 0;
    if (tcb.snd.una === tcb.iss) acked -= 1;
    tcb.sendBuffer = tcb.sendBuffer.slice(Math.min(acked, tcb.sendBuffer.length));
    tcb.snd.una = seg.ack;
    // RFC 6298 (5.2), (5.3): stop the timer when all is acknowledged, else restart it; a fresh ACK
    // also ends any backoff (the RTO is not re-estimated from RTT samples here: it returns to the
    // fast link's value, measuredRtoMs, or initialRtoMs when that is 0).
    tcb.retries = 0;
    tcb.rto = ctx.config.measuredRtoMs || ctx.config.initialRtoMs;
    if (tcb.snd.una === tcb.snd.nxt) ctx.cancelTimer('retransmission');
    else ctx.setTimer('retransmission', tcb.rto);
  }
  // SND.UNA =< SEG.ACK =< SND.NXT: update the send window (SND.WL1/WL2 are not modelled).
  if (seqLeq(tcb.snd.una, seg.ack)) tcb.snd.wnd = seg.wnd;
  ctx.stay('rcv ACK');
  return 'continue';
};

const MAX_HELD = 64;

/** Seventh, process the segment text (ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2; other states ignore it). */
export const processText: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  const state = conn.state;
  if (state !== 'ESTABLISHED' && state !== 'FIN-WAIT-1' && state !== 'FIN-WAIT-2') return 'continue';
  const start = seg.flags.syn ? seqAdd(seg.seq, 1) : seg.seq;
  if (seg.data.length === 0 && !seg.flags.fin) return 'continue';
  if (seqGt(start, tcb.rcv.nxt)) {
    // It begins beyond RCV.NXT: hold it until the gap fills (SHLD-31) and repeat our ACK at once,
    // so the sender learns what is missing.
    if (tcb.held.length < MAX_HELD && !tcb.held.some((h) => h.seq === seg.seq)) tcb.held.push(seg);
    sendAckNow(tcb, ctx);
    ctx.stay('rcv data ahead of RCV.NXT');
    return 'done';
  }
  // Only the part beyond RCV.NXT is new; an old prefix was delivered before. What runs past the
  // window's right edge, RCV.NXT+RCV.WND, is trimmed off (RFC 9293 §3.10.7.4, "trimming off any
  // portions that lie outside the window (including SYN and FIN)"): the peer sends it again, and a FIN
  // cut off here must not reach the eighth step.
  // Linux (trimToWindow off) takes an in-sequence segment whole, past the edge or not.
  const unseen = seg.data.slice((tcb.rcv.nxt - start) >>> 0);
  const trim = ctx.config.trimToWindow;
  const fresh = trim ? unseen.slice(0, tcb.rcv.wnd) : unseen;
  const finTrimmed = trim && seg.flags.fin && unseen.length >= tcb.rcv.wnd;
  if (fresh.length > 0) {
    tcb.rcv.nxt = seqAdd(tcb.rcv.nxt, fresh.length);
    ctx.notify({ kind: 'data', data: fresh });
    tcb.ackOwed += 1;
    ctx.stay('rcv data');
  }
  return finTrimmed ? 'done' : 'continue';
};

/** @provided A held segment that no longer starts beyond RCV.NXT, taken off the hold queue. */
export function takeHeld(conn: Conn): Segment | undefined {
  const { tcb } = conn;
  // Nearly always empty: then no new array and no search (this runs after every segment).
  if (tcb.held.length === 0) return undefined;
  if (conn.state !== 'ESTABLISHED' && conn.state !== 'FIN-WAIT-1' && conn.state !== 'FIN-WAIT-2') {
    tcb.held = [];
    return undefined;
  }
  const index = tcb.held.findIndex((h) => !seqGt(h.flags.syn ? seqAdd(h.seq, 1) : h.seq, tcb.rcv.nxt));
  if (index < 0) return undefined;
  return tcb.held.splice(index, 1)[0];
}

// ---- output ---------------------------------------------------------------------------------------

/** Send the queued data the window allows, then our FIN once CLOSE asked for it. True if anything went. */
function transmitQueued(conn: Conn, ctx: Ctx): boolean {
  const { tcb } = conn;
  // CLOSE in SYN-RECEIVED with data queued: data and FIN wait until our SYN is acknowledged
  // (RFC 9293 §3.10.4: "queue for processing after entering ESTABLISHED state").
  if (tcb.snd.una === tcb.iss && tcb.sendBuffer.length > 0) return false;
  const finAllowed = conn.state === 'FIN-WAIT-1' || conn.state === 'LAST-ACK';
  const inFlight = (tcb.snd.nxt - tcb.snd.una) >>> 0;
  let sentData = inFlight - controlsInFlight(tcb);
  let window = tcb.snd.wnd - inFlight;
  let sent = false;
  while (sentData < tcb.sendBuffer.length && window > 0) {
    const size = Math.min(ctx.config.mss, tcb.sendBuffer.length - sentData, window);
    const data = tcb.sendBuffer.slice(sentData, sentData + size);
    sentData += size;
    window -= size;
    // The FIN rides on the last data segment when CLOSE has been called.
    const fin = finAllowed && tcb.fin === 'queued' && sentData === tcb.sendBuffer.length;
    ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: fin ? 'FIN,ACK' : 'ACK', data });
    tcb.snd.nxt = seqAdd(tcb.snd.nxt, size + (fin ? 1 : 0));
    if (fin) tcb.fin = 'sent';
    sent = true;
  }
  if (finAllowed && tcb.fin === 'queued' && sentData === tcb.sendBuffer.length) {
    ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'FIN,ACK' });
    tcb.snd.nxt = seqAdd(tcb.snd.nxt, 1);
    tcb.fin = 'sent';
    sent = true;
  }
  return sent;
}

/**
 * @provided (given to students ready-made: it is plumbing, not a rule of the state machine)
 * After every event: send what is queued, settle an owed ACK (at once, or after delayedAckMs unless
 * two segments are owed), and keep the retransmission timer running while anything is unacknowledged
 * (RFC 6298 (5.1), (5.2)).
 */
export function output(conn: Conn, ctx: Ctx, before: Before): void {
  const { tcb } = conn;
  const state = conn.state;
  const sending = state === 'ESTABLISHED' || state === 'CLOSE-WAIT' || state === 'FIN-WAIT-1' || state === 'LAST-ACK';
  const sent = sending && transmitQueued(conn, ctx);
  if (sent) {
    tcb.ackOwed = 0;
    ctx.cancelTimer('delayed-ack');
  } else if (tcb.ackOwed > 0) {
    // Linux acknowledges the first quickAckSegments data segments at once (quick-ack); a FIN, which
    // changes the state, still waits so that our own FIN may ride with its ACK.
    const quick = tcb.quickAcks > 0 && before.received && before.state === state;
    if (ctx.config.delayedAckMs === 0 || tcb.ackOwed >= 2 || quick) {
      if (quick) tcb.quickAcks -= 1;
      sendAck(tcb, ctx);
      tcb.ackOwed = 0;
      ctx.cancelTimer('delayed-ack');
    } else if (ctx.timer('delayed-ack') === undefined) {
      ctx.setTimer('delayed-ack', ctx.config.delayedAckMs);
    }
  }
  if (state === 'CLOSED' || state === 'LISTEN' || state === 'TIME-WAIT') return;
  if (tcb.snd.una !== tcb.snd.nxt) {
    if (ctx.timer('retransmission') === undefined) ctx.setTimer('retransmission', tcb.rto);
  } else {
    ctx.cancelTimer('retransmission');
  }
}

/** @provided The delayed ACK is due: send it (RFC 9293 §3.8.6.3). */
export const delayedAckTimeout: TimeoutHandler = (conn, ctx) => {
  sendAck(conn.tcb, ctx);
  conn.tcb.ackOwed = 0;
  ctx.stay('timeout delayed ACK');
};
