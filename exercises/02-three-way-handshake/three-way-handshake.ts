// Exercise 02-three-way-handshake: write the 6 functions whose body says TODO, then run
//   npm run test:exercises -- 02
// Hints: exercises/02-three-way-handshake/hints.en.md (中文: hints.zh-CN.md). README: exercises/02-three-way-handshake/README.md
// Conventions (ctx.go, ctx.send or tcb.ackOwed, 'continue' or 'done'): exercises/README.md#conventions
/**
 * 02 · The three-way handshake: OPEN, a SYN arriving in LISTEN, SYN,ACK in SYN-SENT, the ACK that
 * completes the handshake in SYN-RECEIVED, and simultaneous open.
 *
 * Read first: RFC 9293 §3.5 (Figures 6 to 8), §3.10.1 (OPEN), §3.10.7.2 (LISTEN), §3.10.7.3
 * (SYN-SENT), §3.10.7.4 fifth step (SYN-RECEIVED). Lesson: lessons/en/02-three-way-handshake.md
 */
import type { CallHandler, SegmentStep } from '../../grader/engine/modules.js';
import { NotImplemented } from '../../grader/engine/not-implemented.js';
import type { UserCall } from '../../grader/engine/types.js';

/** RFC 9293 §3.10.1 OPEN. */
export const open: CallHandler<Extract<UserCall, { call: 'OPEN' }>> = (conn, call, ctx) => {
  // Called for the user's OPEN call, in every state (one case per state, as RFC 9293 §3.10 lists
  //   them).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   CLOSED --OPEN passive--> LISTEN
  //     create the TCB and wait for a SYN (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   CLOSED --OPEN active--> SYN-SENT
  //     select ISS, send <SEQ=ISS><CTL=SYN>, SND.UNA = ISS, SND.NXT = ISS+1 (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   LISTEN --OPEN--> LISTEN
  //     error: connection already exists (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   SYN-SENT --OPEN--> SYN-SENT
  //     error: connection already exists (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   SYN-RECEIVED --OPEN--> SYN-RECEIVED
  //     error: connection already exists (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   ESTABLISHED --OPEN--> ESTABLISHED
  //     error: connection already exists (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   FIN-WAIT-1 --OPEN--> FIN-WAIT-1
  //     error: connection already exists (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   FIN-WAIT-2 --OPEN--> FIN-WAIT-2
  //     error: connection already exists (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   CLOSE-WAIT --OPEN--> CLOSE-WAIT
  //     error: connection already exists (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   CLOSING --OPEN--> CLOSING
  //     error: connection already exists (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   LAST-ACK --OPEN--> LAST-ACK
  //     error: connection already exists (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   TIME-WAIT --OPEN--> TIME-WAIT
  //     error: connection already exists (RFC 9293 §3.10.1; lessons/en/02-three-way-handshake.md#handshake-steps)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   SND.UNA (tcb.snd.una), SND.NXT (tcb.snd.nxt), ISS (tcb.iss), tcb.keepAlive
  //   sends:    ctx.send <SEQ=ISS><CTL=SYN>
  //   notices:  ctx.notify({ kind: 'error', call: 'OPEN', message: 'connection already exists' })
  //   state:    ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)
  throw new NotImplemented('02-three-way-handshake', 'open');
};

/** LISTEN, third step: a SYN (RST and ACK were checked before). */
export const listenCheckSyn: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in LISTEN once every earlier function returned 'continue': 3rd
  //   of 4 there, after listenCheckAck (03), before listenOther (03).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   LISTEN --rcv SYN--> SYN-RECEIVED
  //     RCV.NXT = SEG.SEQ+1, IRS = SEG.SEQ, select ISS, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> (RFC 9293 §3.10.7.2; lessons/en/02-three-way-handshake.md#handshake-steps)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   SND.UNA (tcb.snd.una), SND.NXT (tcb.snd.nxt), SND.WND (tcb.snd.wnd),
  //             RCV.NXT (tcb.rcv.nxt), ISS (tcb.iss), IRS (tcb.irs)
  //   sends:    ctx.send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('02-three-way-handshake', 'listenCheckSyn');
};

/** SYN-SENT, fourth step: the SYN bit (the ACK, if any, is known to be acceptable by now). */
export const synSentCheckSyn: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in SYN-SENT once every earlier function returned 'continue': 3rd
  //   of 6 there, after synSentCheckRst (03), before synSentOther (03).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-SENT --rcv SYN,ACK--> ESTABLISHED
  //     our SYN is acknowledged: RCV.NXT = SEG.SEQ+1, SND.UNA = SEG.ACK, send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 9293 §3.10.7.3; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   SYN-SENT --rcv SYN--> SYN-RECEIVED
  //     simultaneous open: send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> (RFC 9293 §3.10.7.3; lessons/en/02-three-way-handshake.md#simultaneous-open)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   SND.UNA (tcb.snd.una), SND.WND (tcb.snd.wnd), RCV.NXT (tcb.rcv.nxt), IRS (tcb.irs),
  //             tcb.rto, tcb.retries
  //   timers:   ctx.cancelTimer('retransmission')
  //   sends:    ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>,
  //             ctx.send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
  //   notices:  ctx.notify({ kind: 'connected' })
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('02-three-way-handshake', 'synSentCheckSyn');
};

/**
 * SYN-RECEIVED reached by a simultaneous open: the peer's SYN,ACK repeats the SYN we already have and
 * acknowledges ours. RFC 9293 Figure 7 (line 7) enters ESTABLISHED on it with nothing more to send;
 * read literally, the first step would call it a duplicate and only ACK it.
 */
export const synReceivedCrossedSynAck: SegmentStep = (conn, seg, ctx) => {
  // Called for every segment that arrives in SYN-RECEIVED, whatever its flags: 1st of 8 there, before
  //   synReceivedDuplicateSyn (02).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-RECEIVED --rcv SYN,ACK--> ESTABLISHED
  //     simultaneous open: the peer's SYN,ACK acknowledges our SYN (Figure 7 line 7) (RFC 9293 §3.5; lessons/en/02-three-way-handshake.md#simultaneous-open)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   SND.UNA (tcb.snd.una), SND.WND (tcb.snd.wnd), tcb.rto, tcb.retries
  //   timers:   ctx.cancelTimer('retransmission')
  //   notices:  ctx.notify({ kind: 'connected' })
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('02-three-way-handshake', 'synReceivedCrossedSynAck');
};

/**
 * SYN-RECEIVED after a passive open, before the sequence check: the peer's SYN again, alone and at
 * SEG.SEQ = IRS, means it has not seen our SYN,ACK. RFC 9293 §3.10.7.4 would call it an old duplicate
 * and answer with an ACK; Linux (dupSynSynAck) sends the SYN,ACK again and restarts its timer.
 */
export const synReceivedDuplicateSyn: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in SYN-RECEIVED once every earlier function returned 'continue':
  //   2nd of 8 there, after synReceivedCrossedSynAck (02), before checkSequence (01).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-RECEIVED --rcv duplicate SYN--> SYN-RECEIVED
  //     dupSynSynAck on, passive open: the peer's SYN again (SEG.SEQ = IRS): send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> again (RFC 9293 §3.10.7.4 (Linux tcp_check_req answers otherwise); lessons/en/03-handshake-failures.md#lost-synack)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   timers:   ctx.setTimer('retransmission', …)
  //   sends:    ctx.send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('02-three-way-handshake', 'synReceivedDuplicateSyn');
};

/** SYN-RECEIVED, fifth step: the ACK that completes the handshake. */
export const synReceivedCheckAck: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in SYN-RECEIVED once every earlier function returned 'continue':
  //   6th of 8 there, after checkSyn (08), before processText (01).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-RECEIVED --rcv ACK--> ESTABLISHED
  //     SND.UNA < SEG.ACK =< SND.NXT: the handshake is complete (RFC 9293 §3.10.7.4; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   SYN-RECEIVED --rcv unacceptable ACK--> SYN-RECEIVED
  //     the ACK does not acknowledge our SYN: send <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.4; lessons/en/08-resets.md#generation)
  //   SYN-RECEIVED --rcv segment without ACK--> SYN-RECEIVED
  //     fifth step: the ACK bit is off, drop the segment (RFC 9293 §3.10.7.4; lessons/en/02-three-way-handshake.md#data-on-syn)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   SND.UNA (tcb.snd.una), SND.WND (tcb.snd.wnd), tcb.rto, tcb.retries
  //   timers:   ctx.cancelTimer('retransmission')
  //   sends:    ctx.send <SEQ=SEG.ACK><CTL=RST>
  //   notices:  ctx.notify({ kind: 'connected' })
  //   state:    ctx.go(id), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('02-three-way-handshake', 'synReceivedCheckAck');
};
