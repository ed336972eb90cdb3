// Exercise 07-keepalive: write the 2 functions whose body says TODO, then run
//   npm run test:exercises -- 07
// Hints: exercises/07-keepalive/hints.en.md (中文: hints.zh-CN.md). README: exercises/07-keepalive/README.md
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
  // TODO: After every event: the keepalive timer runs only on a connection that asked for it, in
  //   ESTABLISHED or CLOSE-WAIT, with nothing of ours unacknowledged (MUST-26). Anything received
  //   restarts the idle period and forgets the probes.
  throw new NotImplemented('07-keepalive', 'afterEvent');
};

/** The keepalive timer expired: probe again, or give up after keepAliveCount unanswered probes. */
export const keepaliveTimeout: TimeoutHandler = (conn, ctx) => {
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   ESTABLISHED --timeout keepalive--> ESTABLISHED
  //     idle too long: send the probe <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK> with no data (RFC 9293 §3.8.4; lessons/en/07-keepalive.md#probe)
  //   CLOSE-WAIT --timeout keepalive--> CLOSE-WAIT
  //     idle too long: send the probe <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK> with no data (RFC 9293 §3.8.4; lessons/en/07-keepalive.md#probe)
  //   ESTABLISHED --timeout keepalive--> CLOSED
  //     keepAliveCount probes unanswered: send a RST, tell the user "timed out" (RFC 1122 §4.2.3.6 (not on one probe); the RST: Linux tcp_keepalive_timer, no RFC, in ABORT form (RFC 9293 §3.10.5); lessons/en/07-keepalive.md#timers)
  //   CLOSE-WAIT --timeout keepalive--> CLOSED
  //     keepAliveCount probes unanswered: send a RST, tell the user "timed out" (RFC 1122 §4.2.3.6 (not on one probe); the RST: Linux tcp_keepalive_timer, no RFC, in ABORT form (RFC 9293 §3.10.5); lessons/en/07-keepalive.md#timers)
  throw new NotImplemented('07-keepalive', 'keepaliveTimeout');
};
