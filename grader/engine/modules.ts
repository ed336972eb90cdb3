/**
 * What each topic module exports: the contract between the framework and solutions/ or exercises/.
 *
 * A handler gets the connection (state and TCB), the event and a context. It reads `conn.state`,
 * changes `conn.tcb` in place, and changes state only through `ctx.go(id)`, naming the catalogue
 * entry it follows. Effects (segments, timers, notices) go through the context. Handlers never read a
 * clock or a random source: `ctx.now` and `ctx.newIss()` are all the time and chance they get.
 */
import type { KeepingEvent, TemplatedId, TransitionId } from './catalogue.js';
import type { Config } from './config.js';
import type { Notice, Segment, SegmentFields, State, Tcb, TimerName, UserCall } from './types.js';

export interface Conn {
  /** The current state; read it, but change it only with `ctx.go`. */
  readonly state: State;
  tcb: Tcb;
}

/** What a step of SEGMENT ARRIVES processing tells the framework: go on to the next step, or stop. */
export type Verdict = 'continue' | 'done';

export type SegmentStep = (conn: Conn, seg: Segment, ctx: Ctx) => Verdict;
export type CallHandler<C extends UserCall> = (conn: Conn, call: C, ctx: Ctx) => void;
export type TimeoutHandler = (conn: Conn, ctx: Ctx) => void;

/** What the framework remembers from before an event, for the after-event hooks. */
export interface Before {
  readonly state: State;
  /** SND.UNA before the event. */
  readonly una: number;
  /** The event was an arriving segment. */
  readonly received: boolean;
}
export type AfterEventHook = (conn: Conn, ctx: Ctx, before: Before) => void;

/** Sequence-number arithmetic, passed to every module through `ctx.seq` (RFC 9293 §3.4). */
export interface SequenceArithmetic {
  /** a < b in sequence space (modulo 2^32). */
  seqLt(a: number, b: number): boolean;
  /** a =< b in sequence space. */
  seqLeq(a: number, b: number): boolean;
  /** a > b in sequence space. */
  seqGt(a: number, b: number): boolean;
  /** a >= b in sequence space. */
  seqGeq(a: number, b: number): boolean;
  /** a + n, wrapped into 0 .. 2^32-1. */
  seqAdd(a: number, n: number): number;
  /** SEG.LEN: octets of data, plus one for SYN and one for FIN. */
  segmentLength(seg: Segment): number;
  /** The four-case acceptability test of RFC 9293 §3.10.7.4 (Table 6). */
  isAcceptable(seg: Segment, rcvNxt: number, rcvWnd: number): boolean;
}

export interface Ctx {
  /** Virtual time of this event, in milliseconds. */
  readonly now: number;
  readonly config: Readonly<Config>;
  /** Sequence arithmetic from the 01-sequence-numbers module in use. */
  readonly seq: SequenceArithmetic;
  /** A fresh initial sequence number (RFC 9293 §3.4.1), from the function the engine was given. */
  newIss(): number;
  /** Queue a segment to send. Without ACK in `ctl`, the acknowledgment field is 0. */
  send(fields: SegmentFields): void;
  /** Start (or restart) a timer to expire `afterMs` from now. */
  setTimer(name: TimerName, afterMs: number): void;
  cancelTimer(name: TimerName): void;
  /** The timer's deadline if it is running. */
  timer(name: TimerName): number | undefined;
  notify(notice: Notice): void;
  /**
   * Follow a catalogue entry: checks that it starts in the current state, then enters its `to`. The
   * compiler checks the id: a literal must be a catalogue id (`'FIN-WAIT-1 --rcv FIN--> CLOSING'`);
   * a template over the state (`${conn.state} --SEND--> ${conn.state}`) must be able to make one.
   */
  go(id: TransitionId): void;
  go<const I extends string>(id: TemplatedId<I>): void;
  /**
   * Follow the catalogue rule that keeps the current state on `event`: in ESTABLISHED,
   * `ctx.stay('rcv ACK')` is `ctx.go('ESTABLISHED --rcv ACK--> ESTABLISHED')`. A handler serving
   * several states names such a rule without building its id every event.
   */
  stay(event: KeepingEvent): void;
}

export interface SequenceModule extends SequenceArithmetic {
  send: CallHandler<Extract<UserCall, { call: 'SEND' }>>;
  receive: CallHandler<Extract<UserCall, { call: 'RECEIVE' }>>;
  /** First step: the acceptability test; ACK an unacceptable segment. */
  checkSequence: SegmentStep;
  /** Fifth step, ESTABLISHED-style ACK processing (also used by the closing states). */
  processAck: SegmentStep;
  /** Seventh step: deliver in-order text; hold text that starts beyond RCV.NXT. */
  processText: SegmentStep;
  /** A held segment that now starts at RCV.NXT, removed from the hold queue; else undefined. */
  takeHeld(conn: Conn): Segment | undefined;
  /** After every event: send queued data and FIN as the window allows, and any ACK owed. */
  output: AfterEventHook;
  delayedAckTimeout: TimeoutHandler;
}

export interface HandshakeModule {
  open: CallHandler<Extract<UserCall, { call: 'OPEN' }>>;
  /** LISTEN, third step: a SYN starts a connection. */
  listenCheckSyn: SegmentStep;
  /** SYN-SENT, fourth step: SYN,ACK completes the open; a bare SYN is a simultaneous open. */
  synSentCheckSyn: SegmentStep;
  /** SYN-RECEIVED after a simultaneous open: the peer's SYN,ACK acknowledges our SYN. */
  synReceivedCrossedSynAck: SegmentStep;
  /** SYN-RECEIVED after a passive open, before the sequence check: the peer's SYN again (dupSynSynAck). */
  synReceivedDuplicateSyn: SegmentStep;
  /** SYN-RECEIVED, fifth step: the ACK that completes the handshake, or a RST for a bad one. */
  synReceivedCheckAck: SegmentStep;
}

export interface HandshakeFailuresModule {
  /** SEGMENT ARRIVES in CLOSED: reset generation. */
  closedSegmentArrives: SegmentStep;
  listenCheckRst: SegmentStep;
  listenCheckAck: SegmentStep;
  /** LISTEN, fourth step: anything else is dropped. */
  listenOther: SegmentStep;
  synSentCheckAck: SegmentStep;
  synSentCheckRst: SegmentStep;
  /** SYN-SENT, fifth step: neither SYN nor RST. */
  synSentOther: SegmentStep;
  retransmissionTimeout: TimeoutHandler;
  userTimeout: TimeoutHandler;
  /** After every event: run the user timer while sent data is unacknowledged. */
  afterEvent: AfterEventHook;
}

export interface FourWayCloseModule {
  close: CallHandler<Extract<UserCall, { call: 'CLOSE' }>>;
  /** Fifth step in FIN-WAIT-1, CLOSING, LAST-ACK: has our FIN been acknowledged? */
  checkAckOfFin: SegmentStep;
  /** Before the seventh step in FIN-WAIT-1 and FIN-WAIT-2: new data after the full close is refused. */
  refuseDataAfterClose: SegmentStep;
  /** Eighth step: the peer's FIN. */
  checkFin: SegmentStep;
  finWait2Timeout: TimeoutHandler;
}

export interface TimeWaitModule {
  /** Before anything else in TIME-WAIT: a SYN above RCV.NXT may reopen a passive connection (timeWaitReopen). */
  reopenOnSyn: SegmentStep;
  /** A retransmitted FIN in TIME-WAIT, before the sequence check would just ACK it. */
  retransmittedFin: SegmentStep;
  /** RFC 1337: with rfc1337 on, a RST in TIME-WAIT is ignored. */
  ignoreRst: SegmentStep;
  /** Fifth step in TIME-WAIT: nothing new can arrive. */
  checkAck: SegmentStep;
  timeWaitTimeout: TimeoutHandler;
}

export interface KeepaliveModule {
  keepaliveTimeout: TimeoutHandler;
  /** After every event: arm, re-arm or stop the keepalive timer. */
  afterEvent: AfterEventHook;
}

export interface ResetsModule {
  abort: CallHandler<Extract<UserCall, { call: 'ABORT' }>>;
  /** Second step in synchronized states. */
  checkRst: SegmentStep;
  /** Fourth step in synchronized states. */
  checkSyn: SegmentStep;
}

/** A complete set of topic modules: what `createEngine` assembles an engine from. */
export interface Modules {
  sequence: SequenceModule;
  handshake: HandshakeModule;
  handshakeFailures: HandshakeFailuresModule;
  fourWayClose: FourWayCloseModule;
  timeWait: TimeWaitModule;
  keepalive: KeepaliveModule;
  resets: ResetsModule;
}
