// Exercise 04-four-way-close: write the 5 functions whose body says TODO, then run
//   npm run test:exercises -- 04
// Hints: exercises/04-four-way-close/hints.en.md (中文: hints.zh-CN.md). README: exercises/04-four-way-close/README.md
// Conventions (ctx.go, ctx.send or tcb.ackOwed, 'continue' or 'done'): exercises/README.md#conventions
/**
 * 04 · The four-way close: CLOSE in every state, the ACK of our FIN, the peer's FIN, and entering
 * TIME-WAIT.
 *
 * Read first: RFC 9293 §3.6 (closing a connection, Figures 12 and 13), §3.6.1 (half-closed
 * connections; SHLD-3, the full close), §3.10.4 (CLOSE), §3.10.7.4 fifth and eighth steps.
 * Lesson: lessons/en/04-four-way-close.md
 */
import type { CallHandler, SegmentStep, TimeoutHandler } from '../../grader/engine/modules.js';
import { NotImplemented } from '../../grader/engine/not-implemented.js';
import type { UserCall } from '../../grader/engine/types.js';

/**
 * RFC 9293 §3.10.4 CLOSE, one case per state. The FIN itself is sent by output() after queued data.
 * CLOSE closes our direction only, as the socket API's shutdown(SHUT_WR). `call.full` is its close()
 * (RFC 9293 §3.6.1, SHLD-3): with received data left unread (`call.unread`) a RST tells the peer that data
 * was lost, instead of a FIN; otherwise it is CLOSE, and text that arrives later will be refused.
 */
export const close: CallHandler<Extract<UserCall, { call: 'CLOSE' }>> = (conn, call, ctx) => {
  // Called for the user's CLOSE call, in every state (one case per state, as RFC 9293 §3.10 lists
  //   them).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   CLOSED --CLOSE--> CLOSED
  //     error: connection does not exist (RFC 9293 §3.10.4; lessons/en/04-four-way-close.md#close-in-each-state)
  //   LISTEN --CLOSE--> CLOSED
  //     delete the TCB (RFC 9293 §3.10.4; lessons/en/04-four-way-close.md#close-in-each-state)
  //   SYN-SENT --CLOSE--> CLOSED
  //     delete the TCB; queued data is discarded (RFC 9293 §3.10.4; lessons/en/04-four-way-close.md#close-in-each-state)
  //   SYN-RECEIVED --CLOSE--> FIN-WAIT-1
  //     send a FIN after any queued data (RFC 9293 §3.10.4; lessons/en/04-four-way-close.md#close-in-each-state)
  //   ESTABLISHED --CLOSE--> FIN-WAIT-1
  //     send a FIN after any queued data (RFC 9293 §3.10.4; lessons/en/04-four-way-close.md#normal-close)
  //   CLOSE-WAIT --CLOSE--> LAST-ACK
  //     send a FIN after any queued data (RFC 9293 §3.10.4; lessons/en/06-close-wait.md#what-it-means)
  //   FIN-WAIT-1 --CLOSE--> FIN-WAIT-1
  //     error: connection closing (no second FIN) (RFC 9293 §3.10.4; lessons/en/04-four-way-close.md#close-in-each-state)
  //   FIN-WAIT-2 --CLOSE--> FIN-WAIT-2
  //     error: connection closing (no second FIN) (RFC 9293 §3.10.4; lessons/en/04-four-way-close.md#close-in-each-state)
  //   CLOSING --CLOSE--> CLOSING
  //     error: connection closing (no second FIN) (RFC 9293 §3.10.4; lessons/en/04-four-way-close.md#close-in-each-state)
  //   LAST-ACK --CLOSE--> LAST-ACK
  //     error: connection closing (no second FIN) (RFC 9293 §3.10.4; lessons/en/04-four-way-close.md#close-in-each-state)
  //   TIME-WAIT --CLOSE--> TIME-WAIT
  //     error: connection closing (no second FIN) (RFC 9293 §3.10.4; lessons/en/04-four-way-close.md#close-in-each-state)
  //   SYN-RECEIVED --close()--> FIN-WAIT-1
  //     the full close: a FIN after any queued data, as CLOSE; later data will be refused (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   ESTABLISHED --close()--> FIN-WAIT-1
  //     the full close: a FIN after any queued data, as CLOSE; later data will be refused (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   CLOSE-WAIT --close()--> LAST-ACK
  //     the full close: a FIN after any queued data, as CLOSE (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   FIN-WAIT-1 --close()--> FIN-WAIT-1
  //     after CLOSE: no second FIN and no error; in FIN-WAIT-1 and FIN-WAIT-2 later data will be refused (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   FIN-WAIT-2 --close()--> FIN-WAIT-2
  //     after CLOSE: no second FIN and no error; in FIN-WAIT-1 and FIN-WAIT-2 later data will be refused (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   CLOSING --close()--> CLOSING
  //     after CLOSE: no second FIN and no error; in FIN-WAIT-1 and FIN-WAIT-2 later data will be refused (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   LAST-ACK --close()--> LAST-ACK
  //     after CLOSE: no second FIN and no error; in FIN-WAIT-1 and FIN-WAIT-2 later data will be refused (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   TIME-WAIT --close()--> TIME-WAIT
  //     after CLOSE: no second FIN and no error; in FIN-WAIT-1 and FIN-WAIT-2 later data will be refused (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   ESTABLISHED --close() with unread data--> CLOSED
  //     received data is lost: send <SEQ=SND.NXT><CTL=RST> (rstAck: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>), delete the TCB (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   CLOSE-WAIT --close() with unread data--> CLOSED
  //     received data is lost: send <SEQ=SND.NXT><CTL=RST> (rstAck: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>), delete the TCB (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   FIN-WAIT-1 --close() with unread data--> CLOSED
  //     received data is lost: send <SEQ=SND.NXT><CTL=RST> (rstAck: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>), delete the TCB (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   FIN-WAIT-2 --close() with unread data--> CLOSED
  //     received data is lost: send <SEQ=SND.NXT><CTL=RST> (rstAck: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>), delete the TCB (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   tcb.fin, tcb.rcvClosed
  //   sends:    ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>, ctx.send <SEQ=SND.NXT><CTL=RST>
  //   notices:  ctx.notify({ kind: 'error', call: 'CLOSE', message: 'connection does not exist' }),
  //             ctx.notify({ kind: 'error', call: 'CLOSE', message: 'connection closing' })
  //   state:    ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)
  throw new NotImplemented('04-four-way-close', 'close');
};

/** Fifth step, after the ESTABLISHED processing: has this ACK covered our FIN? */
export const checkAckOfFin: SegmentStep = (conn, _seg, ctx) => {
  // Called for a segment that arrives in FIN-WAIT-1, FIN-WAIT-2, CLOSING or LAST-ACK once every
  //   earlier function returned 'continue': 5th of 8 there, after processAck (01), before
  //   refuseDataAfterClose (04).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2
  //     our FIN is acknowledged (RFC 9293 §3.10.7.4; lessons/en/04-four-way-close.md#normal-close)
  //   CLOSING --rcv ACK of FIN--> TIME-WAIT
  //     start the 2*MSL timer (RFC 9293 §3.10.7.4; lessons/en/04-four-way-close.md#simultaneous-close)
  //   LAST-ACK --rcv ACK of FIN--> CLOSED
  //     delete the TCB (RFC 9293 §3.10.7.4; lessons/en/05-time-wait.md#who-waits)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   timers:   ctx.setTimer('fin-wait-2', …), ctx.setTimer('time-wait', …),
  //             ctx.cancelTimer('retransmission'), ctx.cancelTimer('delayed-ack'),
  //             ctx.cancelTimer('fin-wait-2'), ctx.cancelTimer('keepalive'),
  //             ctx.cancelTimer('user-timeout')
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('04-four-way-close', 'checkAckOfFin');
};

/**
 * Before the seventh step, after the full close: new text cannot be delivered, so RFC 9293 §3.6.1 (SHLD-3)
 * has TCP reset the connection to say so. Linux 6.18 answered 'late' data in FIN-WAIT-2 this way,
 * <SEQ=SEG.ACK><CTL=RST>, the reset §3.10.7.1 forms for a segment with ACK.
 */
export const refuseDataAfterClose: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in FIN-WAIT-1, FIN-WAIT-2, CLOSING or LAST-ACK once every
  //   earlier function returned 'continue': 6th of 8 there, after checkAckOfFin (04), before
  //   processText (01).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   FIN-WAIT-1 --rcv data after close()--> CLOSED
  //     new data after the full close cannot be delivered: send <SEQ=SEG.ACK><CTL=RST>, delete the TCB (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  //   FIN-WAIT-2 --rcv data after close()--> CLOSED
  //     new data after the full close cannot be delivered: send <SEQ=SEG.ACK><CTL=RST>, delete the TCB (RFC 9293 §3.6.1 (SHLD-3); lessons/en/04-four-way-close.md#close-and-shutdown)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   sends:    ctx.send <SEQ=SEG.ACK><CTL=RST>
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('04-four-way-close', 'refuseDataAfterClose');
};

/** Eighth step: the FIN bit. Only a FIN that is next in sequence is processed. */
export const checkFin: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in SYN-SENT, ESTABLISHED or CLOSE-WAIT once every earlier
  //   function returned 'continue': 6th of 6 there, after processText (01), the last.
  // Called for a segment that arrives in SYN-RECEIVED, FIN-WAIT-1, FIN-WAIT-2, CLOSING or LAST-ACK
  //   once every earlier function returned 'continue': 8th of 8 there, after processText (01), the
  //   last.
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   ESTABLISHED --rcv FIN--> CLOSE-WAIT
  //     eighth step: tell the user "closing", RCV.NXT over the FIN, acknowledge it (RFC 9293 §3.10.7.4; lessons/en/06-close-wait.md#what-it-means)
  //   FIN-WAIT-1 --rcv FIN--> CLOSING
  //     simultaneous close: their FIN before the ACK of ours; acknowledge it (RFC 9293 §3.10.7.4; lessons/en/04-four-way-close.md#simultaneous-close)
  //   FIN-WAIT-2 --rcv FIN--> TIME-WAIT
  //     acknowledge the FIN, start the 2*MSL timer, turn off the other timers (RFC 9293 §3.10.7.4; lessons/en/04-four-way-close.md#normal-close)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   RCV.NXT (tcb.rcv.nxt), tcb.ackOwed
  //   timers:   ctx.setTimer('time-wait', …), ctx.cancelTimer('retransmission'),
  //             ctx.cancelTimer('delayed-ack'), ctx.cancelTimer('fin-wait-2'),
  //             ctx.cancelTimer('keepalive'), ctx.cancelTimer('user-timeout')
  //   sends:    ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
  //   notices:  ctx.notify({ kind: 'closing' })
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'done'
  throw new NotImplemented('04-four-way-close', 'checkFin');
};

/** Linux's tcp_fin_timeout: the peer never sent its FIN. RFC 9293 has no such timer (finWait2TimeoutMs 0). */
export const finWait2Timeout: TimeoutHandler = (_conn, ctx) => {
  // Called when the 'fin-wait-2' timer expires.
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED
  //     Linux tcp_fin_timeout: the peer never sent its FIN; drop the connection (RFC 9293 §3.6.1; lessons/en/06-close-wait.md#contrast)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   notices:  ctx.notify({ kind: 'timed-out', reason: 'fin-wait-2' })
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  throw new NotImplemented('04-four-way-close', 'finWait2Timeout');
};
