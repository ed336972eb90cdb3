/**
 * 03 · When the handshake fails: reset generation in CLOSED, the checks LISTEN and SYN-SENT make
 * before a SYN is accepted, retransmission with exponential backoff and its give-up limits, and the
 * user timeout.
 *
 * Read first: RFC 9293 §3.5.2 (reset generation), §3.8.1 and §3.8.3 (retransmission, R1/R2),
 * §3.10.7.1 to §3.10.7.3, §3.10.8 (timeouts); RFC 6298 §5. Lesson: lessons/en/03-handshake-failures.md
 */
import type { AfterEventHook, SegmentStep, TimeoutHandler } from '../../grader/engine/modules.js';

/** SEGMENT ARRIVES in CLOSED (RFC 9293 §3.10.7.1): answer everything but a RST with a RST. */
export const closedSegmentArrives: SegmentStep = (_conn, seg, ctx) => {
  if (seg.flags.rst) {
    // An incoming RST is discarded: answering it could start a RST storm.
    ctx.go('CLOSED --rcv RST--> CLOSED');
  } else if (!seg.flags.ack) {
    // No ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, so the RST acknowledges what it refuses.
    ctx.send({ seq: 0, ack: ctx.seq.seqAdd(seg.seq, ctx.seq.segmentLength(seg)), ctl: 'RST,ACK' });
    ctx.go('CLOSED --rcv segment without ACK--> CLOSED');
  } else {
    // With ACK: <SEQ=SEG.ACK><CTL=RST>, the sequence number the sender expects from us.
    ctx.send({ seq: seg.ack, ctl: 'RST' });
    ctx.go('CLOSED --rcv segment with ACK--> CLOSED');
  }
  return 'done';
};

/** LISTEN, first step: an incoming RST is ignored (RFC 9293 §3.10.7.2). */
export const listenCheckRst: SegmentStep = (_conn, seg, ctx) => {
  if (!seg.flags.rst) return 'continue';
  ctx.go('LISTEN --rcv RST--> LISTEN');
  return 'done';
};

/** LISTEN, second step: any acknowledgment is bad here; answer <SEQ=SEG.ACK><CTL=RST>. */
export const listenCheckAck: SegmentStep = (_conn, seg, ctx) => {
  if (!seg.flags.ack) return 'continue';
  ctx.send({ seq: seg.ack, ctl: 'RST' });
  ctx.go('LISTEN --rcv ACK--> LISTEN');
  return 'done';
};

/** LISTEN, fourth step: no SYN, no ACK, no RST: drop it. */
export const listenOther: SegmentStep = (_conn, _seg, ctx) => {
  ctx.go('LISTEN --rcv other segment--> LISTEN');
  return 'done';
};

/** SYN-SENT, first step: an ACK must acknowledge our SYN: ISS < SEG.ACK =< SND.NXT. */
export const synSentCheckAck: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  if (!seg.flags.ack) return 'continue';
  if (ctx.seq.seqGt(seg.ack, tcb.iss) && ctx.seq.seqLeq(seg.ack, tcb.snd.nxt)) return 'continue';
  // Unacceptable: <SEQ=SEG.ACK><CTL=RST>, unless it is itself a RST.
  if (!seg.flags.rst) ctx.send({ seq: seg.ack, ctl: 'RST' });
  ctx.go('SYN-SENT --rcv unacceptable ACK--> SYN-SENT');
  return 'done';
};

/** SYN-SENT, second step: a RST is believed only if it acknowledges our SYN. */
export const synSentCheckRst: SegmentStep = (_conn, seg, ctx) => {
  if (!seg.flags.rst) return 'continue';
  if (seg.flags.ack) {
    // The ACK was acceptable (first step): "connection refused" (ECONNREFUSED).
    ctx.notify({ kind: 'refused' });
    ctx.go('SYN-SENT --rcv RST,ACK--> CLOSED');
  } else {
    ctx.go('SYN-SENT --rcv RST--> SYN-SENT');
  }
  return 'done';
};

/** SYN-SENT, fifth step: neither SYN nor RST: drop it. (After SYN,ACK the state is ESTABLISHED.) */
export const synSentOther: SegmentStep = (conn, _seg, ctx) => {
  if (conn.state !== 'SYN-SENT') return 'continue';
  ctx.go('SYN-SENT --rcv segment without SYN--> SYN-SENT');
  return 'done';
};

/**
 * RETRANSMISSION TIMEOUT (RFC 9293 §3.10.8, RFC 6298 (5.4) to (5.6)): resend the earliest
 * unacknowledged segment, double the RTO up to maxRtoMs, restart the timer. After the configured
 * number of retransmissions, the next expiry gives up (RFC 9293 §3.8.3, threshold R2).
 */
export const retransmissionTimeout: TimeoutHandler = (conn, ctx) => {
  const { tcb } = conn;
  const state = conn.state;
  const { synRetries, synLinearTimeouts, synAckRetries, dataRetries, maxRtoMs, mss } = ctx.config;
  // Linux: tcp_syn_retries counts on top of the tcp_syn_linear_timeouts retransmissions.
  const limit = state === 'SYN-SENT' ? synRetries + synLinearTimeouts
    : state === 'SYN-RECEIVED' ? synAckRetries : dataRetries;
  if (tcb.retries >= limit) {
    if (state === 'SYN-RECEIVED' && tcb.passive) {
      // Linux drops a half-open connection silently; the listener carries on.
      return ctx.go('SYN-RECEIVED --timeout retransmission--> LISTEN');
    }
    ctx.notify({ kind: 'timed-out', reason: 'retransmission' });
    return ctx.go(`${state} --timeout retransmission--> CLOSED`);
  }
  tcb.retries += 1;
  // Linux: the first synLinearTimeouts SYN retransmissions keep the initial RTO (1, 1, 1, 1, 1, 2, 4 … s);
  // the rfc profile (0) doubles on every expiry, RFC 6298 (5.5).
  const linear = state === 'SYN-SENT' && tcb.retries <= synLinearTimeouts;
  if (!linear) tcb.rto = Math.min(tcb.rto * 2, maxRtoMs);
  if (state === 'SYN-SENT') {
    ctx.send({ seq: tcb.iss, ctl: 'SYN' });
  } else if (tcb.snd.una === tcb.iss) {
    // Our SYN is still unacknowledged (SYN-RECEIVED, or FIN-WAIT-1 after CLOSE there).
    ctx.send({ seq: tcb.iss, ack: tcb.rcv.nxt, ctl: 'SYN,ACK' });
  } else {
    // Data from SND.UNA, one segment's worth; the FIN too if it directly follows.
    const sentData = ((tcb.snd.nxt - tcb.snd.una) >>> 0) - (tcb.fin === 'sent' ? 1 : 0);
    const data = tcb.sendBuffer.slice(0, Math.min(mss, sentData));
    const fin = tcb.fin === 'sent' && data.length === sentData;
    ctx.send({ seq: tcb.snd.una, ack: tcb.rcv.nxt, ctl: fin ? 'FIN,ACK' : 'ACK', data });
  }
  ctx.setTimer('retransmission', tcb.rto);
  ctx.stay('timeout retransmission');
};

/** USER TIMEOUT (RFC 9293 §3.10.8): flush, tell the user, delete the TCB. */
export const userTimeout: TimeoutHandler = (conn, ctx) => {
  ctx.notify({ kind: 'timed-out', reason: 'user-timeout' });
  ctx.go(`${conn.state} --timeout user--> CLOSED`);
};

/**
 * After every event: the user timer runs while anything we sent is unacknowledged and restarts
 * whenever SND.UNA advances (the RFC 5482 reading of the user timeout).
 */
export const afterEvent: AfterEventHook = (conn, ctx, before) => {
  const { tcb } = conn;
  if (ctx.config.userTimeoutMs === 0) return;
  const outstanding = conn.state !== 'CLOSED' && conn.state !== 'LISTEN' && tcb.snd.una !== tcb.snd.nxt;
  if (!outstanding) ctx.cancelTimer('user-timeout');
  else if (ctx.timer('user-timeout') === undefined || before.una !== tcb.snd.una) {
    ctx.setTimer('user-timeout', ctx.config.userTimeoutMs);
  }
};
