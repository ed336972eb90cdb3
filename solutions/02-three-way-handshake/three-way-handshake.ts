/**
 * 02 · The three-way handshake: OPEN, a SYN arriving in LISTEN, SYN,ACK in SYN-SENT, the ACK that
 * completes the handshake in SYN-RECEIVED, and simultaneous open.
 *
 * Read first: RFC 9293 §3.5 (Figures 6 to 8), §3.10.1 (OPEN), §3.10.7.2 (LISTEN), §3.10.7.3
 * (SYN-SENT), §3.10.7.4 fifth step (SYN-RECEIVED). Lesson: lessons/en/02-three-way-handshake.md
 */
import type { CallHandler, Ctx, SegmentStep } from '../../grader/engine/modules.js';
import type { Tcb, UserCall } from '../../grader/engine/types.js';

/**
 * Our SYN has been acknowledged: forget its retransmissions (RFC 6298 (5.3)). The handshake measured
 * the round trip (RFC 6298 (2.2)); the engine takes no sample and uses the RTO a fast link gives,
 * measuredRtoMs (Linux: its 200 ms floor), or initialRtoMs when that is 0.
 */
function synAcknowledged(tcb: Tcb, ctx: Ctx): void {
  tcb.retries = 0;
  tcb.rto = ctx.config.measuredRtoMs || ctx.config.initialRtoMs;
  ctx.cancelTimer('retransmission');
}

/** RFC 9293 §3.10.1 OPEN. */
export const open: CallHandler<Extract<UserCall, { call: 'OPEN' }>> = (conn, call, ctx) => {
  if (conn.state !== 'CLOSED') {
    // In any other state: "error: connection already exists".
    ctx.notify({ kind: 'error', call: 'OPEN', message: 'connection already exists' });
    return ctx.stay('OPEN');
  }
  conn.tcb.keepAlive = call.keepAlive ?? false;
  if (call.mode === 'passive') {
    // Passive OPEN: create the TCB and wait in LISTEN for a SYN.
    return ctx.go('CLOSED --OPEN passive--> LISTEN');
  }
  // Active OPEN: select an ISS, send <SEQ=ISS><CTL=SYN>, SND.UNA = ISS, SND.NXT = ISS+1.
  const { tcb } = conn;
  tcb.iss = ctx.newIss();
  tcb.snd.una = tcb.iss;
  tcb.snd.nxt = ctx.seq.seqAdd(tcb.iss, 1);
  ctx.send({ seq: tcb.iss, ctl: 'SYN' });
  ctx.go('CLOSED --OPEN active--> SYN-SENT');
};

/** LISTEN, third step: a SYN (RST and ACK were checked before). */
export const listenCheckSyn: SegmentStep = (conn, seg, ctx) => {
  if (!seg.flags.syn) return 'continue';
  // RCV.NXT = SEG.SEQ+1, IRS = SEG.SEQ; select ISS; send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
  // Text on the SYN is not delivered before the handshake completes; as RCV.NXT does not cover it,
  // the peer sends it again.
  const { tcb } = conn;
  tcb.irs = seg.seq;
  tcb.rcv.nxt = ctx.seq.seqAdd(seg.seq, 1);
  tcb.iss = ctx.newIss();
  tcb.snd.una = tcb.iss;
  tcb.snd.nxt = ctx.seq.seqAdd(tcb.iss, 1);
  tcb.snd.wnd = seg.wnd;
  ctx.send({ seq: tcb.iss, ack: tcb.rcv.nxt, ctl: 'SYN,ACK' });
  ctx.go('LISTEN --rcv SYN--> SYN-RECEIVED');
  return 'done';
};

/** SYN-SENT, fourth step: the SYN bit (the ACK, if any, is known to be acceptable by now). */
export const synSentCheckSyn: SegmentStep = (conn, seg, ctx) => {
  if (!seg.flags.syn) return 'continue';
  const { tcb } = conn;
  tcb.irs = seg.seq;
  tcb.rcv.nxt = ctx.seq.seqAdd(seg.seq, 1);
  tcb.snd.wnd = seg.wnd;
  if (seg.flags.ack) tcb.snd.una = seg.ack;
  if (ctx.seq.seqGt(tcb.snd.una, tcb.iss)) {
    // Our SYN is acknowledged: ESTABLISHED; send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. Text or FIN
    // in the same segment is processed by the later steps.
    synAcknowledged(tcb, ctx);
    ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'ACK' });
    ctx.notify({ kind: 'connected' });
    ctx.go('SYN-SENT --rcv SYN,ACK--> ESTABLISHED');
    return 'continue';
  }
  // A SYN without an ACK of ours: simultaneous open. Send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
  ctx.send({ seq: tcb.iss, ack: tcb.rcv.nxt, ctl: 'SYN,ACK' });
  ctx.go('SYN-SENT --rcv SYN--> SYN-RECEIVED');
  return 'done';
};

/**
 * SYN-RECEIVED reached by a simultaneous open: the peer's SYN,ACK repeats the SYN we already have and
 * acknowledges ours. RFC 9293 Figure 7 (line 7) enters ESTABLISHED on it with nothing more to send;
 * read literally, the first step would call it a duplicate and only ACK it.
 */
export const synReceivedCrossedSynAck: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  const f = seg.flags;
  if (tcb.passive || !f.syn || !f.ack || f.rst || seg.seq !== tcb.irs || seg.ack !== tcb.snd.nxt) return 'continue';
  tcb.snd.una = seg.ack;
  tcb.snd.wnd = seg.wnd;
  synAcknowledged(tcb, ctx);
  ctx.notify({ kind: 'connected' });
  ctx.go('SYN-RECEIVED --rcv SYN,ACK--> ESTABLISHED');
  return 'done';
};

/**
 * SYN-RECEIVED after a passive open, before the sequence check: the peer's SYN again, alone and at
 * SEG.SEQ = IRS, means it has not seen our SYN,ACK. RFC 9293 §3.10.7.4 would call it an old duplicate
 * and answer with an ACK; Linux (dupSynSynAck) sends the SYN,ACK again and restarts its timer.
 */
export const synReceivedDuplicateSyn: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  const f = seg.flags;
  if (!ctx.config.dupSynSynAck || !tcb.passive || !f.syn || f.ack || f.rst || f.fin || seg.seq !== tcb.irs) return 'continue';
  ctx.send({ seq: tcb.iss, ack: tcb.rcv.nxt, ctl: 'SYN,ACK' });
  ctx.setTimer('retransmission', tcb.rto);
  ctx.go('SYN-RECEIVED --rcv duplicate SYN--> SYN-RECEIVED');
  return 'done';
};

/** SYN-RECEIVED, fifth step: the ACK that completes the handshake. */
export const synReceivedCheckAck: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  if (!seg.flags.ack) {
    ctx.go('SYN-RECEIVED --rcv segment without ACK--> SYN-RECEIVED');
    return 'done';
  }
  if (ctx.seq.seqLt(tcb.snd.una, seg.ack) && ctx.seq.seqLeq(seg.ack, tcb.snd.nxt)) {
    // SND.UNA < SEG.ACK =< SND.NXT: enter ESTABLISHED and continue processing there.
    tcb.snd.una = seg.ack;
    tcb.snd.wnd = seg.wnd;
    synAcknowledged(tcb, ctx);
    ctx.notify({ kind: 'connected' });
    ctx.go('SYN-RECEIVED --rcv ACK--> ESTABLISHED');
    return 'continue';
  }
  // Not acceptable: form a reset <SEQ=SEG.ACK><CTL=RST> and send it.
  ctx.send({ seq: seg.ack, ctl: 'RST' });
  ctx.go('SYN-RECEIVED --rcv unacceptable ACK--> SYN-RECEIVED');
  return 'done';
};
