// Exercise 03-handshake-failures: write the 10 functions whose body says TODO, then run
//   npm run test:exercises -- 03
// Hints: exercises/03-handshake-failures/hints.en.md (中文: hints.zh-CN.md). README: exercises/03-handshake-failures/README.md
// Conventions (ctx.go, ctx.send or tcb.ackOwed, 'continue' or 'done'): exercises/README.md#conventions
/**
 * 03 · When the handshake fails: reset generation in CLOSED, the checks LISTEN and SYN-SENT make
 * before a SYN is accepted, retransmission with exponential backoff and its give-up limits, and the
 * user timeout.
 *
 * Read first: RFC 9293 §3.5.2 (reset generation), §3.8.1 and §3.8.3 (retransmission, R1/R2),
 * §3.10.7.1 to §3.10.7.3, §3.10.8 (timeouts); RFC 6298 §5. Lesson: lessons/en/03-handshake-failures.md
 */
import type { AfterEventHook, SegmentStep, TimeoutHandler } from '../../grader/engine/modules.js';
import { NotImplemented } from '../../grader/engine/not-implemented.js';

/** SEGMENT ARRIVES in CLOSED (RFC 9293 §3.10.7.1): answer everything but a RST with a RST. */
export const closedSegmentArrives: SegmentStep = (_conn, seg, ctx) => {
  // Called for every segment that arrives in CLOSED, whatever its flags: the only function run there.
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   CLOSED --rcv RST--> CLOSED
  //     an incoming RST is discarded (RFC 9293 §3.10.7.1; lessons/en/03-handshake-failures.md#refused)
  //   CLOSED --rcv segment without ACK--> CLOSED
  //     send <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (RFC 9293 §3.10.7.1; lessons/en/03-handshake-failures.md#refused)
  //   CLOSED --rcv segment with ACK--> CLOSED
  //     send <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.1; lessons/en/03-handshake-failures.md#half-open)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   sends:    ctx.send <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, ctx.send <SEQ=SEG.ACK><CTL=RST>
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'done'
  throw new NotImplemented('03-handshake-failures', 'closedSegmentArrives');
};

/** LISTEN, first step: an incoming RST is ignored (RFC 9293 §3.10.7.2). */
export const listenCheckRst: SegmentStep = (_conn, seg, ctx) => {
  // Called for every segment that arrives in LISTEN, whatever its flags: 1st of 4 there, before
  //   listenCheckAck (03).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   LISTEN --rcv RST--> LISTEN
  //     an incoming RST is ignored (RFC 9293 §3.10.7.2; lessons/en/08-resets.md#validation)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('03-handshake-failures', 'listenCheckRst');
};

/** LISTEN, second step: any acknowledgment is bad here; answer <SEQ=SEG.ACK><CTL=RST>. */
export const listenCheckAck: SegmentStep = (_conn, seg, ctx) => {
  // Called for a segment that arrives in LISTEN once every earlier function returned 'continue': 2nd
  //   of 4 there, after listenCheckRst (03), before listenCheckSyn (02).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   LISTEN --rcv ACK--> LISTEN
  //     any acknowledgment is bad in LISTEN: send <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.2; lessons/en/03-handshake-failures.md#lost-final-ack)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   sends:    ctx.send <SEQ=SEG.ACK><CTL=RST>
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('03-handshake-failures', 'listenCheckAck');
};

/** LISTEN, fourth step: no SYN, no ACK, no RST: drop it. */
export const listenOther: SegmentStep = (_conn, _seg, ctx) => {
  // Called for a segment that arrives in LISTEN once every earlier function returned 'continue': 4th
  //   of 4 there, after listenCheckSyn (02), the last.
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   LISTEN --rcv other segment--> LISTEN
  //     neither SYN, ACK nor RST: drop it (RFC 9293 §3.10.7.2; lessons/en/08-resets.md#generation)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'done'
  throw new NotImplemented('03-handshake-failures', 'listenOther');
};

/** SYN-SENT, first step: an ACK must acknowledge our SYN: ISS < SEG.ACK =< SND.NXT. */
export const synSentCheckAck: SegmentStep = (conn, seg, ctx) => {
  // Called for every segment that arrives in SYN-SENT, whatever its flags: 1st of 6 there, before
  //   synSentCheckRst (03).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-SENT --rcv unacceptable ACK--> SYN-SENT
  //     SEG.ACK =< ISS or SEG.ACK > SND.NXT: send <SEQ=SEG.ACK><CTL=RST> (drop it if it is a RST) (RFC 9293 §3.10.7.3; lessons/en/02-three-way-handshake.md#why-three)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   sends:    ctx.send <SEQ=SEG.ACK><CTL=RST>
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('03-handshake-failures', 'synSentCheckAck');
};

/** SYN-SENT, second step: a RST is believed only if it acknowledges our SYN. */
export const synSentCheckRst: SegmentStep = (_conn, seg, ctx) => {
  // Called for a segment that arrives in SYN-SENT once every earlier function returned 'continue': 2nd
  //   of 6 there, after synSentCheckAck (03), before synSentCheckSyn (02).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-SENT --rcv RST,ACK--> CLOSED
  //     a RST with an acceptable ACK: the connection is refused (RFC 9293 §3.10.7.3; lessons/en/03-handshake-failures.md#refused)
  //   SYN-SENT --rcv RST--> SYN-SENT
  //     a RST without an ACK: drop it (RFC 9293 §3.10.7.3; lessons/en/03-handshake-failures.md#refused)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   notices:  ctx.notify({ kind: 'refused' })
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('03-handshake-failures', 'synSentCheckRst');
};

/** SYN-SENT, fifth step: neither SYN nor RST: drop it. (After SYN,ACK the state is ESTABLISHED.) */
export const synSentOther: SegmentStep = (conn, _seg, ctx) => {
  // Called for a segment that arrives in SYN-SENT once every earlier function returned 'continue': 4th
  //   of 6 there, after synSentCheckSyn (02), before processText (01).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-SENT --rcv segment without SYN--> SYN-SENT
  //     fifth step: neither SYN nor RST: drop it (RFC 9293 §3.10.7.3; lessons/en/03-handshake-failures.md#lost-synack)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('03-handshake-failures', 'synSentOther');
};

/**
 * RETRANSMISSION TIMEOUT (RFC 9293 §3.10.8, RFC 6298 (5.4) to (5.6)): resend the earliest
 * unacknowledged segment, double the RTO up to maxRtoMs, restart the timer. After the configured
 * number of retransmissions, the next expiry gives up (RFC 9293 §3.8.3, threshold R2).
 */
export const retransmissionTimeout: TimeoutHandler = (conn, ctx) => {
  // Called when the 'retransmission' timer expires.
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-SENT --timeout retransmission--> SYN-SENT
  //     retransmit the SYN, double the RTO (RFC 6298 §5.5) (RFC 9293 §3.10.8; lessons/en/03-handshake-failures.md#lost-syn)
  //   SYN-SENT --timeout retransmission--> CLOSED
  //     synRetries retransmissions went unanswered: give up, tell the user "timed out" (RFC 9293 §3.8.3; lessons/en/03-handshake-failures.md#lost-syn)
  //   SYN-RECEIVED --timeout retransmission--> SYN-RECEIVED
  //     retransmit the SYN,ACK, double the RTO (RFC 9293 §3.10.8; lessons/en/03-handshake-failures.md#lost-synack)
  //   SYN-RECEIVED --timeout retransmission--> LISTEN
  //     synAckRetries retransmissions went unanswered on a passive open: drop the half-open connection silently (RFC 9293 §3.8.3; lessons/en/03-handshake-failures.md#lost-final-ack)
  //   SYN-RECEIVED --timeout retransmission--> CLOSED
  //     synAckRetries retransmissions went unanswered on an active open: give up, tell the user "timed out" (RFC 9293 §3.8.3; lessons/en/02-three-way-handshake.md#simultaneous-open)
  //   ESTABLISHED --timeout retransmission--> ESTABLISHED
  //     retransmit the earliest unacknowledged segment, double the RTO (RFC 9293 §3.10.8; lessons/en/03-handshake-failures.md#why)
  //   FIN-WAIT-1 --timeout retransmission--> FIN-WAIT-1
  //     retransmit the earliest unacknowledged segment, double the RTO (RFC 9293 §3.10.8; lessons/en/03-handshake-failures.md#why)
  //   CLOSE-WAIT --timeout retransmission--> CLOSE-WAIT
  //     retransmit the earliest unacknowledged segment, double the RTO (RFC 9293 §3.10.8; lessons/en/03-handshake-failures.md#why)
  //   CLOSING --timeout retransmission--> CLOSING
  //     retransmit the earliest unacknowledged segment, double the RTO (RFC 9293 §3.10.8; lessons/en/03-handshake-failures.md#why)
  //   LAST-ACK --timeout retransmission--> LAST-ACK
  //     retransmit the earliest unacknowledged segment, double the RTO (RFC 9293 §3.10.8; lessons/en/03-handshake-failures.md#why)
  //   ESTABLISHED --timeout retransmission--> CLOSED
  //     dataRetries retransmissions went unanswered: drop the connection, tell the user "timed out" (RFC 9293 §3.8.3; lessons/en/03-handshake-failures.md#lost-syn)
  //   FIN-WAIT-1 --timeout retransmission--> CLOSED
  //     dataRetries retransmissions went unanswered: drop the connection, tell the user "timed out" (RFC 9293 §3.8.3; lessons/en/03-handshake-failures.md#lost-syn)
  //   CLOSE-WAIT --timeout retransmission--> CLOSED
  //     dataRetries retransmissions went unanswered: drop the connection, tell the user "timed out" (RFC 9293 §3.8.3; lessons/en/03-handshake-failures.md#lost-syn)
  //   CLOSING --timeout retransmission--> CLOSED
  //     dataRetries retransmissions went unanswered: drop the connection, tell the user "timed out" (RFC 9293 §3.8.3; lessons/en/03-handshake-failures.md#lost-syn)
  //   LAST-ACK --timeout retransmission--> CLOSED
  //     dataRetries retransmissions went unanswered: drop the connection, tell the user "timed out" (RFC 9293 §3.8.3; lessons/en/03-handshake-failures.md#lost-syn)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   tcb.rto, tcb.retries
  //   timers:   ctx.setTimer('retransmission', …)
  //   sends:    ctx.send <SEQ=ISS><CTL=SYN>, ctx.send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>,
  //             ctx.send <SEQ=SND.UNA><ACK=RCV.NXT><CTL=FIN,ACK> with data,
  //             ctx.send <SEQ=SND.UNA><ACK=RCV.NXT><CTL=ACK> with data
  //   notices:  ctx.notify({ kind: 'timed-out', reason: 'retransmission' })
  //   state:    ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)
  throw new NotImplemented('03-handshake-failures', 'retransmissionTimeout');
};

/** USER TIMEOUT (RFC 9293 §3.10.8): flush, tell the user, delete the TCB. */
export const userTimeout: TimeoutHandler = (conn, ctx) => {
  // Called when the 'user-timeout' timer expires.
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-SENT --timeout user--> CLOSED
  //     data stayed unacknowledged for userTimeoutMs: flush, tell the user "timed out", delete the TCB (RFC 9293 §3.10.8; lessons/en/07-keepalive.md#socket-options)
  //   SYN-RECEIVED --timeout user--> CLOSED
  //     data stayed unacknowledged for userTimeoutMs: flush, tell the user "timed out", delete the TCB (RFC 9293 §3.10.8; lessons/en/07-keepalive.md#socket-options)
  //   ESTABLISHED --timeout user--> CLOSED
  //     data stayed unacknowledged for userTimeoutMs: flush, tell the user "timed out", delete the TCB (RFC 9293 §3.10.8; lessons/en/07-keepalive.md#socket-options)
  //   FIN-WAIT-1 --timeout user--> CLOSED
  //     data stayed unacknowledged for userTimeoutMs: flush, tell the user "timed out", delete the TCB (RFC 9293 §3.10.8; lessons/en/07-keepalive.md#socket-options)
  //   CLOSE-WAIT --timeout user--> CLOSED
  //     data stayed unacknowledged for userTimeoutMs: flush, tell the user "timed out", delete the TCB (RFC 9293 §3.10.8; lessons/en/07-keepalive.md#socket-options)
  //   CLOSING --timeout user--> CLOSED
  //     data stayed unacknowledged for userTimeoutMs: flush, tell the user "timed out", delete the TCB (RFC 9293 §3.10.8; lessons/en/07-keepalive.md#socket-options)
  //   LAST-ACK --timeout user--> CLOSED
  //     data stayed unacknowledged for userTimeoutMs: flush, tell the user "timed out", delete the TCB (RFC 9293 §3.10.8; lessons/en/07-keepalive.md#socket-options)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   notices:  ctx.notify({ kind: 'timed-out', reason: 'user-timeout' })
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  throw new NotImplemented('03-handshake-failures', 'userTimeout');
};

/**
 * After every event: the user timer runs while anything we sent is unacknowledged and restarts
 * whenever SND.UNA advances (the RFC 5482 reading of the user timeout).
 */
export const afterEvent: AfterEventHook = (conn, ctx, before) => {
  // Called after every event (user call, segment, timeout), as after-event hook 2 of 3, after output
  //   (01), before afterEvent (07).
  // TODO: After every event: the user timer runs while anything we sent is unacknowledged and restarts
  //   whenever SND.UNA advances (the RFC 5482 reading of the user timeout).
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   timers:   ctx.setTimer('user-timeout', …), ctx.cancelTimer('user-timeout')
  throw new NotImplemented('03-handshake-failures', 'afterEvent');
};
