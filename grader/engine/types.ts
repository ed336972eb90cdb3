/**
 * The data the engine speaks in: states, segments, the TCB, user calls, notices and timers.
 * Names follow RFC 9293 §3.3.1 (TCB variables) and §3.3.2 (states), so a student reading the RFC
 * finds the same words here. Everything is plain data, so traces and reports print it as it is.
 */

/** The eleven states of RFC 9293 §3.3.2, spelled as the RFC spells them. */
export const STATES = [
  'CLOSED',
  'LISTEN',
  'SYN-SENT',
  'SYN-RECEIVED',
  'ESTABLISHED',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'CLOSE-WAIT',
  'CLOSING',
  'LAST-ACK',
  'TIME-WAIT',
] as const;
export type State = (typeof STATES)[number];

/** States in which both sequence numbers are known (RFC 9293 §3.10.7.4 "Other States"). */
export const SYNCHRONIZED_STATES = [
  'SYN-RECEIVED',
  'ESTABLISHED',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'CLOSE-WAIT',
  'CLOSING',
  'LAST-ACK',
  'TIME-WAIT',
] as const satisfies readonly State[];

export interface Flags {
  syn: boolean;
  ack: boolean;
  fin: boolean;
  rst: boolean;
}

/**
 * A TCP segment as the engine sees it: no ports (the simulator adds them), no options, no checksum.
 * `data` is the payload with one character per octet (ASCII only), which keeps traces readable.
 */
export interface Segment {
  seq: number;
  ack: number;
  wnd: number;
  flags: Flags;
  data: string;
}

/**
 * The control bits of a segment written as RFC 9293 writes them in its event processing text:
 * `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>` becomes `{ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'ACK' }`.
 */
export type Ctl =
  | ''
  | 'SYN'
  | 'SYN,ACK'
  | 'ACK'
  | 'FIN'
  | 'FIN,ACK'
  | 'RST'
  | 'RST,ACK'
  | 'SYN,FIN'
  | 'SYN,ACK,FIN'
  | 'SYN,RST';

/** A segment described by the fields that matter: ack defaults to 0, data to none, wnd to RCV.WND. */
export interface SegmentFields {
  seq: number;
  ack?: number;
  ctl: Ctl;
  data?: string;
  wnd?: number;
}

/** Send sequence variables (RFC 9293 §3.3.1, Figure 3). */
export interface SendVars {
  /** SND.UNA: oldest unacknowledged sequence number. */
  una: number;
  /** SND.NXT: next sequence number to be sent. */
  nxt: number;
  /** SND.WND: the peer's receive window. */
  wnd: number;
}

/** Receive sequence variables (RFC 9293 §3.3.1, Figure 4). */
export interface RecvVars {
  /** RCV.NXT: next sequence number expected on an incoming segment. */
  nxt: number;
  /** RCV.WND: our receive window. */
  wnd: number;
}

/** Where our FIN stands: not asked for, asked for by CLOSE but not yet sent, or sent (SND.NXT counts it). */
export type FinState = 'none' | 'queued' | 'sent';

/**
 * The transmission control block (RFC 9293 §3.3.1). In CLOSED the RFC has no TCB at all; here the
 * object always exists and is reset to its initial values whenever the connection enters CLOSED or
 * returns to LISTEN, so handlers never test for its presence.
 */
export interface Tcb {
  snd: SendVars;
  rcv: RecvVars;
  /** ISS: initial send sequence number. */
  iss: number;
  /** IRS: initial receive sequence number. */
  irs: number;
  /** Octets from SND.UNA on: first those sent and not yet acknowledged, then those not yet sent. */
  sendBuffer: string;
  /** Our FIN: none, queued by CLOSE behind the data in sendBuffer, or sent. */
  fin: FinState;
  /** The connection came from a passive OPEN (LISTEN): a RST in SYN-RECEIVED returns it to LISTEN. */
  passive: boolean;
  /** Segments received whose ACK is still owed; it rides on our next segment, or goes alone when
   * two are owed or the delayed-ACK timer expires (RFC 9293 §3.8.6.3). */
  ackOwed: number;
  /** Segments that arrived ahead of RCV.NXT, held for later processing (RFC 9293 §3.10.7.4, SHLD-31). */
  held: Segment[];
  /** Current retransmission timeout (RFC 6298): initialRtoMs, doubled on each expiry up to maxRtoMs. */
  rto: number;
  /** Retransmissions of the segment at SND.UNA so far; reset when SND.UNA advances. */
  retries: number;
  /** Keepalive switched on for this connection (RFC 9293 §3.8.4: off unless the user asks). */
  keepAlive: boolean;
  /** Keepalive probes sent since anything was last received. */
  probesOut: number;
  /** The user made the full close (the socket API's close()): new data is answered with a RST (RFC 9293 §3.6.1, SHLD-3). */
  rcvClosed: boolean;
  /** Data segments still to be acknowledged at once, before the delayed ACK applies (Linux's quick-ack). */
  quickAcks: number;
}

/** Inputs from the user (RFC 9293 §3.9.1 and §3.10.1 to §3.10.5). STATUS is not modelled. */
export type UserCall =
  | { call: 'OPEN'; mode: 'active' | 'passive'; keepAlive?: boolean }
  | { call: 'SEND'; data: string }
  | { call: 'RECEIVE' }
  /**
   * CLOSE is the RFC's, which closes our direction only (the socket API's shutdown(SHUT_WR)); `full`
   * is the socket API's close(), which gives up the receiving direction too, and `unread` says the
   * application left received data unread when it called it.
   */
  | { call: 'CLOSE'; full?: boolean; unread?: boolean }
  | { call: 'ABORT' };
export type UserCallName = UserCall['call'];

/** Timers, named for what their expiry means. */
export const TIMER_NAMES = [
  'retransmission',
  'delayed-ack',
  'time-wait',
  'fin-wait-2',
  'keepalive',
  'user-timeout',
] as const;
export type TimerName = (typeof TIMER_NAMES)[number];

/** Why the connection was given up on; carried by a `timed-out` notice. */
export type TimeoutReason = 'retransmission' | 'keepalive' | 'user-timeout' | 'fin-wait-2';

/** The error strings of RFC 9293 §3.10 for user calls that cannot be carried out. */
export type CallError =
  | 'connection does not exist'
  | 'connection already exists'
  | 'connection closing'
  | 'foreign socket unspecified';

/** What the engine tells its user. */
export type Notice =
  | { kind: 'connected' }
  | { kind: 'refused' }
  | { kind: 'reset' }
  | { kind: 'closing' }
  | { kind: 'timed-out'; reason: TimeoutReason }
  | { kind: 'data'; data: string }
  | { kind: 'error'; call: UserCallName; message: CallError };
