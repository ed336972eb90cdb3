// Exercise 07-keepalive: write the 2 functions whose body says TODO, then run
//   npm run test:exercises -- 07
// Hints: exercises/07-keepalive/hints.en.md (中文: hints.zh-CN.md). README: exercises/07-keepalive/README.md
// Conventions (ctx.go, ctx.send or tcb.ackOwed, 'continue' or 'done'): exercises/README.md#conventions
/**
 * 07 · Keepalive: probe an idle connection, give up after enough unanswered probes.
 *
 * Read first: RFC 9293 §3.8.4 (MUST-24 to MUST-29), RFC 1122 §4.2.3.6. Lesson: lessons/en/07-keepalive.md
 */
import type { AfterEventHook, TimeoutHandler } from '../../grader/engine/modules.js';
import { NotImplemented } from '../../grader/engine/not-implemented.js';

/**
 * After every event: the keepalive timer runs only on a connection that asked for it, in ESTABLISHED
 * or CLOSE-WAIT, with nothing of ours unacknowledged (MUST-26). Anything received restarts the idle
 * period and forgets the probes.
 */
export const afterEvent: AfterEventHook = (conn, ctx, before) => {
  // Called after every event (user call, segment, timeout), as after-event hook 3 of 3, after
  //   afterEvent (03).
  // TODO: After every event: the keepalive timer runs only on a connection that asked for it, in
  //   ESTABLISHED or CLOSE-WAIT, with nothing of ours unacknowledged (MUST-26). Anything received
  //   restarts the idle period and forgets the probes.
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   tcb.probesOut
  //   timers:   ctx.setTimer('keepalive', …), ctx.cancelTimer('keepalive')
  throw new NotImplemented('07-keepalive', 'afterEvent');
};

/** The keepalive timer expired: probe again, or give up after keepAliveCount unanswered probes. */
export const keepaliveTimeout: TimeoutHandler = (conn, ctx) => {
  // Called when the 'keepalive' timer expires.
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   ESTABLISHED --timeout keepalive--> ESTABLISHED
  //     idle too long: send the probe <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK> with no data (RFC 9293 §3.8.4; lessons/en/07-keepalive.md#probe)
  //   CLOSE-WAIT --timeout keepalive--> CLOSE-WAIT
  //     idle too long: send the probe <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK> with no data (RFC 9293 §3.8.4; lessons/en/07-keepalive.md#probe)
  //   ESTABLISHED --timeout keepalive--> CLOSED
  //     keepAliveCount probes unanswered: send a RST, tell the user "timed out" (RFC 1122 §4.2.3.6 (not on one probe); the RST: Linux tcp_keepalive_timer, no RFC, in ABORT form (RFC 9293 §3.10.5); lessons/en/07-keepalive.md#timers)
  //   CLOSE-WAIT --timeout keepalive--> CLOSED
  //     keepAliveCount probes unanswered: send a RST, tell the user "timed out" (RFC 1122 §4.2.3.6 (not on one probe); the RST: Linux tcp_keepalive_timer, no RFC, in ABORT form (RFC 9293 §3.10.5); lessons/en/07-keepalive.md#timers)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   tcb.probesOut
  //   timers:   ctx.setTimer('keepalive', …)
  //   sends:    ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>, ctx.send <SEQ=SND.NXT><CTL=RST>,
  //             ctx.send <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>
  //   notices:  ctx.notify({ kind: 'timed-out', reason: 'keepalive' })
  //   state:    ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)
  throw new NotImplemented('07-keepalive', 'keepaliveTimeout');
};
