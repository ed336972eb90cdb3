// Exercise 01-sequence-numbers: write the 12 functions whose body says TODO, then run
//   npm run test:exercises -- 01
// Hints: exercises/01-sequence-numbers/hints.en.md (中文: hints.zh-CN.md). README: exercises/01-sequence-numbers/README.md
// Conventions (ctx.go, ctx.send or tcb.ackOwed, 'continue' or 'done'): exercises/README.md#conventions
/**
 * 01 · Sequence numbers: arithmetic modulo 2^32, the acceptability test, SEND and RECEIVE, ACK and
 * text processing, and the output routine that sends queued data.
 *
 * Read first: RFC 9293 §3.4 (sequence numbers), §3.10.2 (SEND), §3.10.3 (RECEIVE), §3.10.7.4 first,
 * fifth and seventh steps; RFC 6298 §5 (the retransmission timer). Lesson: lessons/en/01-sequence-numbers.md
 */
import type { Before, CallHandler, Conn, Ctx, SegmentStep, TimeoutHandler } from '../../grader/engine/modules.js';
import { NotImplemented } from '../../grader/engine/not-implemented.js';
import type { Segment, Tcb, UserCall } from '../../grader/engine/types.js';

// ---- arithmetic (RFC 9293 §3.4) -------------------------------------------------------------------

/** a < b modulo 2^32: the signed 32-bit difference is negative (valid while they are < 2^31 apart). */
export function seqLt(a: number, b: number): boolean {
  // TODO: a < b modulo 2^32: the signed 32-bit difference is negative (valid while they are < 2^31
  //   apart).
  throw new NotImplemented('01-sequence-numbers', 'seqLt');
}

/** a =< b modulo 2^32. */
export function seqLeq(a: number, b: number): boolean {
  // TODO: a =< b modulo 2^32.
  throw new NotImplemented('01-sequence-numbers', 'seqLeq');
}

/** a > b modulo 2^32. */
export function seqGt(a: number, b: number): boolean {
  // TODO: a > b modulo 2^32.
  throw new NotImplemented('01-sequence-numbers', 'seqGt');
}

/** a >= b modulo 2^32. */
export function seqGeq(a: number, b: number): boolean {
  // TODO: a >= b modulo 2^32.
  throw new NotImplemented('01-sequence-numbers', 'seqGeq');
}

/** a + n (n may be negative), wrapped into 0 .. 2^32-1. */
export function seqAdd(a: number, n: number): number {
  // TODO: a + n (n may be negative), wrapped into 0 .. 2^32-1.
  throw new NotImplemented('01-sequence-numbers', 'seqAdd');
}

/** SEG.LEN counts the octets of data and one each for SYN and FIN (RFC 9293 §3.4). */
export function segmentLength(seg: Segment): number {
  // TODO: SEG.LEN counts the octets of data and one each for SYN and FIN (RFC 9293 §3.4).
  throw new NotImplemented('01-sequence-numbers', 'segmentLength');
}

/** RFC 9293 §3.10.7.4, Table 6: the four cases of the acceptability test. */
export function isAcceptable(seg: Segment, rcvNxt: number, rcvWnd: number): boolean {
  // TODO: RFC 9293 §3.10.7.4, Table 6: the four cases of the acceptability test.
  throw new NotImplemented('01-sequence-numbers', 'isAcceptable');
}

// ---- user calls ---------------------------------------------------------------------------------

/** RFC 9293 §3.10.2 SEND, one case per state. */
export const send: CallHandler<Extract<UserCall, { call: 'SEND' }>> = (conn, call, ctx) => {
  // Called for the user's SEND call, in every state (one case per state, as RFC 9293 §3.10 lists
  //   them).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   CLOSED --SEND--> CLOSED
  //     error: connection does not exist (RFC 9293 §3.10.2; lessons/en/01-sequence-numbers.md#sequence-space)
  //   LISTEN --SEND--> LISTEN
  //     error: foreign socket unspecified (a listener has no peer yet) (RFC 9293 §3.10.2; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   SYN-SENT --SEND--> SYN-SENT
  //     queue the data until the connection is established (RFC 9293 §3.10.2; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   SYN-RECEIVED --SEND--> SYN-RECEIVED
  //     queue the data until the connection is established (RFC 9293 §3.10.2; lessons/en/02-three-way-handshake.md#handshake-steps)
  //   ESTABLISHED --SEND--> ESTABLISHED
  //     queue the data and send what the window allows (RFC 9293 §3.10.2; lessons/en/01-sequence-numbers.md#what-consumes)
  //   CLOSE-WAIT --SEND--> CLOSE-WAIT
  //     queue the data and send what the window allows (RFC 9293 §3.10.2; lessons/en/04-four-way-close.md#half-close)
  //   FIN-WAIT-1 --SEND--> FIN-WAIT-1
  //     error: connection closing (RFC 9293 §3.10.2; lessons/en/04-four-way-close.md#why)
  //   FIN-WAIT-2 --SEND--> FIN-WAIT-2
  //     error: connection closing (RFC 9293 §3.10.2; lessons/en/04-four-way-close.md#why)
  //   CLOSING --SEND--> CLOSING
  //     error: connection closing (RFC 9293 §3.10.2; lessons/en/04-four-way-close.md#why)
  //   LAST-ACK --SEND--> LAST-ACK
  //     error: connection closing (RFC 9293 §3.10.2; lessons/en/04-four-way-close.md#why)
  //   TIME-WAIT --SEND--> TIME-WAIT
  //     error: connection closing (RFC 9293 §3.10.2; lessons/en/04-four-way-close.md#why)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   tcb.sendBuffer
  //   notices:  ctx.notify({ kind: 'error', call: 'SEND', message: 'connection does not exist' }),
  //             ctx.notify({ kind: 'error', call: 'SEND', message: 'foreign socket unspecified' }),
  //             ctx.notify({ kind: 'error', call: 'SEND', message: 'connection closing' })
  //   state:    ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)
  throw new NotImplemented('01-sequence-numbers', 'send');
};

/**
 * RFC 9293 §3.10.3 RECEIVE. Data is handed to the user as soon as it arrives in order (a `data`
 * notice), as if a RECEIVE were always outstanding, so RECEIVE only reports the error cases.
 */
export const receive: CallHandler<Extract<UserCall, { call: 'RECEIVE' }>> = (conn, _call, ctx) => {
  // Called for the user's RECEIVE call, in every state (one case per state, as RFC 9293 §3.10 lists
  //   them).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   CLOSED --RECEIVE--> CLOSED
  //     error: connection does not exist (RFC 9293 §3.10.3; lessons/en/01-sequence-numbers.md#sequence-space)
  //   LISTEN --RECEIVE--> LISTEN
  //     ok: data is delivered to the user as it arrives in order (RFC 9293 §3.10.3; lessons/en/02-three-way-handshake.md#data-on-syn)
  //   SYN-SENT --RECEIVE--> SYN-SENT
  //     ok: data is delivered to the user as it arrives in order (RFC 9293 §3.10.3; lessons/en/02-three-way-handshake.md#data-on-syn)
  //   SYN-RECEIVED --RECEIVE--> SYN-RECEIVED
  //     ok: data is delivered to the user as it arrives in order (RFC 9293 §3.10.3; lessons/en/02-three-way-handshake.md#data-on-syn)
  //   ESTABLISHED --RECEIVE--> ESTABLISHED
  //     ok: data is delivered to the user as it arrives in order (RFC 9293 §3.10.3; lessons/en/01-sequence-numbers.md#why)
  //   FIN-WAIT-1 --RECEIVE--> FIN-WAIT-1
  //     ok: data is delivered to the user as it arrives in order (RFC 9293 §3.10.3; lessons/en/04-four-way-close.md#half-close)
  //   FIN-WAIT-2 --RECEIVE--> FIN-WAIT-2
  //     ok: data is delivered to the user as it arrives in order (RFC 9293 §3.10.3; lessons/en/04-four-way-close.md#half-close)
  //   CLOSE-WAIT --RECEIVE--> CLOSE-WAIT
  //     error: connection closing (the peer has sent FIN and all data was delivered) (RFC 9293 §3.10.3; lessons/en/06-close-wait.md#what-it-means)
  //   CLOSING --RECEIVE--> CLOSING
  //     error: connection closing (the peer has sent FIN and all data was delivered) (RFC 9293 §3.10.3; lessons/en/04-four-way-close.md#simultaneous-close)
  //   LAST-ACK --RECEIVE--> LAST-ACK
  //     error: connection closing (the peer has sent FIN and all data was delivered) (RFC 9293 §3.10.3; lessons/en/06-close-wait.md#what-it-means)
  //   TIME-WAIT --RECEIVE--> TIME-WAIT
  //     error: connection closing (the peer has sent FIN and all data was delivered) (RFC 9293 §3.10.3; lessons/en/04-four-way-close.md#normal-close)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   notices:  ctx.notify({ kind: 'error', call: 'RECEIVE', message: 'connection does not exist' }),
  //             ctx.notify({ kind: 'error', call: 'RECEIVE', message: 'connection closing' })
  //   state:    ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)
  throw new NotImplemented('01-sequence-numbers', 'receive');
};

// ---- SEGMENT ARRIVES in synchronized states (RFC 9293 §3.10.7.4) --------------------------------

function sendAck(tcb: Tcb, ctx: Ctx): void {
  ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'ACK' });
}

/** First, check sequence number: an unacceptable segment gets an ACK (a RST is dropped silently). */
export const checkSequence: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in SYN-RECEIVED once every earlier function returned 'continue':
  //   3rd of 8 there, after synReceivedDuplicateSyn (02), before checkRst (08).
  // Called for every segment that arrives in ESTABLISHED or CLOSE-WAIT, whatever its flags: 1st of 6
  //   there, before checkRst (08).
  // Called for every segment that arrives in FIN-WAIT-1, FIN-WAIT-2, CLOSING or LAST-ACK, whatever its
  //   flags: 1st of 8 there, before checkRst (08).
  // Called for a segment that arrives in TIME-WAIT once every earlier function returned 'continue':
  //   4th of 7 there, after ignoreRst (05), before checkRst (08).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   SYN-RECEIVED --rcv unacceptable segment--> SYN-RECEIVED
  //     fails the acceptability test: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it (drop a RST silently) (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#unacceptable)
  //   ESTABLISHED --rcv unacceptable segment--> ESTABLISHED
  //     fails the acceptability test: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it (drop a RST silently) (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#unacceptable)
  //   FIN-WAIT-1 --rcv unacceptable segment--> FIN-WAIT-1
  //     fails the acceptability test: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it (drop a RST silently) (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#unacceptable)
  //   FIN-WAIT-2 --rcv unacceptable segment--> FIN-WAIT-2
  //     fails the acceptability test: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it (drop a RST silently) (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#unacceptable)
  //   CLOSE-WAIT --rcv unacceptable segment--> CLOSE-WAIT
  //     fails the acceptability test: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it (drop a RST silently) (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#unacceptable)
  //   CLOSING --rcv unacceptable segment--> CLOSING
  //     fails the acceptability test: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it (drop a RST silently) (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#unacceptable)
  //   LAST-ACK --rcv unacceptable segment--> LAST-ACK
  //     fails the acceptability test: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it (drop a RST silently) (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#unacceptable)
  //   TIME-WAIT --rcv unacceptable segment--> TIME-WAIT
  //     fails the acceptability test: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it (drop a RST silently) (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#unacceptable)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   tcb.ackOwed
  //   timers:   ctx.cancelTimer('delayed-ack')
  //   sends:    ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
  //   state:    ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('01-sequence-numbers', 'checkSequence');
};

/** Octets of ours in flight that are sequence space but not data: an unacknowledged SYN, a sent FIN. */
function controlsInFlight(tcb: Tcb): number {
  return (tcb.snd.una === tcb.iss ? 1 : 0) + (tcb.fin === 'sent' ? 1 : 0);
}

/** Fifth, check the ACK field, as in ESTABLISHED (the closing states add their own checks after this). */
export const processAck: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in ESTABLISHED or CLOSE-WAIT once every earlier function
  //   returned 'continue': 4th of 6 there, after checkSyn (08), before processText (01).
  // Called for a segment that arrives in FIN-WAIT-1, FIN-WAIT-2, CLOSING or LAST-ACK once every
  //   earlier function returned 'continue': 4th of 8 there, after checkSyn (08), before checkAckOfFin
  //   (04).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   ESTABLISHED --rcv segment without ACK--> ESTABLISHED
  //     fifth step: the ACK bit is off, drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   FIN-WAIT-1 --rcv segment without ACK--> FIN-WAIT-1
  //     fifth step: the ACK bit is off, drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   FIN-WAIT-2 --rcv segment without ACK--> FIN-WAIT-2
  //     fifth step: the ACK bit is off, drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   CLOSE-WAIT --rcv segment without ACK--> CLOSE-WAIT
  //     fifth step: the ACK bit is off, drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   CLOSING --rcv segment without ACK--> CLOSING
  //     fifth step: the ACK bit is off, drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   LAST-ACK --rcv segment without ACK--> LAST-ACK
  //     fifth step: the ACK bit is off, drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   ESTABLISHED --rcv ACK--> ESTABLISHED
  //     SND.UNA < SEG.ACK =< SND.NXT: advance SND.UNA and update SND.WND; a duplicate ACK is ignored (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1
  //     SND.UNA < SEG.ACK =< SND.NXT: advance SND.UNA and update SND.WND; a duplicate ACK is ignored (RFC 9293 §3.10.7.4; lessons/en/04-four-way-close.md#normal-close)
  //   FIN-WAIT-2 --rcv ACK--> FIN-WAIT-2
  //     SND.UNA < SEG.ACK =< SND.NXT: advance SND.UNA and update SND.WND; a duplicate ACK is ignored (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   CLOSE-WAIT --rcv ACK--> CLOSE-WAIT
  //     SND.UNA < SEG.ACK =< SND.NXT: advance SND.UNA and update SND.WND; a duplicate ACK is ignored (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   CLOSING --rcv ACK--> CLOSING
  //     SND.UNA < SEG.ACK =< SND.NXT: advance SND.UNA and update SND.WND; a duplicate ACK is ignored (RFC 9293 §3.10.7.4; lessons/en/04-four-way-close.md#normal-close)
  //   LAST-ACK --rcv ACK--> LAST-ACK
  //     SND.UNA < SEG.ACK =< SND.NXT: advance SND.UNA and update SND.WND; a duplicate ACK is ignored (RFC 9293 §3.10.7.4; lessons/en/04-four-way-close.md#normal-close)
  //   ESTABLISHED --rcv ACK of unsent data--> ESTABLISHED
  //     SEG.ACK > SND.NXT: send an ACK and drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   FIN-WAIT-1 --rcv ACK of unsent data--> FIN-WAIT-1
  //     SEG.ACK > SND.NXT: send an ACK and drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   FIN-WAIT-2 --rcv ACK of unsent data--> FIN-WAIT-2
  //     SEG.ACK > SND.NXT: send an ACK and drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   CLOSE-WAIT --rcv ACK of unsent data--> CLOSE-WAIT
  //     SEG.ACK > SND.NXT: send an ACK and drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   CLOSING --rcv ACK of unsent data--> CLOSING
  //     SEG.ACK > SND.NXT: send an ACK and drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  //   LAST-ACK --rcv ACK of unsent data--> LAST-ACK
  //     SEG.ACK > SND.NXT: send an ACK and drop the segment (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#sequence-space)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   SND.UNA (tcb.snd.una), SND.WND (tcb.snd.wnd), tcb.sendBuffer, tcb.ackOwed, tcb.rto,
  //             tcb.retries
  //   timers:   ctx.setTimer('retransmission', …), ctx.cancelTimer('delayed-ack'),
  //             ctx.cancelTimer('retransmission')
  //   sends:    ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
  //   state:    ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('01-sequence-numbers', 'processAck');
};
/** Seventh, process the segment text (ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2; other states ignore it). */
export const processText: SegmentStep = (conn, seg, ctx) => {
  // Called for a segment that arrives in SYN-SENT once every earlier function returned 'continue': 5th
  //   of 6 there, after synSentOther (03), before checkFin (04).
  // Called for a segment that arrives in SYN-RECEIVED once every earlier function returned 'continue':
  //   7th of 8 there, after synReceivedCheckAck (02), before checkFin (04).
  // Called for a segment that arrives in ESTABLISHED or CLOSE-WAIT once every earlier function
  //   returned 'continue': 5th of 6 there, after processAck (01), before checkFin (04).
  // Called for a segment that arrives in FIN-WAIT-1, FIN-WAIT-2, CLOSING or LAST-ACK once every
  //   earlier function returned 'continue': 7th of 8 there, after refuseDataAfterClose (04), before
  //   checkFin (04).
  // TODO: make these transitions happen (see the doc comment above, and the hints):
  //   ESTABLISHED --rcv data--> ESTABLISHED
  //     seventh step: deliver the text, advance RCV.NXT, acknowledge (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#what-consumes)
  //   FIN-WAIT-1 --rcv data--> FIN-WAIT-1
  //     seventh step: deliver the text, advance RCV.NXT, acknowledge (RFC 9293 §3.10.7.4; lessons/en/04-four-way-close.md#half-close)
  //   FIN-WAIT-2 --rcv data--> FIN-WAIT-2
  //     seventh step: deliver the text, advance RCV.NXT, acknowledge (RFC 9293 §3.10.7.4; lessons/en/04-four-way-close.md#half-close)
  //   ESTABLISHED --rcv data ahead of RCV.NXT--> ESTABLISHED
  //     hold a segment that starts beyond RCV.NXT (SHLD-31) and send a duplicate ACK for RCV.NXT (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#acceptability)
  //   FIN-WAIT-1 --rcv data ahead of RCV.NXT--> FIN-WAIT-1
  //     hold a segment that starts beyond RCV.NXT (SHLD-31) and send a duplicate ACK for RCV.NXT (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#acceptability)
  //   FIN-WAIT-2 --rcv data ahead of RCV.NXT--> FIN-WAIT-2
  //     hold a segment that starts beyond RCV.NXT (SHLD-31) and send a duplicate ACK for RCV.NXT (RFC 9293 §3.10.7.4; lessons/en/01-sequence-numbers.md#acceptability)
  // Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):
  //   writes:   RCV.NXT (tcb.rcv.nxt), tcb.ackOwed, tcb.held
  //   timers:   ctx.cancelTimer('delayed-ack')
  //   sends:    ctx.send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
  //   notices:  ctx.notify({ kind: 'data', data: … })
  //   state:    ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)
  //   returns:  'continue' or 'done'
  throw new NotImplemented('01-sequence-numbers', 'processText');
};

/** @provided A held segment that no longer starts beyond RCV.NXT, taken off the hold queue. */
export function takeHeld(conn: Conn): Segment | undefined {
  const { tcb } = conn;
  // Nearly always empty: then no new array and no search (this runs after every segment).
  if (tcb.held.length === 0) return undefined;
  if (conn.state !== 'ESTABLISHED' && conn.state !== 'FIN-WAIT-1' && conn.state !== 'FIN-WAIT-2') {
    tcb.held = [];
    return undefined;
  }
  const index = tcb.held.findIndex((h) => !seqGt(h.flags.syn ? seqAdd(h.seq, 1) : h.seq, tcb.rcv.nxt));
  if (index < 0) return undefined;
  return tcb.held.splice(index, 1)[0];
}

// ---- output ---------------------------------------------------------------------------------------

/** Send the queued data the window allows, then our FIN once CLOSE asked for it. True if anything went. */
function transmitQueued(conn: Conn, ctx: Ctx): boolean {
  const { tcb } = conn;
  // CLOSE in SYN-RECEIVED with data queued: data and FIN wait until our SYN is acknowledged
  // (RFC 9293 §3.10.4: "queue for processing after entering ESTABLISHED state").
  if (tcb.snd.una === tcb.iss && tcb.sendBuffer.length > 0) return false;
  const finAllowed = conn.state === 'FIN-WAIT-1' || conn.state === 'LAST-ACK';
  const inFlight = (tcb.snd.nxt - tcb.snd.una) >>> 0;
  let sentData = inFlight - controlsInFlight(tcb);
  let window = tcb.snd.wnd - inFlight;
  let sent = false;
  while (sentData < tcb.sendBuffer.length && window > 0) {
    const size = Math.min(ctx.config.mss, tcb.sendBuffer.length - sentData, window);
    const data = tcb.sendBuffer.slice(sentData, sentData + size);
    sentData += size;
    window -= size;
    // The FIN rides on the last data segment when CLOSE has been called.
    const fin = finAllowed && tcb.fin === 'queued' && sentData === tcb.sendBuffer.length;
    ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: fin ? 'FIN,ACK' : 'ACK', data });
    tcb.snd.nxt = seqAdd(tcb.snd.nxt, size + (fin ? 1 : 0));
    if (fin) tcb.fin = 'sent';
    sent = true;
  }
  if (finAllowed && tcb.fin === 'queued' && sentData === tcb.sendBuffer.length) {
    ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'FIN,ACK' });
    tcb.snd.nxt = seqAdd(tcb.snd.nxt, 1);
    tcb.fin = 'sent';
    sent = true;
  }
  return sent;
}

/**
 * @provided (given to students ready-made: it is plumbing, not a rule of the state machine)
 * After every event: send what is queued, settle an owed ACK (at once, or after delayedAckMs unless
 * two segments are owed), and keep the retransmission timer running while anything is unacknowledged
 * (RFC 6298 (5.1), (5.2)).
 */
export function output(conn: Conn, ctx: Ctx, before: Before): void {
  const { tcb } = conn;
  const state = conn.state;
  const sending = state === 'ESTABLISHED' || state === 'CLOSE-WAIT' || state === 'FIN-WAIT-1' || state === 'LAST-ACK';
  const sent = sending && transmitQueued(conn, ctx);
  if (sent) {
    tcb.ackOwed = 0;
    ctx.cancelTimer('delayed-ack');
  } else if (tcb.ackOwed > 0) {
    // Linux acknowledges the first quickAckSegments data segments at once (quick-ack); a FIN, which
    // changes the state, still waits so that our own FIN may ride with its ACK.
    const quick = tcb.quickAcks > 0 && before.received && before.state === state;
    if (ctx.config.delayedAckMs === 0 || tcb.ackOwed >= 2 || quick) {
      if (quick) tcb.quickAcks -= 1;
      sendAck(tcb, ctx);
      tcb.ackOwed = 0;
      ctx.cancelTimer('delayed-ack');
    } else if (ctx.timer('delayed-ack') === undefined) {
      ctx.setTimer('delayed-ack', ctx.config.delayedAckMs);
    }
  }
  if (state === 'CLOSED' || state === 'LISTEN' || state === 'TIME-WAIT') return;
  if (tcb.snd.una !== tcb.snd.nxt) {
    if (ctx.timer('retransmission') === undefined) ctx.setTimer('retransmission', tcb.rto);
  } else {
    ctx.cancelTimer('retransmission');
  }
}

/** @provided The delayed ACK is due: send it (RFC 9293 §3.8.6.3). */
export const delayedAckTimeout: TimeoutHandler = (conn, ctx) => {
  sendAck(conn.tcb, ctx);
  conn.tcb.ackOwed = 0;
  ctx.stay('timeout delayed ACK');
};
