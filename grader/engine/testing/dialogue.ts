/**
 * A test dialogue with one engine, in the vocabulary of CS144's harness and smoltcp's tests:
 * `userCalls`, `peerSends`, `advance`, then `expectSent`, `expectState`, `expectTimer`, `expectNotices`.
 *
 * Each action (user call, arriving segment, time passing) replaces what the expectations look at:
 * the segments sent, notices given and rules followed by that action alone. Fixtures such as
 * `inEstablished()` reach a state by events from the previous fixture, never by writing the TCB, so
 * they run on any implementation of the modules.
 *
 * Sequence numbers sit near the 2^32 wrap on purpose: ISS = 2^32-6 and IRS = 2^32-300 make every
 * `+ 1` a chance to get modular arithmetic wrong.
 */
import { expect } from 'vitest';
import type { TemplatedId, TransitionId } from '../catalogue.js';
import { makeConfig, type Config, type ProfileName } from '../config.js';
import { createEngine, type Engine, type StepRecord } from '../engine.js';
import type { Modules } from '../modules.js';
import { describeSegment, flagNames, makeSegment } from '../tcb.js';
import type { Notice, Segment, SegmentFields, State, TimerName } from '../types.js';

/** Our initial send sequence number: six octets before the wrap. */
export const ISS = 0xffff_fffa;
/** The peer's initial sequence number (our IRS). */
export const IRS = 0xffff_fed4;
/** Add modulo 2^32, for writing expected numbers by hand: `seq(ISS, 1)`. */
export const seq = (base: number, n: number): number => (base + n) >>> 0;

/** A segment as a test writes it: the fields that matter, as a handler hands them to `ctx.send`. */
export type SegmentSpec = SegmentFields;

export interface DialogueOptions {
  profile?: ProfileName;
  config?: Partial<Config>;
}

/** Window the peer advertises in the fixtures. */
export const PEER_WND = 8192;

export class Dialogue {
  readonly engine: Engine;
  readonly config: Config;
  now = 0;
  /** Segments the last action sent. */
  sent: Segment[] = [];
  /** Notices the last action gave. */
  notices: Notice[] = [];
  /** Steps the last action took. */
  steps: StepRecord[] = [];
  readonly log: string[] = [];
  #steps = 0;

  constructor(modules: Modules, options: DialogueOptions = {}) {
    this.config = { ...makeConfig(options.profile ?? 'rfc'), ...options.config };
    const changed = {
      ...(options.profile && options.profile !== 'rfc' ? { profile: options.profile } : {}),
      ...options.config,
    };
    // Not a step: the steps are numbered from 1 whether or not the configuration is shown.
    if (Object.keys(changed).length > 0) this.log.push(`configuration: ${JSON.stringify(changed)}`);
    this.engine = createEngine(modules, {
      config: this.config,
      isn: () => ISS,
      onStep: (step) => this.steps.push(step),
    });
  }

  // ---- actions ---------------------------------------------------------------------------------

  /** `close()` and `close() unread` are the socket API's full close (CLOSE with `full`), the second with data left unread. */
  userCalls(
    call:
      | 'OPEN active'
      | 'OPEN passive'
      | 'CLOSE'
      | 'ABORT'
      | 'RECEIVE'
      | 'OPEN active keepalive'
      | 'close()'
      | 'close() unread',
    data?: string,
  ): this;
  userCalls(call: 'SEND', data: string): this;
  userCalls(call: string, data?: string): this {
    this.#begin(`user ${call}${data === undefined ? '' : ` "${data}"`}`);
    if (call === 'SEND') this.engine.handleUserCall({ call: 'SEND', data: data ?? '' }, this.now);
    else if (call === 'OPEN active') this.engine.handleUserCall({ call: 'OPEN', mode: 'active' }, this.now);
    else if (call === 'OPEN active keepalive')
      this.engine.handleUserCall({ call: 'OPEN', mode: 'active', keepAlive: true }, this.now);
    else if (call === 'OPEN passive') this.engine.handleUserCall({ call: 'OPEN', mode: 'passive' }, this.now);
    else if (call === 'close()') this.engine.handleUserCall({ call: 'CLOSE', full: true }, this.now);
    else if (call === 'close() unread')
      this.engine.handleUserCall({ call: 'CLOSE', full: true, unread: true }, this.now);
    else this.engine.handleUserCall({ call: call as 'CLOSE' | 'ABORT' | 'RECEIVE' }, this.now);
    return this.#collect();
  }

  peerSends(spec: SegmentSpec): this {
    const seg = makeSegment(spec, PEER_WND);
    this.#begin(`peer sends ${describeSegment(seg)}`);
    this.engine.handleSegment(seg, this.now);
    return this.#collect();
  }

  /** Let `ms` of virtual time pass, firing every timer that falls due. */
  advance(ms: number): this {
    this.#begin(`advance ${ms} ms`);
    this.now += ms;
    this.engine.handleTimeout(this.now);
    return this.#collect();
  }

  /** Advance to the moment the named timer expires (it must be running). */
  advanceTo(timer: TimerName): this {
    const at = this.engine.timer(timer);
    expect(at, this.#context(`timer '${timer}' should be running`)).toBeTypeOf('number');
    return this.advance((at as number) - this.now);
  }

  #begin(what: string): void {
    this.log.push(`${++this.#steps}. ${what}`);
    this.sent = [];
    this.notices = [];
    this.steps = [];
  }

  #collect(): this {
    for (let s = this.engine.pollTransmit(); s; s = this.engine.pollTransmit()) this.sent.push(s);
    for (let n = this.engine.pollNotice(); n; n = this.engine.pollNotice()) this.notices.push(n);
    // What each step did goes into the log, so a failure shows the whole dialogue.
    const sent = this.sent.map(describeSegment).join(', ');
    if (sent) this.log[this.log.length - 1] += `  → sent ${sent}`;
    return this;
  }

  #context(what = ''): string {
    const rules = this.steps.flatMap((s) => s.rules).join(', ') || '(none)';
    return `steps so far:\n  ${this.log.join('\n  ')}\nnow in ${this.engine.state}; the last step followed: ${rules}${what ? `\ncompared: ${what}` : ''}`;
  }

  // ---- expectations ----------------------------------------------------------------------------

  /** Exactly these segments, every field: flags, seq, ack, data, and our window (RCV.WND). */
  expectSent(specs: SegmentSpec[]): this {
    const show = (s: Segment): string =>
      `${describeSegment(s)}${s.data ? ` data=${JSON.stringify(s.data)}` : ''} wnd=${s.wnd}`;
    const expected = specs.map((spec) => show(makeSegment(spec, spec.wnd ?? this.config.rcvWnd)));
    expect(this.sent.map(show), this.#context('the segments sent')).toEqual(expected);
    return this;
  }

  expectNothingSent(): this {
    return this.expectSent([]);
  }

  expectState(state: State): this {
    expect(this.engine.state, this.#context('the state')).toBe(state);
    return this;
  }

  /** The timer runs and expires `inMs` from now; `undefined` means it must not run. */
  expectTimer(name: TimerName, inMs: number | undefined): this {
    const at = this.engine.timer(name);
    expect(
      at === undefined ? undefined : at - this.now,
      this.#context(`timer '${name}', ms from now (undefined: not running)`),
    ).toBe(inMs);
    return this;
  }

  /** Exactly these notices, in order. */
  expectNotices(notices: Notice[]): this {
    expect(this.notices, this.#context('the notices')).toEqual(notices);
    return this;
  }

  /** The last action followed this catalogue rule (among possibly others). */
  expectRule(id: TransitionId): this;
  expectRule<const I extends string>(id: TemplatedId<I>): this;
  expectRule(id: string): this {
    expect(
      this.steps.flatMap((s) => s.rules),
      this.#context('the rules followed'),
    ).toContain(id);
    return this;
  }

  /** The last action was one step named by this catalogue id. */
  expectTransition(id: TransitionId): this;
  expectTransition<const I extends string>(id: TemplatedId<I>): this;
  expectTransition(id: string): this {
    expect(
      this.steps.map((s) => s.transition),
      this.#context('the transition taken'),
    ).toEqual([id]);
    return this;
  }

  /** Flags of the segments sent, e.g. ['SYN,ACK']: for tests where only the shape matters. */
  sentFlags(): string[] {
    return this.sent.map((s) => flagNames(s.flags).join(','));
  }
}

// ---- fixtures: each reached by events from the one before -------------------------------------------

/** A fresh engine in CLOSED. */
export const inClosed = (m: Modules, o?: DialogueOptions): Dialogue => new Dialogue(m, o);

export const inListen = (m: Modules, o?: DialogueOptions): Dialogue => inClosed(m, o).userCalls('OPEN passive');

/** We opened actively: our SYN (seq ISS) is out. */
export const inSynSent = (m: Modules, o?: DialogueOptions): Dialogue => inClosed(m, o).userCalls('OPEN active');

/** A peer's SYN (seq IRS) arrived in LISTEN; our SYN,ACK is out. */
export const inSynReceived = (m: Modules, o?: DialogueOptions): Dialogue =>
  inListen(m, o).peerSends({ seq: IRS, ctl: 'SYN' });

/** Simultaneous open: we sent SYN, the peer's SYN crossed it. */
export const inSynReceivedActive = (m: Modules, o?: DialogueOptions): Dialogue =>
  inSynSent(m, o).peerSends({ seq: IRS, ctl: 'SYN' });

/** Active open completed: SND.NXT = ISS+1, RCV.NXT = IRS+1. */
export const inEstablished = (m: Modules, o?: DialogueOptions): Dialogue =>
  inSynSent(m, o).peerSends({ seq: IRS, ack: seq(ISS, 1), ctl: 'SYN,ACK' });

/** Passive open completed. */
export const inEstablishedPassive = (m: Modules, o?: DialogueOptions): Dialogue =>
  inSynReceived(m, o).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' });

/** We closed first: our FIN (seq ISS+1) is out. */
export const inFinWait1 = (m: Modules, o?: DialogueOptions): Dialogue => inEstablished(m, o).userCalls('CLOSE');

/** Our FIN is acknowledged (ACK ISS+2). */
export const inFinWait2 = (m: Modules, o?: DialogueOptions): Dialogue =>
  inFinWait1(m, o).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' });

/** The peer closed first: its FIN (seq IRS+1) arrived and was acknowledged. */
export const inCloseWait = (m: Modules, o?: DialogueOptions): Dialogue =>
  inEstablished(m, o).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' });

/** Simultaneous close: the peer's FIN arrived before the ACK of ours. */
export const inClosing = (m: Modules, o?: DialogueOptions): Dialogue =>
  inFinWait1(m, o).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' });

/** We closed after the peer: our FIN (seq ISS+1) is out. */
export const inLastAck = (m: Modules, o?: DialogueOptions): Dialogue => inCloseWait(m, o).userCalls('CLOSE');

/** The peer's FIN arrived in FIN-WAIT-2: RCV.NXT = IRS+2, SND.NXT = ISS+2. */
export const inTimeWait = (m: Modules, o?: DialogueOptions): Dialogue =>
  inFinWait2(m, o).peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'FIN,ACK' });

/** One fixture per state (the passive-open path for SYN-RECEIVED), for tests that loop over states. */
export const IN_STATE: Readonly<Record<State, (m: Modules, o?: DialogueOptions) => Dialogue>> = {
  CLOSED: inClosed,
  LISTEN: inListen,
  'SYN-SENT': inSynSent,
  'SYN-RECEIVED': inSynReceived,
  ESTABLISHED: inEstablished,
  'FIN-WAIT-1': inFinWait1,
  'FIN-WAIT-2': inFinWait2,
  'CLOSE-WAIT': inCloseWait,
  CLOSING: inClosing,
  'LAST-ACK': inLastAck,
  'TIME-WAIT': inTimeWait,
};
