// Exercise 08-resets: write the 3 functions whose body says TODO, then run
//   npm run test:exercises -- 08
// Hints: exercises/08-resets/hints.en.md (中文: hints.zh-CN.md). README: exercises/08-resets/README.md
// Conventions (ctx.go, ctx.send or tcb.ackOwed, 'continue' or 'done'): exercises/README.md#conventions
/**
 * 08 · Resets: the RST and SYN checks of synchronized states (with RFC 5961's challenge ACKs) and
 * ABORT.
 *
 * Read first: RFC 9293 §3.5.2 and §3.5.3 (reset generation and processing), §3.10.5 (ABORT),
 * §3.10.7.4 second and fourth steps; RFC 5961 §3 and §4. Lesson: lessons/en/08-resets.md
 */
import type { CallHandler, SegmentStep } from '../../grader/engine/modules.js';
import { NotImplemented } from '../../grader/engine/not-implemented.js';
import type { UserCall } from '../../grader/engine/types.js';

/**
 * Second, check the RST bit. The first step already dropped a RST outside the window. With RFC 5961
 * only a RST at exactly RCV.NXT resets; one elsewhere in the window gets a challenge ACK, which a
 * real peer answers with an exact RST and a blind attacker cannot.
 */
export const checkRst: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in SYN-RECEIVED once every earlier function returned 'continue':
  //   4th of 8 there, after checkSequence (01), before checkSyn (08).
  // Called for a segment that arrives in ESTABLISHED or CLOSE-WAIT once every earlier function
  //   returned 'continue': 2nd of 6 there, after checkSequence (01), before checkSyn (08).
  // Called for a segment that arrives in FIN-WAIT-1, FIN-WAIT-2, CLOSING or LAST-ACK once every
  //   earlier function returned 'continue': 2nd of 8 there, after checkSequence (01), before checkSyn
  //   (08).
  // Called for a segment that arrives in TIME-WAIT once every earlier function returned 'continue':
  //   5th of 7 there, after checkSequence (01), before checkSyn (08).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-RECEIVED --rcv RST--> LISTEN
  //     passive open: return to LISTEN, the user need not be told (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#validation)
  //   SYN-RECEIVED --rcv RST--> CLOSED
  //     active open: connection refused (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#validation)
  //   ESTABLISHED --rcv RST--> CLOSED
  //     tell the user "connection reset", delete the TCB (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#validation)
  //   FIN-WAIT-1 --rcv RST--> CLOSED
  //     tell the user "connection reset", delete the TCB (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#validation)
  //   FIN-WAIT-2 --rcv RST--> CLOSED
  //     tell the user "connection reset", delete the TCB (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#validation)
  //   CLOSE-WAIT --rcv RST--> CLOSED
  //     tell the user "connection reset", delete the TCB (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#validation)
  //   CLOSING --rcv RST--> CLOSED
  //     delete the TCB (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#validation)
  //   LAST-ACK --rcv RST--> CLOSED
  //     delete the TCB (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#validation)
  //   TIME-WAIT --rcv RST--> CLOSED
  //     delete the TCB (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#time-wait-assassination)
  //   SYN-RECEIVED --rcv RST in window--> SYN-RECEIVED
  //     SEG.SEQ in the window but not RCV.NXT: send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2; lessons/en/08-resets.md#challenge-ack)
  //   ESTABLISHED --rcv RST in window--> ESTABLISHED
  //     SEG.SEQ in the window but not RCV.NXT: send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2; lessons/en/08-resets.md#challenge-ack)
  //   FIN-WAIT-1 --rcv RST in window--> FIN-WAIT-1
  //     SEG.SEQ in the window but not RCV.NXT: send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2; lessons/en/08-resets.md#challenge-ack)
  //   FIN-WAIT-2 --rcv RST in window--> FIN-WAIT-2
  //     SEG.SEQ in the window but not RCV.NXT: send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2; lessons/en/08-resets.md#challenge-ack)
  //   CLOSE-WAIT --rcv RST in window--> CLOSE-WAIT
  //     SEG.SEQ in the window but not RCV.NXT: send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2; lessons/en/08-resets.md#challenge-ack)
  //   CLOSING --rcv RST in window--> CLOSING
  //     SEG.SEQ in the window but not RCV.NXT: send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2; lessons/en/08-resets.md#challenge-ack)
  //   LAST-ACK --rcv RST in window--> LAST-ACK
  //     SEG.SEQ in the window but not RCV.NXT: send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2; lessons/en/08-resets.md#challenge-ack)
  //   TIME-WAIT --rcv RST in window--> TIME-WAIT
  //     SEG.SEQ in the window but not RCV.NXT: send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2; lessons/en/08-resets.md#challenge-ack)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   sends:    ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
  //   notices:  ctx.notify({ kind: 'refused' }), ctx.notify({ kind: 'reset' })
  //   state:    ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('08-resets', 'checkRst');
};

/** Fourth, check the SYN bit. */
export const checkSyn: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in SYN-RECEIVED once every earlier function returned 'continue':
  //   5th of 8 there, after checkRst (08), before synReceivedCheckAck (02).
  // Called for a segment that arrives in ESTABLISHED or CLOSE-WAIT once every earlier function
  //   returned 'continue': 3rd of 6 there, after checkRst (08), before processAck (01).
  // Called for a segment that arrives in FIN-WAIT-1, FIN-WAIT-2, CLOSING or LAST-ACK once every
  //   earlier function returned 'continue': 3rd of 8 there, after checkRst (08), before processAck
  //   (01).
  // Called for a segment that arrives in TIME-WAIT once every earlier function returned 'continue':
  //   6th of 7 there, after checkRst (08), before checkAck (05).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-RECEIVED --rcv SYN--> LISTEN
  //     passive open: return to LISTEN (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#validation)
  //   SYN-RECEIVED --rcv SYN--> SYN-RECEIVED
  //     send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §4.2; lessons/en/08-resets.md#challenge-ack)
  //   ESTABLISHED --rcv SYN--> ESTABLISHED
  //     send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §4.2; lessons/en/08-resets.md#challenge-ack)
  //   FIN-WAIT-1 --rcv SYN--> FIN-WAIT-1
  //     send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §4.2; lessons/en/08-resets.md#challenge-ack)
  //   FIN-WAIT-2 --rcv SYN--> FIN-WAIT-2
  //     send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §4.2; lessons/en/08-resets.md#challenge-ack)
  //   CLOSE-WAIT --rcv SYN--> CLOSE-WAIT
  //     send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §4.2; lessons/en/08-resets.md#challenge-ack)
  //   CLOSING --rcv SYN--> CLOSING
  //     send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §4.2; lessons/en/08-resets.md#challenge-ack)
  //   LAST-ACK --rcv SYN--> LAST-ACK
  //     send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §4.2; lessons/en/08-resets.md#challenge-ack)
  //   TIME-WAIT --rcv SYN--> TIME-WAIT
  //     send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §4.2; lessons/en/08-resets.md#challenge-ack)
  //   SYN-RECEIVED --rcv SYN--> CLOSED
  //     rfc5961 off (RFC 793 behaviour): a SYN in the window is an error: send a RST, "connection reset" (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#blind-attacks)
  //   ESTABLISHED --rcv SYN--> CLOSED
  //     rfc5961 off (RFC 793 behaviour): a SYN in the window is an error: send a RST, "connection reset" (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#blind-attacks)
  //   FIN-WAIT-1 --rcv SYN--> CLOSED
  //     rfc5961 off (RFC 793 behaviour): a SYN in the window is an error: send a RST, "connection reset" (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#blind-attacks)
  //   FIN-WAIT-2 --rcv SYN--> CLOSED
  //     rfc5961 off (RFC 793 behaviour): a SYN in the window is an error: send a RST, "connection reset" (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#blind-attacks)
  //   CLOSE-WAIT --rcv SYN--> CLOSED
  //     rfc5961 off (RFC 793 behaviour): a SYN in the window is an error: send a RST, "connection reset" (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#blind-attacks)
  //   CLOSING --rcv SYN--> CLOSED
  //     rfc5961 off (RFC 793 behaviour): a SYN in the window is an error: send a RST, "connection reset" (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#blind-attacks)
  //   LAST-ACK --rcv SYN--> CLOSED
  //     rfc5961 off (RFC 793 behaviour): a SYN in the window is an error: send a RST, "connection reset" (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#blind-attacks)
  //   TIME-WAIT --rcv SYN--> CLOSED
  //     rfc5961 off (RFC 793 behaviour): a SYN in the window is an error: send a RST, "connection reset" (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#blind-attacks)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   sends:    ctx.send <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>,
  //             ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, ctx.send <SEQ=SEG.ACK><CTL=RST>
  //   notices:  ctx.notify({ kind: 'reset' })
  //   state:    ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('08-resets', 'checkSyn');
};

/** RFC 9293 §3.10.5 ABORT, one case per state. */
export const abort: CallHandler<Extract<UserCall, { call: 'ABORT' }>> = (conn, _call, ctx) => {
  // Called for the user's ABORT call, in every state (one case per state, as RFC 9293 §3.10 lists
  //   them).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   CLOSED --ABORT--> CLOSED
  //     error: connection does not exist (RFC 9293 §3.10.5; lessons/en/08-resets.md#abort)
  //   LISTEN --ABORT--> CLOSED
  //     delete the TCB, send nothing (RFC 9293 §3.10.5; lessons/en/08-resets.md#abort)
  //   SYN-SENT --ABORT--> CLOSED
  //     delete the TCB, send nothing (RFC 9293 §3.10.5; lessons/en/08-resets.md#abort)
  //   SYN-RECEIVED --ABORT--> CLOSED
  //     send <SEQ=SND.NXT><CTL=RST>, delete the TCB (RFC 9293 §3.10.5; lessons/en/04-four-way-close.md#abort)
  //   ESTABLISHED --ABORT--> CLOSED
  //     send <SEQ=SND.NXT><CTL=RST>, delete the TCB (RFC 9293 §3.10.5; lessons/en/04-four-way-close.md#abort)
  //   FIN-WAIT-1 --ABORT--> CLOSED
  //     send <SEQ=SND.NXT><CTL=RST>, delete the TCB (RFC 9293 §3.10.5; lessons/en/04-four-way-close.md#abort)
  //   FIN-WAIT-2 --ABORT--> CLOSED
  //     send <SEQ=SND.NXT><CTL=RST>, delete the TCB (RFC 9293 §3.10.5; lessons/en/04-four-way-close.md#abort)
  //   CLOSE-WAIT --ABORT--> CLOSED
  //     send <SEQ=SND.NXT><CTL=RST>, delete the TCB (RFC 9293 §3.10.5; lessons/en/04-four-way-close.md#abort)
  //   CLOSING --ABORT--> CLOSED
  //     delete the TCB, send nothing (RFC 9293 §3.10.5; lessons/en/08-resets.md#abort)
  //   LAST-ACK --ABORT--> CLOSED
  //     delete the TCB, send nothing (RFC 9293 §3.10.5; lessons/en/08-resets.md#abort)
  //   TIME-WAIT --ABORT--> CLOSED
  //     delete the TCB, send nothing (RFC 9293 §3.10.5; lessons/en/08-resets.md#abort)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   sends:    ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>, ctx.send <SEQ=SND.NXT><CTL=RST>
  //   notices:  ctx.notify({ kind: 'error', call: 'ABORT', message: 'connection does not exist' })
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  throw new NotImplemented('08-resets', 'abort');
};
