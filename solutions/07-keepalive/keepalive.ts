/**
 * 07 · Keepalive: probe an idle connection, give up after enough unanswered probes.
 *
 * Read first: RFC 9293 §3.8.4 (MUST-24 to MUST-29), RFC 1122 §4.2.3.6. Lesson: lessons/en/07-keepalive.md
 */
import type { AfterEventHook, TimeoutHandler } from '../../grader/engine/modules.js';

/**
 * After every event: the keepalive timer runs only on a connection that asked for it, in ESTABLISHED
 * or CLOSE-WAIT, with nothing of ours unacknowledged (MUST-26). Anything received restarts the idle
 * period and forgets the probes.
 */
export const afterEvent: AfterEventHook = (conn, ctx, before) => {
  const { tcb } = conn;
  const idle = tcb.keepAlive && (conn.state === 'ESTABLISHED' || conn.state === 'CLOSE-WAIT') &&
    tcb.snd.una === tcb.snd.nxt;
  if (!idle) {
    ctx.cancelTimer('keepalive');
    return;
  }
  if (before.received) {
    tcb.probesOut = 0;
    ctx.setTimer('keepalive', ctx.config.keepAliveIdleMs);
  } else if (ctx.timer('keepalive') === undefined) {
    ctx.setTimer('keepalive', ctx.config.keepAliveIdleMs);
  }
};

/** The keepalive timer expired: probe again, or give up after keepAliveCount unanswered probes. */
export const keepaliveTimeout: TimeoutHandler = (conn, ctx) => {
  const { tcb } = conn;
  const state = conn.state;
  if (tcb.probesOut >= ctx.config.keepAliveCount) {
    // Linux sends a RST when it gives up (tcp_keepalive_timer); the RFCs leave it open. Linux's
    // carries ACK = RCV.NXT (rstAck); the rfc profile sends ABORT's form, RFC 9293 §3.10.5.
    if (ctx.config.rstAck) ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'RST,ACK' });
    else ctx.send({ seq: tcb.snd.nxt, ctl: 'RST' });
    ctx.notify({ kind: 'timed-out', reason: 'keepalive' });
    ctx.go(`${state} --timeout keepalive--> CLOSED`);
    return;
  }
  // SEG.SEQ = SND.NXT-1 and no data: the peer finds it unacceptable and must answer with an ACK.
  ctx.send({ seq: ctx.seq.seqAdd(tcb.snd.nxt, -1), ack: tcb.rcv.nxt, ctl: 'ACK' });
  tcb.probesOut += 1;
  ctx.setTimer('keepalive', ctx.config.keepAliveIntervalMs);
  ctx.stay('timeout keepalive');
};
