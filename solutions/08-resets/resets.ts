/**
 * 08 · Resets: the RST and SYN checks of synchronized states (with RFC 5961's challenge ACKs) and
 * ABORT.
 *
 * Read first: RFC 9293 §3.5.2 and §3.5.3 (reset generation and processing), §3.10.5 (ABORT),
 * §3.10.7.4 second and fourth steps; RFC 5961 §3 and §4. Lesson: lessons/en/08-resets.md
 */
import type { CallHandler, Ctx, SegmentStep } from '../../grader/engine/modules.js';
import type { Tcb, UserCall } from '../../grader/engine/types.js';

function challengeAck(tcb: Tcb, ctx: Ctx): void {
  ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'ACK' });
}

/**
 * Second, check the RST bit. The first step already dropped a RST outside the window. With RFC 5961
 * only a RST at exactly RCV.NXT resets; one elsewhere in the window gets a challenge ACK, which a
 * real peer answers with an exact RST and a blind attacker cannot.
 */
export const checkRst: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  const state = conn.state;
  if (!seg.flags.rst) return 'continue';
  if (ctx.config.rfc5961 && seg.seq !== tcb.rcv.nxt) {
    challengeAck(tcb, ctx);
    ctx.stay('rcv RST in window');
    return 'done';
  }
  switch (state) {
    case 'SYN-RECEIVED':
      // Passive open: back to LISTEN, the user need not know. Active open: connection refused.
      if (tcb.passive) {
        ctx.go('SYN-RECEIVED --rcv RST--> LISTEN');
      } else {
        ctx.notify({ kind: 'refused' });
        ctx.go('SYN-RECEIVED --rcv RST--> CLOSED');
      }
      return 'done';
    case 'ESTABLISHED':
    case 'FIN-WAIT-1':
    case 'FIN-WAIT-2':
    case 'CLOSE-WAIT':
      // The user gets an unsolicited "connection reset"; queues are flushed with the TCB.
      ctx.notify({ kind: 'reset' });
      ctx.go(`${state} --rcv RST--> CLOSED`);
      return 'done';
    default:
      // CLOSING, LAST-ACK, TIME-WAIT: the user has closed already; just delete the TCB.
      ctx.go(`${state} --rcv RST--> CLOSED`);
      return 'done';
  }
};

/** Fourth, check the SYN bit. */
export const checkSyn: SegmentStep = (conn, seg, ctx) => {
  const { tcb } = conn;
  const state = conn.state;
  if (!seg.flags.syn) return 'continue';
  if (state === 'SYN-RECEIVED' && tcb.passive) {
    // A passive connection goes back to LISTEN. Linux (synRecvSynRst) first resets the SYN, formed as
    // §3.10.7.1 forms a reset for a segment without ACK.
    if (ctx.config.synRecvSynRst) {
      ctx.send({ seq: 0, ack: ctx.seq.seqAdd(seg.seq, ctx.seq.segmentLength(seg)), ctl: 'RST,ACK' });
    }
    ctx.go('SYN-RECEIVED --rcv SYN--> LISTEN');
    return 'done';
  }
  if (ctx.config.rfc5961) {
    // RFC 5961 §4.2: whatever its sequence number, answer with a challenge ACK and drop it.
    challengeAck(tcb, ctx);
    ctx.stay('rcv SYN');
    return 'done';
  }
  // RFC 793: a SYN in the window is an error. Reset, formed as §3.10.7.1 forms one for this segment.
  if (seg.flags.ack) ctx.send({ seq: seg.ack, ctl: 'RST' });
  else ctx.send({ seq: 0, ack: ctx.seq.seqAdd(seg.seq, ctx.seq.segmentLength(seg)), ctl: 'RST,ACK' });
  ctx.notify({ kind: 'reset' });
  ctx.go(`${state} --rcv SYN--> CLOSED`);
  return 'done';
};

/** RFC 9293 §3.10.5 ABORT, one case per state. */
export const abort: CallHandler<Extract<UserCall, { call: 'ABORT' }>> = (conn, _call, ctx) => {
  const { tcb } = conn;
  switch (conn.state) {
    case 'CLOSED':
      ctx.notify({ kind: 'error', call: 'ABORT', message: 'connection does not exist' });
      return ctx.go('CLOSED --ABORT--> CLOSED');
    case 'LISTEN':
    case 'SYN-SENT':
      // Nothing was synchronized: delete the TCB, send nothing.
      return ctx.go(`${conn.state} --ABORT--> CLOSED`);
    case 'SYN-RECEIVED':
    case 'ESTABLISHED':
    case 'FIN-WAIT-1':
    case 'FIN-WAIT-2':
    case 'CLOSE-WAIT':
      // Send <SEQ=SND.NXT><CTL=RST>; queued data is discarded; no TIME-WAIT follows.
      // Linux: the RST carries ACK = RCV.NXT (rstAck); the rfc profile sends the RFC's form.
      if (ctx.config.rstAck) ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'RST,ACK' });
      else ctx.send({ seq: tcb.snd.nxt, ctl: 'RST' });
      return ctx.go(`${conn.state} --ABORT--> CLOSED`);
    case 'CLOSING':
    case 'LAST-ACK':
    case 'TIME-WAIT':
      // Respond "ok", delete the TCB; our FIN is already out, so no RST.
      return ctx.go(`${conn.state} --ABORT--> CLOSED`);
  }
};
