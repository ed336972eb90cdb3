/**
 * The transition catalogue: every edge of the RFC 9293 state diagram (§3.3.2, Figure 5) and every
 * event-processing rule of §3.10 that keeps the state, one entry each. Like h11's transition table it
 * is data: diagrams, docs, hints and scores are derived from it, and the engine refuses a step that
 * no entry describes.
 *
 * An id reads `FROM --event--> TO`. Rules that apply in several states (ACK an unacceptable segment,
 * challenge ACK, ...) get one entry per state, so a score can say in which state a rule is broken.
 */
import { SYNCHRONIZED_STATES, type State } from './types.js';

export type ExerciseId =
  | '01-sequence-numbers'
  | '02-three-way-handshake'
  | '03-handshake-failures'
  | '04-four-way-close'
  | '05-time-wait'
  | '07-keepalive'
  | '08-resets';

export type TransitionId = `${State} --${string}--> ${State}`;

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
  /** Scoring weight; 1 unless a rubric says otherwise; 0 for rules the kit provides ready-made. */
  readonly weight: number;
  /** A diagram edge the engine takes as two rules in one step (e.g. ACK of our FIN, then FIN). */
  readonly via?: readonly [TransitionId, TransitionId];
}

const entries: CatalogueEntry[] = [];

function add(
  from: State,
  event: string,
  to: State,
  exercise: ExerciseId,
  rfc: string,
  summary: string,
  via?: readonly [TransitionId, TransitionId],
): void {
  const id: TransitionId = `${from} --${event}--> ${to}`;
  // The delayed-ACK timer's handler is given to students ready-made (@provided): not graded.
  const weight = event === 'timeout delayed ACK' ? 0 : 1;
  entries.push({ id, from, event, to, exercise, rfc, summary, weight, ...(via ? { via } : {}) });
}

function each(states: readonly State[], make: (state: State) => void): void {
  for (const state of states) make(state);
}

const ALL: readonly State[] = [
  'CLOSED', 'LISTEN', 'SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1',
  'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT',
];
/** Synchronized states whose segments take the full §3.10.7.4 path through ACK processing. */
const ACKING: readonly State[] = ['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK'];
/** States that can receive new text (RFC 9293 §3.10.7.4 seventh step). */
const RECEIVING: readonly State[] = ['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2'];
/** States with something of ours that may need retransmitting after the handshake. */
const RETRANSMITTING: readonly State[] = ['ESTABLISHED', 'FIN-WAIT-1', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK'];
const CLOSING_STATES: readonly State[] = ['FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING', 'LAST-ACK', 'TIME-WAIT'];

// ---- 01 sequence numbers: SEND, RECEIVE, sequence check, ACK and text processing ----------------
const SEQ = '01-sequence-numbers';
add('CLOSED', 'SEND', 'CLOSED', SEQ, 'RFC 9293 §3.10.2', 'error: connection does not exist');
add('LISTEN', 'SEND', 'LISTEN', SEQ, 'RFC 9293 §3.10.2', 'error: foreign socket unspecified (a listener has no peer yet)');
each(['SYN-SENT', 'SYN-RECEIVED'], (s) =>
  add(s, 'SEND', s, SEQ, 'RFC 9293 §3.10.2', 'queue the data until the connection is established'));
each(['ESTABLISHED', 'CLOSE-WAIT'], (s) =>
  add(s, 'SEND', s, SEQ, 'RFC 9293 §3.10.2', 'queue the data and send what the window allows'));
each(CLOSING_STATES, (s) => add(s, 'SEND', s, SEQ, 'RFC 9293 §3.10.2', 'error: connection closing'));

add('CLOSED', 'RECEIVE', 'CLOSED', SEQ, 'RFC 9293 §3.10.3', 'error: connection does not exist');
each(['LISTEN', 'SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2'], (s) =>
  add(s, 'RECEIVE', s, SEQ, 'RFC 9293 §3.10.3', 'ok: data is delivered to the user as it arrives in order'));
each(['CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT'], (s) =>
  add(s, 'RECEIVE', s, SEQ, 'RFC 9293 §3.10.3', 'error: connection closing (the peer has sent FIN and all data was delivered)'));

each(SYNCHRONIZED_STATES, (s) =>
  add(s, 'rcv unacceptable segment', s, SEQ, 'RFC 9293 §3.10.7.4',
    'fails the acceptability test: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and drop it (drop a RST silently)'));
each(ACKING, (s) =>
  add(s, 'rcv segment without ACK', s, SEQ, 'RFC 9293 §3.10.7.4', 'fifth step: the ACK bit is off, drop the segment'));
each(ACKING, (s) =>
  add(s, 'rcv ACK', s, SEQ, 'RFC 9293 §3.10.7.4',
    'SND.UNA < SEG.ACK =< SND.NXT: advance SND.UNA and update SND.WND; a duplicate ACK is ignored'));
each(ACKING, (s) =>
  add(s, 'rcv ACK of unsent data', s, SEQ, 'RFC 9293 §3.10.7.4',
    'SEG.ACK > SND.NXT: send an ACK and drop the segment'));
each(RECEIVING, (s) =>
  add(s, 'rcv data', s, SEQ, 'RFC 9293 §3.10.7.4', 'seventh step: deliver the text, advance RCV.NXT, acknowledge'));
each(RECEIVING, (s) =>
  add(s, 'rcv data ahead of RCV.NXT', s, SEQ, 'RFC 9293 §3.10.7.4',
    'hold a segment that starts beyond RCV.NXT (SHLD-31) and send a duplicate ACK for RCV.NXT'));
each(['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT'], (s) =>
  add(s, 'timeout delayed ACK', s, SEQ, 'RFC 9293 §3.8.6.3', 'the delayed ACK is due: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>'));

// ---- 02 three-way handshake ----------------------------------------------------------------------
const HS = '02-three-way-handshake';
add('CLOSED', 'OPEN passive', 'LISTEN', HS, 'RFC 9293 §3.10.1', 'create the TCB and wait for a SYN');
add('CLOSED', 'OPEN active', 'SYN-SENT', HS, 'RFC 9293 §3.10.1',
  'select ISS, send <SEQ=ISS><CTL=SYN>, SND.UNA = ISS, SND.NXT = ISS+1');
each(ALL.filter((s) => s !== 'CLOSED'), (s) =>
  add(s, 'OPEN', s, HS, 'RFC 9293 §3.10.1', 'error: connection already exists'));
add('LISTEN', 'rcv SYN', 'SYN-RECEIVED', HS, 'RFC 9293 §3.10.7.2',
  'RCV.NXT = SEG.SEQ+1, IRS = SEG.SEQ, select ISS, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>');
add('SYN-SENT', 'rcv SYN,ACK', 'ESTABLISHED', HS, 'RFC 9293 §3.10.7.3',
  'our SYN is acknowledged: RCV.NXT = SEG.SEQ+1, SND.UNA = SEG.ACK, send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>');
add('SYN-SENT', 'rcv SYN', 'SYN-RECEIVED', HS, 'RFC 9293 §3.10.7.3',
  'simultaneous open: send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>');
add('SYN-RECEIVED', 'rcv ACK', 'ESTABLISHED', HS, 'RFC 9293 §3.10.7.4',
  'SND.UNA < SEG.ACK =< SND.NXT: the handshake is complete');
add('SYN-RECEIVED', 'rcv SYN,ACK', 'ESTABLISHED', HS, 'RFC 9293 §3.5',
  'simultaneous open: the peer\'s SYN,ACK acknowledges our SYN (Figure 7 line 7)');
add('SYN-RECEIVED', 'rcv unacceptable ACK', 'SYN-RECEIVED', HS, 'RFC 9293 §3.10.7.4',
  'the ACK does not acknowledge our SYN: send <SEQ=SEG.ACK><CTL=RST>');
add('SYN-RECEIVED', 'rcv segment without ACK', 'SYN-RECEIVED', HS, 'RFC 9293 §3.10.7.4',
  'fifth step: the ACK bit is off, drop the segment');

// ---- 03 handshake failures: reset generation, early-state checks, retransmission, user timeout --
const HF = '03-handshake-failures';
add('CLOSED', 'rcv RST', 'CLOSED', HF, 'RFC 9293 §3.10.7.1', 'an incoming RST is discarded');
add('CLOSED', 'rcv segment without ACK', 'CLOSED', HF, 'RFC 9293 §3.10.7.1',
  'send <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>');
add('CLOSED', 'rcv segment with ACK', 'CLOSED', HF, 'RFC 9293 §3.10.7.1', 'send <SEQ=SEG.ACK><CTL=RST>');
add('LISTEN', 'rcv RST', 'LISTEN', HF, 'RFC 9293 §3.10.7.2', 'an incoming RST is ignored');
add('LISTEN', 'rcv ACK', 'LISTEN', HF, 'RFC 9293 §3.10.7.2',
  'any acknowledgment is bad in LISTEN: send <SEQ=SEG.ACK><CTL=RST>');
add('LISTEN', 'rcv other segment', 'LISTEN', HF, 'RFC 9293 §3.10.7.2', 'neither SYN, ACK nor RST: drop it');
add('SYN-SENT', 'rcv unacceptable ACK', 'SYN-SENT', HF, 'RFC 9293 §3.10.7.3',
  'SEG.ACK =< ISS or SEG.ACK > SND.NXT: send <SEQ=SEG.ACK><CTL=RST> (drop it if it is a RST)');
add('SYN-SENT', 'rcv RST,ACK', 'CLOSED', HF, 'RFC 9293 §3.10.7.3',
  'a RST with an acceptable ACK: the connection is refused');
add('SYN-SENT', 'rcv RST', 'SYN-SENT', HF, 'RFC 9293 §3.10.7.3', 'a RST without an ACK: drop it');
add('SYN-SENT', 'rcv segment without SYN', 'SYN-SENT', HF, 'RFC 9293 §3.10.7.3',
  'fifth step: neither SYN nor RST: drop it');
add('SYN-SENT', 'timeout retransmission', 'SYN-SENT', HF, 'RFC 9293 §3.10.8',
  'retransmit the SYN, double the RTO (RFC 6298 §5.5)');
add('SYN-SENT', 'timeout retransmission', 'CLOSED', HF, 'RFC 9293 §3.8.3',
  'synRetries retransmissions went unanswered: give up, tell the user "timed out"');
add('SYN-RECEIVED', 'timeout retransmission', 'SYN-RECEIVED', HF, 'RFC 9293 §3.10.8',
  'retransmit the SYN,ACK, double the RTO');
add('SYN-RECEIVED', 'timeout retransmission', 'LISTEN', HF, 'RFC 9293 §3.8.3',
  'synAckRetries retransmissions went unanswered on a passive open: drop the half-open connection silently');
add('SYN-RECEIVED', 'timeout retransmission', 'CLOSED', HF, 'RFC 9293 §3.8.3',
  'synAckRetries retransmissions went unanswered on an active open: give up, tell the user "timed out"');
each(RETRANSMITTING, (s) =>
  add(s, 'timeout retransmission', s, HF, 'RFC 9293 §3.10.8',
    'retransmit the earliest unacknowledged segment, double the RTO'));
each(RETRANSMITTING, (s) =>
  add(s, 'timeout retransmission', 'CLOSED', HF, 'RFC 9293 §3.8.3',
    'dataRetries retransmissions went unanswered: drop the connection, tell the user "timed out"'));
each(['SYN-SENT', 'SYN-RECEIVED', ...RETRANSMITTING], (s) =>
  add(s, 'timeout user', 'CLOSED', HF, 'RFC 9293 §3.10.8',
    'data stayed unacknowledged for userTimeoutMs: flush, tell the user "timed out", delete the TCB'));

// ---- 04 four-way close --------------------------------------------------------------------------
const FC = '04-four-way-close';
add('CLOSED', 'CLOSE', 'CLOSED', FC, 'RFC 9293 §3.10.4', 'error: connection does not exist');
add('LISTEN', 'CLOSE', 'CLOSED', FC, 'RFC 9293 §3.10.4', 'delete the TCB');
add('SYN-SENT', 'CLOSE', 'CLOSED', FC, 'RFC 9293 §3.10.4', 'delete the TCB; queued data is discarded');
add('SYN-RECEIVED', 'CLOSE', 'FIN-WAIT-1', FC, 'RFC 9293 §3.10.4', 'send a FIN after any queued data');
add('ESTABLISHED', 'CLOSE', 'FIN-WAIT-1', FC, 'RFC 9293 §3.10.4', 'send a FIN after any queued data');
add('CLOSE-WAIT', 'CLOSE', 'LAST-ACK', FC, 'RFC 9293 §3.10.4', 'send a FIN after any queued data');
each(['FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING', 'LAST-ACK', 'TIME-WAIT'], (s) =>
  add(s, 'CLOSE', s, FC, 'RFC 9293 §3.10.4', 'error: connection closing (no second FIN)'));
add('ESTABLISHED', 'rcv FIN', 'CLOSE-WAIT', FC, 'RFC 9293 §3.10.7.4',
  'eighth step: tell the user "closing", RCV.NXT over the FIN, acknowledge it');
add('FIN-WAIT-1', 'rcv ACK of FIN', 'FIN-WAIT-2', FC, 'RFC 9293 §3.10.7.4', 'our FIN is acknowledged');
add('FIN-WAIT-1', 'rcv FIN', 'CLOSING', FC, 'RFC 9293 §3.10.7.4',
  'simultaneous close: their FIN before the ACK of ours; acknowledge it');
add('FIN-WAIT-2', 'rcv FIN', 'TIME-WAIT', FC, 'RFC 9293 §3.10.7.4',
  'acknowledge the FIN, start the 2*MSL timer, turn off the other timers');
add('FIN-WAIT-1', 'rcv FIN,ACK', 'TIME-WAIT', FC, 'RFC 9293 §3.10.7.4',
  'one segment acknowledges our FIN and carries theirs', [
    'FIN-WAIT-1 --rcv ACK of FIN--> FIN-WAIT-2',
    'FIN-WAIT-2 --rcv FIN--> TIME-WAIT',
  ]);
add('CLOSING', 'rcv ACK of FIN', 'TIME-WAIT', FC, 'RFC 9293 §3.10.7.4', 'start the 2*MSL timer');
add('LAST-ACK', 'rcv ACK of FIN', 'CLOSED', FC, 'RFC 9293 §3.10.7.4', 'delete the TCB');
add('FIN-WAIT-2', 'timeout FIN-WAIT-2', 'CLOSED', FC, 'RFC 9293 §3.6.1',
  'Linux tcp_fin_timeout: the peer never sent its FIN; drop the connection');

// ---- 05 TIME-WAIT --------------------------------------------------------------------------------
const TW = '05-time-wait';
add('TIME-WAIT', 'rcv FIN', 'TIME-WAIT', TW, 'RFC 9293 §3.10.7.4',
  'a retransmitted FIN: acknowledge it again and restart the 2*MSL timer');
add('TIME-WAIT', 'rcv RST ignored', 'TIME-WAIT', TW, 'RFC 9293 §3.6.1',
  'rfc1337 on: a RST must not end TIME-WAIT early (RFC 1337 §3)');
add('TIME-WAIT', 'rcv ACK', 'TIME-WAIT', TW, 'RFC 9293 §3.10.7.4', 'nothing new can arrive: ignore it');
add('TIME-WAIT', 'timeout 2MSL', 'CLOSED', TW, 'RFC 9293 §3.10.8', 'delete the TCB');

// ---- 07 keepalive --------------------------------------------------------------------------------
const KA = '07-keepalive';
each(['ESTABLISHED', 'CLOSE-WAIT'], (s) =>
  add(s, 'timeout keepalive', s, KA, 'RFC 9293 §3.8.4',
    'idle too long: send the probe <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK> with no data'));
each(['ESTABLISHED', 'CLOSE-WAIT'], (s) =>
  add(s, 'timeout keepalive', 'CLOSED', KA, 'RFC 1122 §4.2.3.6 (not on one probe); the RST: Linux tcp_keepalive_timer, no RFC, in ABORT form (RFC 9293 §3.10.5)',
    'keepAliveCount probes unanswered: send a RST, tell the user "timed out"'));

// ---- 08 resets: RST and SYN checks in synchronized states, ABORT ---------------------------------
const RS = '08-resets';
add('SYN-RECEIVED', 'rcv RST', 'LISTEN', RS, 'RFC 9293 §3.10.7.4',
  'passive open: return to LISTEN, the user need not be told');
add('SYN-RECEIVED', 'rcv RST', 'CLOSED', RS, 'RFC 9293 §3.10.7.4', 'active open: connection refused');
each(['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT'], (s) =>
  add(s, 'rcv RST', 'CLOSED', RS, 'RFC 9293 §3.10.7.4', 'tell the user "connection reset", delete the TCB'));
each(['CLOSING', 'LAST-ACK', 'TIME-WAIT'], (s) =>
  add(s, 'rcv RST', 'CLOSED', RS, 'RFC 9293 §3.10.7.4', 'delete the TCB'));
each(SYNCHRONIZED_STATES, (s) =>
  add(s, 'rcv RST in window', s, RS, 'RFC 5961 §3.2',
    'SEG.SEQ in the window but not RCV.NXT: send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>'));
add('SYN-RECEIVED', 'rcv SYN', 'LISTEN', RS, 'RFC 9293 §3.10.7.4', 'passive open: return to LISTEN');
each(SYNCHRONIZED_STATES, (s) =>
  add(s, 'rcv SYN', s, RS, 'RFC 5961 §4.2', 'send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>'));
each(SYNCHRONIZED_STATES, (s) =>
  add(s, 'rcv SYN', 'CLOSED', RS, 'RFC 9293 §3.10.7.4',
    'rfc5961 off (RFC 793 behaviour): a SYN in the window is an error: send a RST, "connection reset"'));
add('CLOSED', 'ABORT', 'CLOSED', RS, 'RFC 9293 §3.10.5', 'error: connection does not exist');
each(['LISTEN', 'SYN-SENT'], (s) => add(s, 'ABORT', 'CLOSED', RS, 'RFC 9293 §3.10.5', 'delete the TCB, send nothing'));
each(['SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT'], (s) =>
  add(s, 'ABORT', 'CLOSED', RS, 'RFC 9293 §3.10.5', 'send <SEQ=SND.NXT><CTL=RST>, delete the TCB'));
each(['CLOSING', 'LAST-ACK', 'TIME-WAIT'], (s) =>
  add(s, 'ABORT', 'CLOSED', RS, 'RFC 9293 §3.10.5', 'delete the TCB, send nothing'));

/** Every entry, in the order above (by exercise, then as the RFC lists the rules). */
export const CATALOGUE: readonly CatalogueEntry[] = Object.freeze(entries);

const byId = new Map<string, CatalogueEntry>(CATALOGUE.map((e) => [e.id, e]));
if (byId.size !== CATALOGUE.length) throw new Error('catalogue: duplicate transition id');

/** The entry with this id, or undefined. */
export function findEntry(id: string): CatalogueEntry | undefined {
  return byId.get(id);
}

/** Composite entries keyed by the ids of the two rules they are made of. */
const byVia = new Map<string, CatalogueEntry>(
  CATALOGUE.filter((e) => e.via).map((e) => [e.via!.join(' + '), e]),
);

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
