/**
 * createEngine: one TCP connection endpoint, assembled from a set of topic modules.
 *
 * Sans-IO, in quinn-proto's shape. The caller feeds inputs and pulls outputs:
 *
 *   handleUserCall(call, now) | handleSegment(seg, now) | handleTimeout(now)
 *   then drain pollTransmit(), read pollTimeout(), drain pollNotice().
 *
 * Time is virtual milliseconds chosen by the caller and never goes back. The engine reads no clock
 * and no random source: the ISN comes from the `isn` function it is given. Every step must be
 * labelled with a catalogue entry (by `ctx.go`); a step without one is a bug and throws.
 *
 * It runs once per event of every check and simulated connection, so the per-event path allocates
 * nothing of its own: queues are reused, timers sit in a fixed array (./engine-timers.ts), and a
 * step record (./step-record.ts) is built only when someone listens.
 */
import { summarizeRules, type KeepingEvent, type TransitionId } from './catalogue.js';
import type { Config } from './config.js';
import { EngineTimers } from './engine-timers.js';
import { callHandlerName, frozenConfig, named, plainSequence, routesFor, type Routes } from './engine-routes.js';
import { keepingRule, ruleFor, summaryOfTwo, type Rule } from './engine-rules.js';
import { EngineBug, RuleError } from './errors.js';
import type { Before, Conn, Ctx, Modules } from './modules.js';
import { eventName, inputRecord, StepRecorder, type StepInput, type StepRecord } from './step-record.js';
import { checkSegment, copyTcb, freshTcb, makeSegment, rfcVars } from './tcb.js';
import {
  TIMER_NAMES,
  type Notice,
  type Segment,
  type SegmentFields,
  type State,
  type Tcb,
  type TimerName,
  type UserCall,
} from './types.js';

export { EngineBug, RuleError } from './errors.js';
export type { StepRecord } from './step-record.js';

export interface EngineOptions {
  config?: Config;
  /** Initial sequence number source (RFC 9293 §3.4.1); gets the virtual time. */
  isn?: (now: number) => number;
  /** Called with a record of every step (tracing costs a little; leave it out to go fastest). */
  onStep?: (step: StepRecord) => void;
  /** Start where another engine was (see `snapshot`), instead of in CLOSED at time 0. */
  from?: EngineSnapshot;
}

/**
 * Where an engine is between inputs, as plain data: its state, its TCB and its running timers. A
 * check reaches a fixture on the reference and hands the snapshot to the code under test, so that
 * code never runs beside the reference's module for its own topic.
 */
export interface EngineSnapshot {
  state: State;
  tcb: Tcb;
  now: number;
  timers: [TimerName, number][];
}

export interface Engine {
  readonly state: State;
  readonly tcb: Readonly<Tcb>;
  readonly config: Readonly<Config>;
  handleUserCall(call: UserCall, now: number): void;
  handleSegment(seg: Segment, now: number): void;
  /** Fire every timer due at or before `now`, earliest first, each as its own step. */
  handleTimeout(now: number): void;
  pollTransmit(): Segment | undefined;
  /** The earliest timer deadline, if any timer runs. */
  pollTimeout(): number | undefined;
  pollNotice(): Notice | undefined;
  /** The deadline of one timer, if it runs. */
  timer(name: TimerName): number | undefined;
  /** A copy of where the engine is now (call it with nothing left to poll). */
  snapshot(): EngineSnapshot;
  /** The module function running now, or last (handlers and after-event hooks alike). */
  readonly running: string;
}

/** RFC 9293 §3.4.1's clock-driven ISN, on the virtual clock: 250 ticks (of 4 µs) per millisecond. */
export const clockIsn = (now: number): number => (now * 250) >>> 0;

export function createEngine(modules: Modules, options: EngineOptions = {}): Engine {
  return new TcpEngine(modules, options);
}

/** What was before the event running, refilled per event: the after-event hooks read it during the event only. */
const BEFORE: { state: State; una: number; received: boolean } = { state: 'CLOSED', una: 0, received: false };

/**
 * The rules of the event running, for an engine nobody records: only the first `#ruleCount` count,
 * and only until the event ends, so every such engine shares one (a record keeps its own).
 */
const SCRATCH_RULES: TransitionId[] = [];

class TcpEngine extends EngineTimers implements Engine, Conn, Ctx {
  state: State = 'CLOSED';
  tcb: Tcb;
  readonly config: Readonly<Config>;
  readonly seq;
  now = 0;

  /** The modules' dispatch table, each function's name read once (engine-routes.ts). */
  readonly #routes: Routes;
  readonly #isn: (now: number) => number;
  /** Only with onStep. */
  readonly #recorder: StepRecorder | undefined;
  /**
   * Segments and notices waiting to be polled, each from its head to its length. A queue is kept
   * once drained, not replaced, and starts with room for a few (grown from empty, it takes seventeen).
   */
  readonly #outbox: (Segment | undefined)[] = [undefined, undefined];
  #outHead = 0;
  #outLength = 0;
  readonly #notices: (Notice | undefined)[] = [undefined, undefined, undefined, undefined];
  #noticeHead = 0;
  #noticeLength = 0;
  /** This event's rules: a new array per event with a recorder, else SCRATCH_RULES. */
  #rules: TransitionId[] = SCRATCH_RULES;
  #ruleCount = 0;
  /** The first two rules, for the summary of a two-rule step. */
  #firstRule: Rule | undefined;
  #secondRule: Rule | undefined;
  /** The module function running (or that ran last) for the current event: named in errors and step records. */
  #handler = '';
  /** The function that called ctx.go last in this event, and the last one whose rule changed the state. */
  #namedBy = '';
  #movedBy = '';
  /** The same, after-event hooks included: what a stopped run was doing. */
  #running = '';

  constructor(modules: Modules, options: EngineOptions) {
    super(!!options.onStep);
    this.config = frozenConfig(options.config);
    this.seq = plainSequence(modules).sequence;
    this.#routes = routesFor(modules);
    this.#isn = options.isn ?? clockIsn;
    this.#recorder = options.onStep ? new StepRecorder(options.onStep) : undefined;
    const from = options.from;
    this.tcb = from ? copyTcb(from.tcb) : freshTcb(this.config);
    if (from) {
      this.state = from.state;
      this.now = from.now;
      for (const [name, at] of from.timers) this.startTimer(name, at);
    }
  }

  get running(): string {
    return this.#running;
  }

  snapshot(): EngineSnapshot {
    return { state: this.state, tcb: copyTcb(this.tcb), now: this.now, timers: this.runningTimers() };
  }

  // ---- inputs ----------------------------------------------------------------------------------

  handleUserCall(call: UserCall, now: number): void {
    this.#begin(now);
    const before = this.#beforeEvent(false);
    const handler = callHandlerName(call.call);
    if (handler === undefined) throw new TypeError(`unknown user call ${JSON.stringify(call)}`);
    if (call.call === 'SEND' && typeof call.data !== 'string') throw new TypeError('SEND needs data (a string)');
    this.#handler = this.#running = handler;
    this.#routes.table.userCall(this, call, this);
    this.#end(before, 'call', call);
  }

  handleSegment(seg: Segment, now: number): void {
    checkSegment(seg);
    this.#begin(now);
    const before = this.#beforeEvent(true);
    this.#runSegment(seg);
    // Segments held for later (RFC 9293 §3.10.7.4, SHLD-31) are processed once they start at RCV.NXT.
    const sequence = this.seq;
    for (let held = sequence.takeHeld(this); held; held = sequence.takeHeld(this)) this.#runSegment(held);
    this.#end(before, 'segment', seg);
  }

  handleTimeout(now: number): void {
    for (let slot = this.dueSlot(now); slot >= 0; slot = this.dueSlot(now)) {
      const due = TIMER_NAMES[slot]!;
      // Each expiry is its own step, at the moment it was due.
      this.#begin(Math.max(this.deadlineIn(slot), this.now));
      this.expireSlot(slot);
      const before = this.#beforeEvent(false);
      this.#handler = this.#running = named(this.#routes.timeoutNames[due], this.#routes.table.timeout[due]);
      this.#routes.table.timeout[due](this, this);
      this.#end(before, 'timeout', due);
    }
  }

  // ---- outputs ---------------------------------------------------------------------------------

  pollTransmit(): Segment | undefined {
    if (this.#outHead >= this.#outLength) return undefined;
    const seg = this.#outbox[this.#outHead];
    this.#outbox[this.#outHead++] = undefined;
    if (this.#outHead === this.#outLength) this.#outHead = this.#outLength = 0;
    return seg;
  }

  pollTimeout(): number | undefined {
    return this.earliestDeadline();
  }

  pollNotice(): Notice | undefined {
    if (this.#noticeHead >= this.#noticeLength) return undefined;
    const notice = this.#notices[this.#noticeHead];
    this.#notices[this.#noticeHead++] = undefined;
    if (this.#noticeHead === this.#noticeLength) this.#noticeHead = this.#noticeLength = 0;
    return notice;
  }

  // ---- the context handed to modules -------------------------------------------------------------

  newIss(): number {
    const iss = this.#isn(this.now);
    if (!Number.isInteger(iss)) throw new EngineBug(`the isn function returned ${String(iss)}, not an integer`);
    return iss >>> 0;
  }

  send(fields: SegmentFields): void {
    // Made first: a bad control string throws before the queue grows.
    const seg = makeSegment(fields, this.tcb.rcv.wnd);
    this.#outbox[this.#outLength++] = seg;
  }

  setTimer(name: TimerName, afterMs: number): void {
    if (!(afterMs >= 0) || !Number.isFinite(afterMs))
      throw new RuleError(
        `${this.#handler}: ctx.setTimer('${name}', ${afterMs}): a duration must be a finite number of ms ≥ 0`,
      );
    const at = this.now + afterMs;
    this.startTimer(name, at);
    if (this.#recorder) this.#recorder.timersSet.push({ name, at });
  }

  cancelTimer(name: TimerName): void {
    if (this.stopTimer(name) && this.#recorder) this.#recorder.timersCancelled.push(name);
  }

  timer(name: TimerName): number | undefined {
    return this.timerDeadline(name);
  }

  notify(notice: Notice): void {
    this.#notices[this.#noticeLength++] = notice;
  }

  go(id: TransitionId): void {
    const rule = ruleFor(id);
    if (!rule)
      throw new RuleError(`${this.#handler}: ctx.go('${id}'): no such catalogue entry (./tcplab catalogue lists them)`);
    if (rule.from !== this.state) {
      throw new RuleError(
        `${this.#handler}: ctx.go('${id}'): that rule starts in ${rule.from}, but the connection is in ${this.state}`,
      );
    }
    if (rule.composite)
      throw new RuleError(`${this.#handler}: ctx.go('${id}'): a composite edge; follow its two rules instead`);
    this.#follow(rule);
  }

  stay(event: KeepingEvent): void {
    const rule = keepingRule(event, this.state);
    if (!rule) {
      throw new RuleError(
        `${this.#handler}: ctx.stay('${String(event)}'): no catalogue rule keeps ${this.state} on that event (./tcplab catalogue lists them)`,
      );
    }
    this.#follow(rule);
  }

  #follow(rule: Rule): void {
    if (this.#ruleCount === 0) this.#firstRule = rule;
    else if (this.#ruleCount === 1) this.#secondRule = rule;
    this.#rules[this.#ruleCount++] = rule.id;
    // The step is charged to the function that named its rule, not to whichever ran last.
    this.#namedBy = this.#handler;
    if (rule.to === this.state) return;
    this.#movedBy = this.#handler;
    this.state = rule.to;
    // Entering CLOSED deletes the TCB; returning to LISTEN forgets the half-open connection.
    // Either way every timer of the old connection goes with it.
    if (rule.to === 'CLOSED' || rule.to === 'LISTEN') {
      this.tcb = freshTcb(this.config, rule.to === 'LISTEN', rule.to === 'LISTEN' && this.tcb.keepAlive);
      this.stopAllTimers(this.#recorder?.timersCancelled);
    }
  }

  // ---- step bookkeeping ------------------------------------------------------------------------

  #begin(now: number): void {
    if (typeof now !== 'number' || !Number.isFinite(now) || now < 0) {
      throw new RangeError(`time must be a finite number of milliseconds ≥ 0, got ${String(now)}`);
    }
    if (now < this.now) throw new RangeError(`time went back: ${now} ms after ${this.now} ms`);
    this.now = now;
    this.#ruleCount = 0;
    this.#namedBy = this.#movedBy = '';
    if (this.#recorder) {
      // A record keeps its rules array: each step gets a new one.
      this.#rules = [];
      this.#recorder.begin(this.#outLength, this.#noticeLength);
    }
  }

  #beforeEvent(received: boolean): Before {
    const b = BEFORE;
    b.state = this.state;
    b.una = this.tcb.snd.una;
    b.received = received;
    return b;
  }

  #runSegment(seg: Segment): void {
    const steps = this.#routes.segmentArrives[this.state];
    for (let i = 0; i < steps.length; i++) {
      const { step, name } = steps[i]!;
      this.#handler = this.#running = named(name, step);
      if (step(this, seg, this) === 'done') return;
    }
  }

  /** The step's end: the after-event hooks, then the id that names the step; a record if someone listens. */
  #end(before: Before, kind: StepInput['kind'], what: UserCall | Segment | TimerName): void {
    const hooks = this.#routes.afterEvent;
    for (let i = 0; i < hooks.length; i++) {
      const { hook, name } = hooks[i]!;
      this.#running = named(name, hook);
      hook(this, this, before);
    }
    const count = this.#ruleCount;
    const transition =
      count === 1
        ? this.#rules[0]
        : count === 2
          ? summaryOfTwo(this.#firstRule!, this.#secondRule!)
          : summarizeRules(this.#rules.length === count ? this.#rules : this.#rules.slice(0, count));
    if (transition === undefined) {
      throw new RuleError(
        `your ${this.#handler} handled ${eventName(inputRecord(kind, what))} in ${before.state} but named no transition: a handler calls ctx.go('…') (or ctx.stay('…')) with the catalogue rule it follows (./tcplab catalogue lists them)`,
      );
    }
    const recorder = this.#recorder;
    if (!recorder) return;
    const input = inputRecord(kind, what);
    recorder.listener({
      t: this.now,
      event: eventName(input),
      input,
      from: before.state,
      to: this.state,
      transition,
      rules: this.#rules,
      sent: this.#outbox.slice(recorder.sentFrom, this.#outLength) as Segment[],
      notices: this.#notices.slice(recorder.noticesFrom, this.#noticeLength) as Notice[],
      timers: { set: recorder.timersSet, cancelled: recorder.timersCancelled },
      running: this.runningTimers(),
      tcb: rfcVars(this.tcb),
      handler: this.#movedBy || this.#namedBy,
    });
  }
}
