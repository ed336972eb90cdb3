// Exercise 05-time-wait: write the 5 functions whose body says TODO, then run
//   npm run test:exercises -- 05
// Hints: exercises/05-time-wait/hints.en.md (中文: hints.zh-CN.md). README: exercises/05-time-wait/README.md
// Conventions (ctx.go, ctx.send or tcb.ackOwed, 'continue' or 'done'): exercises/README.md#conventions
/**
 * 05 · TIME-WAIT: what may still arrive while the 2*MSL timer runs, and the timer's expiry.
 * (Entering TIME-WAIT is part of the close, in 04-four-way-close.)
 *
 * Read first: RFC 9293 §3.4.2 and §3.6.1 (why the wait), §3.10.7.4 (TIME-WAIT in the fifth and eighth
 * steps), §3.10.8 (TIME-WAIT TIMEOUT); RFC 1337. Lesson: lessons/en/05-time-wait.md
 */
import type { SegmentStep, TimeoutHandler } from '../../grader/engine/modules.js';
import { NotImplemented } from '../../grader/engine/not-implemented.js';

/**
 * A SYN above RCV.NXT, on a connection that came from a listener: RFC 9293 §3.6.1 (MAY-2) lets TCP
 * reopen it at once if the new ISS is above every sequence number the old incarnation used; Linux
 * (timeWaitReopen) does, with ISS = SND.NXT + 65537. Old duplicates sit below RCV.NXT and are not
 * taken for a new connection.
 */
export const reopenOnSyn: SegmentStep = (conn, seg, ctx) => {
  // Called for every segment that arrives in TIME-WAIT, whatever its flags: 1st of 7 there, before
  //   retransmittedFin (05).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   TIME-WAIT --rcv SYN above RCV.NXT--> SYN-RECEIVED
  //     timeWaitReopen on, passive open: a new incarnation; ISS = SND.NXT + 65537, IRS = SEG.SEQ, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> (RFC 9293 §3.6.1 (MAY-2); lessons/en/05-time-wait.md#retransmitted-fin)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   SND.UNA (tcb.snd.una), SND.NXT (tcb.snd.nxt), SND.WND (tcb.snd.wnd),
  //             RCV.NXT (tcb.rcv.nxt), ISS (tcb.iss), IRS (tcb.irs), tcb.sendBuffer, tcb.fin,
  //             tcb.ackOwed, tcb.held, tcb.rto, tcb.retries, tcb.probesOut, tcb.rcvClosed, tcb.quickAcks
  //   timers:   ctx.cancelTimer('time-wait')
  //   sends:    ctx.send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('05-time-wait', 'reopenOnSyn');
};

/**
 * The only thing that should arrive is a retransmission of the peer's FIN (our last ACK was lost):
 * acknowledge it and restart the 2 MSL timeout. Checked before the sequence test, which would ACK
 * it as an old duplicate but not restart the timer.
 */
export const retransmittedFin: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in TIME-WAIT once every earlier function returned 'continue':
  //   2nd of 7 there, after reopenOnSyn (05), before ignoreRst (05).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   TIME-WAIT --rcv FIN--> TIME-WAIT
  //     a retransmitted FIN: acknowledge it again and restart the 2*MSL timer (RFC 9293 §3.10.7.4; lessons/en/05-time-wait.md#retransmitted-fin)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   timers:   ctx.setTimer('time-wait', …)
  //   sends:    ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('05-time-wait', 'retransmittedFin');
};

/**
 * RFC 1337 §3: with rfc1337 on, a RST must not cut TIME-WAIT short ("TIME-WAIT assassination").
 * Linux (timeWaitAcks) believes only a RST at exactly RCV.NXT and drops any other without the
 * challenge ACK of RFC 5961 §3.2.
 */
export const ignoreRst: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in TIME-WAIT once every earlier function returned 'continue':
  //   3rd of 7 there, after retransmittedFin (05), before checkSequence (01).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   TIME-WAIT --rcv RST ignored--> TIME-WAIT
  //     rfc1337 on: a RST must not end TIME-WAIT early (RFC 1337 §3); timeWaitAcks on: a RST not at RCV.NXT is dropped (RFC 9293 §3.6.1; lessons/en/05-time-wait.md#what-it-protects)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('05-time-wait', 'ignoreRst');
};

/**
 * Fifth step in TIME-WAIT: nothing new can arrive; an acceptable segment is ignored. Linux
 * (timeWaitAcks) restarts the 2 MSL timer on an ACK, and acknowledges text instead of ignoring it.
 */
export const checkAck: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in TIME-WAIT once every earlier function returned 'continue':
  //   7th of 7 there, after checkSyn (08), the last.
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   TIME-WAIT --rcv ACK--> TIME-WAIT
  //     nothing new can arrive: ignore it (RFC 9293 §3.10.7.4; lessons/en/05-time-wait.md#retransmitted-fin)
  //   TIME-WAIT --rcv ACK, restart--> TIME-WAIT
  //     timeWaitAcks on: restart the 2*MSL timer; acknowledge any text with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 9293 §3.10.7.4 (Linux tcp_timewait_state_process answers otherwise); lessons/en/05-time-wait.md#retransmitted-fin)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   timers:   ctx.setTimer('time-wait', …)
  //   sends:    ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'done'
  throw new NotImplemented('05-time-wait', 'checkAck');
};

/** TIME-WAIT TIMEOUT (RFC 9293 §3.10.8): delete the TCB. */
export const timeWaitTimeout: TimeoutHandler = (_conn, ctx) => {
  // Called when the 'time-wait' timer expires.
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   TIME-WAIT --timeout 2MSL--> CLOSED
  //     delete the TCB (RFC 9293 §3.10.8; lessons/en/05-time-wait.md#why-2msl)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  throw new NotImplemented('05-time-wait', 'timeWaitTimeout');
};
