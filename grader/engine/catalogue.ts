/**
 * The transition catalogue: every edge of the RFC 9293 state diagram (§3.3.2, Figure 5) and every
 * event-processing rule of §3.10 that keeps the state, one entry each. Like h11's transition table it
 * is data: diagrams, docs, hints and scores are derived from it, and the engine refuses a step that
 * no entry describes.
 *
 * An id reads `FROM --event--> TO`. Rules that apply in several states (ACK an unacceptable segment,
 * challenge ACK, ...) get one entry per state, so a score can say in which state a rule is broken.
 * The rules are one literal (`as const`), so their ids form a union type, `TransitionId`: a typo in
 * `ctx.go('FIN-WAIT-1 --rcv FN--> CLOSING')` is a compile error, not a surprise at run time. What is
 * true of a rule is a field of it, never read from its wording: `provided` marks the plumbing given
 * to students ready-made, which is listed but not graded.
 */
import { STATES, SYNCHRONIZED_STATES, type State } from './types.js';

export type ExerciseId =
  | '01-sequence-numbers'
  | '02-three-way-handshake'
  | '03-handshake-failures'
  | '04-four-way-close'
  | '05-time-wait'
  | '07-keepalive'
  | '08-resets';

/** One line of the table: a rule for one state or for each of several. */
interface Rule {
  readonly from: State | readonly State[];
  readonly event: string;
  /** The state entered; `'same'`: each `from` state stays where it is. */
  readonly to: State | 'same';
  /** The exercise (topic module) whose code makes this step. */
  readonly exercise: ExerciseId;
  /** Where the rule comes from, e.g. `RFC 9293 §3.10.7.4`. */
  readonly rfc: string;
  /** One line: what happens. */
  readonly summary: string;
  /** Given to students ready-made (plumbing such as the delayed ACK): listed, never graded. */
  readonly provided?: true;
  /** A diagram edge the engine takes as two rules in one step (e.g. ACK of our FIN, then FIN). */
  readonly via?: readonly [string, string];
}

/** Every state but some, for a rule that applies in all the others. */
function allBut<X extends State>(...left: X[]): readonly Exclude<State, X>[] {
  return STATES.filter((s): s is Exclude<State, X> => !(left as State[]).includes(s));
}

/** Synchronized states whose segments take the full §3.10.7.4 path through ACK processing. */
const ACKING = ['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK'] as const;
/** States that can receive new text (RFC 9293 §3.10.7.4 seventh step). */
const RECEIVING = ['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2'] as const;
/** States with something of ours that may need retransmitting after the handshake. */
const RETRANSMITTING = ['ESTABLISHED', 'FIN-WAIT-1', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK'] as const;
const CLOSING_STATES = ['FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING', 'LAST-ACK', 'TIME-WAIT'] as const;

const SEQ = '01-sequence-numbers';
const HS = '02-three-way-handshake';
const HF = '03-handshake-failures';
const FC = '04-four-way-close';
const TW = '05-time-wait';
const KA = '07-keepalive';
const RS = '08-resets';

const RULES = [
  // ---- 01 sequence numbers: SEND, RECEIVE, sequence check, ACK and text processing ----------------
  {
    from: 'CLOSED',
    event: 'SEND',
    to: 'CLOSED',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.2',
    summary: 'error: connection does not exist',
  },
  {
    from: 'LISTEN',
    event: 'SEND',
    to: 'LISTEN',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.2',
    summary: 'error: foreign socket unspecified (a listener has no peer yet)',
  },
  {
    from: ['SYN-SENT', 'SYN-RECEIVED'],
    event: 'SEND',
    to: 'same',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.2',
    summary: 'queue the data until the connection is established',
  },
  {
    from: ['ESTABLISHED', 'CLOSE-WAIT'],
    event: 'SEND',
    to: 'same',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.2',
    summary: 'queue the data and send what the window allows',
  },
  {
    from: CLOSING_STATES,
    event: 'SEND',
    to: 'same',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.2',
    summary: 'error: connection closing',
  },
  {
    from: 'CLOSED',
    event: 'RECEIVE',
    to: 'CLOSED',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.3',
    summary: 'error: connection does not exist',
  },
  {
    from: ['LISTEN', 'SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2'],
    event: 'RECEIVE',
    to: 'same',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.3',
    summary: 'ok: data is delivered to the user as it arrives in order',
  },
  {
    from: ['CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT'],
    event: 'RECEIVE',
    to: 'same',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.3',
    summary: 'error: connection closing (the peer has sent FIN and all data was delivered)',
  },
  {
    from: SYNCHRONIZED_STATES,
    event: 'rcv unacceptable segment',
    to: 'same',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'fails the acceptability test: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it (drop a RST silently)',
  },
  {
    from: ACKING,
    event: 'rcv segment without ACK',
    to: 'same',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'fifth step: the ACK bit is off, drop the segment',
  },
  {
    from: ACKING,
    event: 'rcv ACK',
    to: 'same',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'SND.UNA < SEG.ACK =< SND.NXT: advance SND.UNA and update SND.WND; a duplicate ACK is ignored',
  },
  {
    from: ACKING,
    event: 'rcv ACK of unsent data',
    to: 'same',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'SEG.ACK > SND.NXT: send an ACK and drop the segment',
  },
  {
    from: RECEIVING,
    event: 'rcv data',
    to: 'same',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'seventh step: deliver the text, advance RCV.NXT, acknowledge',
  },
  {
    from: RECEIVING,
    event: 'rcv data ahead of RCV.NXT',
    to: 'same',
    exercise: SEQ,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'hold a segment that starts beyond RCV.NXT (SHLD-31) and send a duplicate ACK for RCV.NXT',
  },
  // Provided: the delayed ACK's timer handler is plumbing, given to students ready-made.
  {
    from: ['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT'],
    event: 'timeout delayed ACK',
    to: 'same',
    exercise: SEQ,
    provided: true,
    rfc: 'RFC 9293 §3.8.6.3',
    summary: 'the delayed ACK is due: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
  },
  // ---- 02 three-way handshake ----------------------------------------------------------------------
  {
    from: 'CLOSED',
    event: 'OPEN passive',
    to: 'LISTEN',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.1',
    summary: 'create the TCB and wait for a SYN',
  },
  {
    from: 'CLOSED',
    event: 'OPEN active',
    to: 'SYN-SENT',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.1',
    summary: 'select ISS, send <SEQ=ISS><CTL=SYN>, SND.UNA = ISS, SND.NXT = ISS+1',
  },
  {
    from: allBut('CLOSED'),
    event: 'OPEN',
    to: 'same',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.1',
    summary: 'error: connection already exists',
  },
  {
    from: 'LISTEN',
    event: 'rcv SYN',
    to: 'SYN-RECEIVED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.2',
    summary: 'RCV.NXT = SEG.SEQ+1, IRS = SEG.SEQ, select ISS, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>',
  },
  {
    from: 'SYN-SENT',
    event: 'rcv SYN,ACK',
    to: 'ESTABLISHED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.3',
    summary:
      'our SYN is acknowledged: RCV.NXT = SEG.SEQ+1, SND.UNA = SEG.ACK, send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
  },
  {
    from: 'SYN-SENT',
    event: 'rcv SYN',
    to: 'SYN-RECEIVED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.3',
    summary: 'simultaneous open: send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv ACK',
    to: 'ESTABLISHED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'SND.UNA < SEG.ACK =< SND.NXT: the handshake is complete',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv SYN,ACK',
    to: 'ESTABLISHED',
    exercise: HS,
    rfc: 'RFC 9293 §3.5',
    summary: "simultaneous open: the peer's SYN,ACK acknowledges our SYN (Figure 7 line 7)",
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv unacceptable ACK',
    to: 'SYN-RECEIVED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'the ACK does not acknowledge our SYN: send <SEQ=SEG.ACK><CTL=RST>',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv duplicate SYN',
    to: 'SYN-RECEIVED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.4 (Linux tcp_check_req answers otherwise)',
    summary:
      "dupSynSynAck on, passive open: the peer's SYN again (SEG.SEQ = IRS): send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> again",
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv segment without ACK',
    to: 'SYN-RECEIVED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'fifth step: the ACK bit is off, drop the segment',
  },
  // ---- 03 handshake failures: reset generation, early-state checks, retransmission, user timeout --
  {
    from: 'CLOSED',
    event: 'rcv RST',
    to: 'CLOSED',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.7.1',
    summary: 'an incoming RST is discarded',
  },
  {
    from: 'CLOSED',
    event: 'rcv segment without ACK',
    to: 'CLOSED',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.7.1',
    summary: 'send <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>',
  },
  {
    from: 'CLOSED',
    event: 'rcv segment with ACK',
    to: 'CLOSED',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.7.1',
    summary: 'send <SEQ=SEG.ACK><CTL=RST>',
  },
  {
    from: 'LISTEN',
    event: 'rcv RST',
    to: 'LISTEN',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.7.2',
    summary: 'an incoming RST is ignored',
  },
  {
    from: 'LISTEN',
    event: 'rcv ACK',
    to: 'LISTEN',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.7.2',
    summary: 'any acknowledgment is bad in LISTEN: send <SEQ=SEG.ACK><CTL=RST>',
  },
  {
    from: 'LISTEN',
    event: 'rcv other segment',
    to: 'LISTEN',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.7.2',
    summary: 'neither SYN, ACK nor RST: drop it',
  },
  {
    from: 'SYN-SENT',
    event: 'rcv unacceptable ACK',
    to: 'SYN-SENT',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.7.3',
    summary: 'SEG.ACK =< ISS or SEG.ACK > SND.NXT: send <SEQ=SEG.ACK><CTL=RST> (drop it if it is a RST)',
  },
  {
    from: 'SYN-SENT',
    event: 'rcv RST,ACK',
    to: 'CLOSED',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.7.3',
    summary: 'a RST with an acceptable ACK: the connection is refused',
  },
  {
    from: 'SYN-SENT',
    event: 'rcv RST',
    to: 'SYN-SENT',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.7.3',
    summary: 'a RST without an ACK: drop it',
  },
  {
    from: 'SYN-SENT',
    event: 'rcv segment without SYN',
    to: 'SYN-SENT',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.7.3',
    summary: 'fifth step: neither SYN nor RST: drop it',
  },
  {
    from: 'SYN-SENT',
    event: 'timeout retransmission',
    to: 'SYN-SENT',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.8',
    summary: 'retransmit the SYN, double the RTO (RFC 6298 §5.5)',
  },
  {
    from: 'SYN-SENT',
    event: 'timeout retransmission',
    to: 'CLOSED',
    exercise: HF,
    rfc: 'RFC 9293 §3.8.3',
    summary: 'synRetries retransmissions went unanswered: give up, tell the user "timed out"',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'timeout retransmission',
    to: 'SYN-RECEIVED',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.8',
    summary: 'retransmit the SYN,ACK, double the RTO',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'timeout retransmission',
    to: 'LISTEN',
    exercise: HF,
    rfc: 'RFC 9293 §3.8.3',
    summary: 'synAckRetries retransmissions went unanswered on a passive open: drop the half-open connection silently',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'timeout retransmission',
    to: 'CLOSED',
    exercise: HF,
    rfc: 'RFC 9293 §3.8.3',
    summary: 'synAckRetries retransmissions went unanswered on an active open: give up, tell the user "timed out"',
  },
  {
    from: RETRANSMITTING,
    event: 'timeout retransmission',
    to: 'same',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.8',
    summary: 'retransmit the earliest unacknowledged segment, double the RTO',
  },
  {
    from: RETRANSMITTING,
    event: 'timeout retransmission',
    to: 'CLOSED',
    exercise: HF,
    rfc: 'RFC 9293 §3.8.3',
    summary: 'dataRetries retransmissions went unanswered: drop the connection, tell the user "timed out"',
  },
  {
    from: ['SYN-SENT', 'SYN-RECEIVED', ...RETRANSMITTING],
    event: 'timeout user',
    to: 'CLOSED',
    exercise: HF,
    rfc: 'RFC 9293 §3.10.8',
    summary: 'data stayed unacknowledged for userTimeoutMs: flush, tell the user "timed out", delete the TCB',
  },
  // ---- 04 four-way close --------------------------------------------------------------------------
  {
    from: 'CLOSED',
    event: 'CLOSE',
    to: 'CLOSED',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.4',
    summary: 'error: connection does not exist',
  },
  { from: 'LISTEN', event: 'CLOSE', to: 'CLOSED', exercise: FC, rfc: 'RFC 9293 §3.10.4', summary: 'delete the TCB' },
  {
    from: 'SYN-SENT',
    event: 'CLOSE',
    to: 'CLOSED',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.4',
    summary: 'delete the TCB; queued data is discarded',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'CLOSE',
    to: 'FIN-WAIT-1',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.4',
    summary: 'send a FIN after any queued data',
  },
  {
    from: 'ESTABLISHED',
    event: 'CLOSE',
    to: 'FIN-WAIT-1',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.4',
    summary: 'send a FIN after any queued data',
  },
  {
    from: 'CLOSE-WAIT',
    event: 'CLOSE',
    to: 'LAST-ACK',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.4',
    summary: 'send a FIN after any queued data',
  },
  {
    from: ['FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING', 'LAST-ACK', 'TIME-WAIT'],
    event: 'CLOSE',
    to: 'same',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.4',
    summary: 'error: connection closing (no second FIN)',
  },
  {
    from: 'ESTABLISHED',
    event: 'rcv FIN',
    to: 'CLOSE-WAIT',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'eighth step: tell the user "closing", RCV.NXT over the FIN, acknowledge it',
  },
  {
    from: 'FIN-WAIT-1',
    event: 'rcv ACK of FIN',
    to: 'FIN-WAIT-2',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'our FIN is acknowledged',
  },
  {
    from: 'FIN-WAIT-1',
    event: 'rcv FIN',
    to: 'CLOSING',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'simultaneous close: their FIN before the ACK of ours; acknowledge it',
  },
  {
    from: 'FIN-WAIT-2',
    event: 'rcv FIN',
    to: 'TIME-WAIT',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'acknowledge the FIN, start the 2*MSL timer, turn off the other timers',
  },
  {
    from: 'FIN-WAIT-1',
    event: 'rcv FIN,ACK',
    to: 'TIME-WAIT',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'one segment acknowledges our FIN and carries theirs',
    via: ['FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2', 'FIN-WAIT-2 --rcv FIN--> TIME-WAIT'],
  },
  {
    from: 'CLOSING',
    event: 'rcv ACK of FIN',
    to: 'TIME-WAIT',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'start the 2*MSL timer',
  },
  {
    from: 'LAST-ACK',
    event: 'rcv ACK of FIN',
    to: 'CLOSED',
    exercise: FC,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'delete the TCB',
  },
  {
    from: ['SYN-RECEIVED', 'ESTABLISHED'],
    event: 'close()',
    to: 'FIN-WAIT-1',
    exercise: FC,
    rfc: 'RFC 9293 §3.6.1 (SHLD-3)',
    summary: 'the full close: a FIN after any queued data, as CLOSE; later data will be refused',
  },
  {
    from: 'CLOSE-WAIT',
    event: 'close()',
    to: 'LAST-ACK',
    exercise: FC,
    rfc: 'RFC 9293 §3.6.1 (SHLD-3)',
    summary: 'the full close: a FIN after any queued data, as CLOSE',
  },
  {
    from: ['FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING', 'LAST-ACK', 'TIME-WAIT'],
    event: 'close()',
    to: 'same',
    exercise: FC,
    rfc: 'RFC 9293 §3.6.1 (SHLD-3)',
    summary: 'after CLOSE: no second FIN and no error; in FIN-WAIT-1 and FIN-WAIT-2 later data will be refused',
  },
  {
    from: ['ESTABLISHED', 'CLOSE-WAIT', 'FIN-WAIT-1', 'FIN-WAIT-2'],
    event: 'close() with unread data',
    to: 'CLOSED',
    exercise: FC,
    rfc: 'RFC 9293 §3.6.1 (SHLD-3)',
    summary:
      'received data is lost: send <SEQ=SND.NXT><CTL=RST> (rstAck: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>), delete the TCB',
  },
  {
    from: ['FIN-WAIT-1', 'FIN-WAIT-2'],
    event: 'rcv data after close()',
    to: 'CLOSED',
    exercise: FC,
    rfc: 'RFC 9293 §3.6.1 (SHLD-3)',
    summary: 'new data after the full close cannot be delivered: send <SEQ=SEG.ACK><CTL=RST>, delete the TCB',
  },
  {
    from: 'FIN-WAIT-2',
    event: 'timeout FIN-WAIT-2',
    to: 'CLOSED',
    exercise: FC,
    rfc: 'RFC 9293 §3.6.1',
    summary: 'Linux tcp_fin_timeout: the peer never sent its FIN; drop the connection',
  },
  // ---- 05 TIME-WAIT --------------------------------------------------------------------------------
  {
    from: 'TIME-WAIT',
    event: 'rcv FIN',
    to: 'TIME-WAIT',
    exercise: TW,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'a retransmitted FIN: acknowledge it again and restart the 2*MSL timer',
  },
  {
    from: 'TIME-WAIT',
    event: 'rcv RST ignored',
    to: 'TIME-WAIT',
    exercise: TW,
    rfc: 'RFC 9293 §3.6.1',
    summary:
      'rfc1337 on: a RST must not end TIME-WAIT early (RFC 1337 §3); timeWaitAcks on: a RST not at RCV.NXT is dropped',
  },
  {
    from: 'TIME-WAIT',
    event: 'rcv ACK',
    to: 'TIME-WAIT',
    exercise: TW,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'nothing new can arrive: ignore it',
  },
  {
    from: 'TIME-WAIT',
    event: 'rcv ACK, restart',
    to: 'TIME-WAIT',
    exercise: TW,
    rfc: 'RFC 9293 §3.10.7.4 (Linux tcp_timewait_state_process answers otherwise)',
    summary: 'timeWaitAcks on: restart the 2*MSL timer; acknowledge any text with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
  },
  {
    from: 'TIME-WAIT',
    event: 'rcv SYN above RCV.NXT',
    to: 'SYN-RECEIVED',
    exercise: TW,
    rfc: 'RFC 9293 §3.6.1 (MAY-2)',
    summary:
      'timeWaitReopen on, passive open: a new incarnation; ISS = SND.NXT + 65537, IRS = SEG.SEQ, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>',
  },
  {
    from: 'TIME-WAIT',
    event: 'timeout 2MSL',
    to: 'CLOSED',
    exercise: TW,
    rfc: 'RFC 9293 §3.10.8',
    summary: 'delete the TCB',
  },
  // ---- 07 keepalive --------------------------------------------------------------------------------
  {
    from: ['ESTABLISHED', 'CLOSE-WAIT'],
    event: 'timeout keepalive',
    to: 'same',
    exercise: KA,
    rfc: 'RFC 9293 §3.8.4',
    summary: 'idle too long: send the probe <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK> with no data',
  },
  {
    from: ['ESTABLISHED', 'CLOSE-WAIT'],
    event: 'timeout keepalive',
    to: 'CLOSED',
    exercise: KA,
    rfc: 'RFC 1122 §4.2.3.6 (not on one probe); the RST: Linux tcp_keepalive_timer, no RFC, in ABORT form (RFC 9293 §3.10.5)',
    summary: 'keepAliveCount probes unanswered: send a RST, tell the user "timed out"',
  },
  // ---- 08 resets: RST and SYN checks in synchronized states, ABORT ---------------------------------
  {
    from: 'SYN-RECEIVED',
    event: 'rcv RST',
    to: 'LISTEN',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'passive open: return to LISTEN, the user need not be told',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv RST',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'active open: connection refused',
  },
  {
    from: ['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT'],
    event: 'rcv RST',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'tell the user "connection reset", delete the TCB',
  },
  {
    from: ['CLOSING', 'LAST-ACK', 'TIME-WAIT'],
    event: 'rcv RST',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'delete the TCB',
  },
  {
    from: SYNCHRONIZED_STATES,
    event: 'rcv RST in window',
    to: 'same',
    exercise: RS,
    rfc: 'RFC 5961 §3.2',
    summary: 'SEG.SEQ in the window but not RCV.NXT: send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv SYN',
    to: 'LISTEN',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'passive open: return to LISTEN',
  },
  {
    from: SYNCHRONIZED_STATES,
    event: 'rcv SYN',
    to: 'same',
    exercise: RS,
    rfc: 'RFC 5961 §4.2',
    summary: 'send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
  },
  {
    from: SYNCHRONIZED_STATES,
    event: 'rcv SYN',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'rfc5961 off (RFC 793 behaviour): a SYN in the window is an error: send a RST, "connection reset"',
  },
  {
    from: 'CLOSED',
    event: 'ABORT',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.5',
    summary: 'error: connection does not exist',
  },
  {
    from: ['LISTEN', 'SYN-SENT'],
    event: 'ABORT',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.5',
    summary: 'delete the TCB, send nothing',
  },
  {
    from: ['SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT'],
    event: 'ABORT',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.5',
    summary: 'send <SEQ=SND.NXT><CTL=RST>, delete the TCB',
  },
  {
    from: ['CLOSING', 'LAST-ACK', 'TIME-WAIT'],
    event: 'ABORT',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.5',
    summary: 'delete the TCB, send nothing',
  },
] as const satisfies readonly Rule[];

/** The ids a rule makes: one per `from` state, `${S} --event--> ${S}` when it keeps the state. */
type IdsOf<R> = R extends { readonly from: infer F; readonly event: infer E extends string; readonly to: infer T }
  ? Each<F extends readonly State[] ? F[number] : F, E, T>
  : never;
type Each<S, E extends string, T> = S extends State ? `${S} --${E}--> ${T extends State ? T : S}` : never;

/** Every catalogue id, as a union the compiler checks: `ctx.go`, `expectTransition` and the rest take one. */
export type TransitionId = IdsOf<(typeof RULES)[number]>;

/**
 * A template over the state, as a handler serving several states writes an id:
 * `${conn.state} --SEND--> ${conn.state}`. TypeScript types it as every pairing of the states it may
 * be, so it cannot be a `TransitionId`; it is accepted (by `ctx.go` and the test dialogue) when at
 * least one of those strings is a catalogue id, so a typo in the event is still a compile error. That
 * the id names a rule for the state the connection is in is checked when it runs, by `ctx.go`.
 */
export type TemplatedId<I extends string> = I & ([Extract<I, TransitionId>] extends [never] ? never : unknown);

/** The two rules of each composite edge are real ids: `true`, or a compile error. */
type IsTrue<T extends true> = T;
type ViaIds = Extract<(typeof RULES)[number], { via: unknown }>['via'][number];
export type ViaAreIds = IsTrue<[ViaIds] extends [TransitionId] ? true : false>;

export interface CatalogueEntry {
  readonly id: TransitionId;
  readonly from: State;
  readonly event: string;
  readonly to: State;
  /** The exercise (topic module) whose code makes this step. */
  readonly exercise: ExerciseId;
  /** Where the rule comes from, e.g. `RFC 9293 §3.10.7.4`. */
  readonly rfc: string;
  /** One line: what happens. */
  readonly summary: string;
  /** Given to students ready-made (plumbing such as the delayed ACK): listed, never graded. */
  readonly provided: boolean;
  /** Scoring weight: 1 unless a rubric says otherwise; 0 for a provided rule. */
  readonly weight: number;
  /** A diagram edge the engine takes as two rules in one step (e.g. ACK of our FIN, then FIN). */
  readonly via?: readonly [TransitionId, TransitionId];
}

function entriesOf(rule: Rule): CatalogueEntry[] {
  const { event, exercise, rfc, summary, via } = rule;
  const provided = rule.provided === true;
  return (typeof rule.from === 'string' ? [rule.from] : rule.from).map((from) => {
    const to = rule.to === 'same' ? from : rule.to;
    const id = `${from} --${event}--> ${to}` as TransitionId;
    return {
      id,
      from,
      event,
      to,
      exercise,
      rfc,
      summary,
      provided,
      weight: provided ? 0 : 1,
      ...(via ? { via: via as readonly [TransitionId, TransitionId] } : {}),
    };
  });
}

/** Every entry, in the order above (by exercise, then as the RFC lists the rules). */
export const CATALOGUE: readonly CatalogueEntry[] = Object.freeze(RULES.flatMap(entriesOf));

const byId = new Map<string, CatalogueEntry>(CATALOGUE.map((e) => [e.id, e]));
if (byId.size !== CATALOGUE.length) throw new Error('catalogue: duplicate transition id');

/** The entry with this id, or undefined. */
export function findEntry(id: string): CatalogueEntry | undefined {
  return byId.get(id);
}

/** Composite entries keyed by the ids of the two rules they are made of. */
const byVia = new Map<string, CatalogueEntry>(CATALOGUE.filter((e) => e.via).map((e) => [e.via!.join(' + '), e]));

/**
 * The one id that best names a step whose rules fired in this order: a composite diagram edge if
 * the state-changing rules form one, else the last state-changing rule, else the last rule.
 */
export function summarizeRules(rules: readonly TransitionId[]): TransitionId | undefined {
  if (rules.length <= 1) return rules[0];
  const moves = rules.filter((id) => {
    const e = byId.get(id);
    return e !== undefined && e.from !== e.to;
  });
  if (moves.length === 2) {
    const composite = byVia.get(moves.join(' + '));
    if (composite) return composite.id;
  }
  return moves.at(-1) ?? rules.at(-1);
}
