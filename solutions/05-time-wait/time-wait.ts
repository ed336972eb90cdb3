/**
 * 05 · TIME-WAIT: what may still arrive while the 2*MSL timer runs, and the timer's expiry.
 * (Entering TIME-WAIT is part of the close, in 04-four-way-close.)
 *
 * Read first: RFC 9293 §3.4.2 and §3.6.1 (why the wait), §3.10.7.4 (TIME-WAIT in the fifth and eighth
 * steps), §3.10.8 (TIME-WAIT TIMEOUT); RFC 1337. Lesson: lessons/en/05-time-wait.md
 */
import type { SegmentStep, TimeoutHandler } from '../../grader/engine/modules.js';

/**
 * A SYN above RCV.NXT, on a connection that came from a listener: RFC 9293 §3.6.1 (MAY-2) lets TCP
 * reopen it at once if the new ISS is above every sequence number the old incarnation used; Linux
 * (timeWaitReopen) does, with ISS = SND.NXT + 65537. Old duplicates sit below RCV.NXT and are not
 * taken for a new connection.
 */
export const reopenOnSyn: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  const f = seg.flags;
  if (!ctx.config.timeWaitReopen || !tcb.passive || !f.syn || f.ack || f.rst || !ctx.seq.seqGt(seg.seq, tcb.rcv.nxt)) {
    return 'continue';
  }
  // A fresh TCB for the new incarnation, as LISTEN's third step fills it in.
  tcb.iss = ctx.seq.seqAdd(tcb.snd.nxt, 65_537);
  tcb.irs = seg.seq;
  tcb.rcv.nxt = ctx.seq.seqAdd(seg.seq, 1);
  tcb.snd.una = tcb.iss;
  tcb.snd.nxt = ctx.seq.seqAdd(tcb.iss, 1);
  tcb.snd.wnd = seg.wnd;
  tcb.sendBuffer = '';
  tcb.fin = 'none';
  tcb.held = [];
  tcb.ackOwed = 0;
  tcb.retries = 0;
  tcb.rto = ctx.config.initialRtoMs;
  tcb.probesOut = 0;
  tcb.rcvClosed = false;
  tcb.quickAcks = ctx.config.quickAckSegments;
  ctx.cancelTimer('time-wait');
  ctx.send({ seq: tcb.iss, ack: tcb.rcv.nxt, ctl: 'SYN,ACK' });
  ctx.go('TIME-WAIT --rcv SYN above RCV.NXT--> SYN-RECEIVED');
  return 'done';
};

/**
 * The only thing that should arrive is a retransmission of the peer's FIN (our last ACK was lost):
 * acknowledge it and restart the 2 MSL timeout. Checked before the sequence test, which would ACK
 * it as an old duplicate but not restart the timer.
 */
export const retransmittedFin: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  if (!seg.flags.fin || seg.flags.rst || seg.flags.syn) return 'continue';
  // A retransmitted FIN ends exactly at RCV.NXT: its FIN octet is RCV.NXT-1.
  if (ctx.seq.seqAdd(seg.seq, ctx.seq.segmentLength(seg)) !== tcb.rcv.nxt) return 'continue';
  ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'ACK' });
  ctx.setTimer('time-wait', 2 * ctx.config.mslMs);
  ctx.go('TIME-WAIT --rcv FIN--> TIME-WAIT');
  return 'done';
};

/**
 * RFC 1337 §3: with rfc1337 on, a RST must not cut TIME-WAIT short ("TIME-WAIT assassination").
 * Linux (timeWaitAcks) believes only a RST at exactly RCV.NXT and drops any other without the
 * challenge ACK of RFC 5961 §3.2.
 */
export const ignoreRst: SegmentStep = (conn, seg, ctx) => {
  if (!seg.flags.rst) return 'continue';
  const inexact = ctx.config.timeWaitAcks && seg.seq !== conn.tcb.rcv.nxt;
  if (!ctx.config.rfc1337 && !inexact) return 'continue';
  ctx.go('TIME-WAIT --rcv RST ignored--> TIME-WAIT');
  return 'done';
};

/**
 * Fifth step in TIME-WAIT: nothing new can arrive; an acceptable segment is ignored. Linux
 * (timeWaitAcks) restarts the 2 MSL timer on an ACK, and acknowledges text instead of ignoring it.
 */
export const checkAck: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  if (!ctx.config.timeWaitAcks || !seg.flags.ack) {
    ctx.go('TIME-WAIT --rcv ACK--> TIME-WAIT');
    return 'done';
  }
  if (ctx.seq.segmentLength(seg) > 0) ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'ACK' });
  ctx.setTimer('time-wait', 2 * ctx.config.mslMs);
  ctx.go('TIME-WAIT --rcv ACK, restart--> TIME-WAIT');
  return 'done';
};

/** TIME-WAIT TIMEOUT (RFC 9293 §3.10.8): delete the TCB. */
export const timeWaitTimeout: TimeoutHandler = (_conn, ctx) => {
  ctx.go('TIME-WAIT --timeout 2MSL--> CLOSED');
};
