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
 */
import { findEntry, summarizeRules, type CatalogueEntry, type TransitionId } from './catalogue.js';
import { validateConfig, makeConfig, type Config } from './config.js';
import { buildDispatch, type DispatchTable } from './dispatch.js';
import type { AfterEventHook, Before, Conn, Ctx, Modules, SegmentStep } from './modules.js';
import { checkSegment, copyTcb, flagNames, freshTcb, makeSegment, rfcVars, type RfcVars } from './tcb.js';
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

/** A mistake in the framework, or in what it was given (the isn function), rather than in the input. */
export class EngineBug extends Error {
  override name = 'EngineBug';
}

/**
 * A handler broke one of the engine's rules: a step that names no catalogue transition, a `ctx.go`
 * to a rule that does not start in the current state, a timer with a bad duration. Its message says
 * which handler and what it did, in the words of the module's author.
 */
export class RuleError extends Error {
  override name = 'RuleError';
}

/** The module function each user call goes to (grader/engine/dispatch.ts). */
const CALL_HANDLERS: Record<UserCall['call'], string> = {
  OPEN: 'open',
  SEND: 'send',
  RECEIVE: 'receive',
  CLOSE: 'close',
  ABORT: 'abort',
};

/** What one event did, for traces and checks. */
export interface StepRecord {
  t: number;
  /** `OPEN active`, `rcv SYN,ACK`, `timeout retransmission`, ... */
  event: string;
  /** The user call, segment or timer that made the step. */
  input:
    | { kind: 'call'; call: UserCall }
    | { kind: 'segment'; segment: Segment }
    | { kind: 'timeout'; timer: TimerName };
  from: State;
  to: State;
  /** The catalogue id that names the step as a whole. */
  transition: TransitionId;
  /** Every rule that fired, in order (usually one). */
  rules: TransitionId[];
  sent: Segment[];
  notices: Notice[];
  timers: { set: { name: TimerName; at: number }[]; cancelled: TimerName[] };
  /** Every timer running after the step, as [name, deadline], in TIMER_NAMES order (what a check compares). */
  running: [TimerName, number][];
  /** The RFC's TCB variables after the step. */
  tcb: RfcVars;
  /** The module function that handled the event last (the dispatch table's, not the after-event hooks). */
  handler: string;
}

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

// One dispatch table per set of modules and one validation per config object: a simulator creates
// an engine per connection, and neither needs redoing.
const tables = new WeakMap<Modules, Routes>();
const validated = new WeakMap<Config, Readonly<Config>>();

/** A dispatch table with each function's name read once: a step record and an error name the function that ran. */
interface Routes {
  readonly table: DispatchTable;
  readonly segmentArrives: Readonly<
    Record<State, readonly { readonly step: SegmentStep; readonly name: string | undefined }[]>
  >;
  readonly timeoutNames: Readonly<Record<TimerName, string | undefined>>;
  readonly afterEvent: readonly { readonly hook: AfterEventHook; readonly name: string | undefined }[];
}

/**
 * A function's name, or undefined where a module left the function out: the event that needs it
 * then fails as it always did, reading the name of nothing (see `named`).
 */
const nameOf = (f: unknown): string | undefined =>
  f === undefined || f === null ? undefined : (f as { name: string }).name;
const named = (name: string | undefined, f: unknown): string => name ?? (f as { name: string }).name;

function tableFor(modules: Modules): Routes {
  let routes = tables.get(modules);
  if (!routes) {
    const table = buildDispatch(modules);
    const segmentArrives = Object.fromEntries(
      Object.entries(table.segmentArrives).map(([state, steps]) => [
        state,
        steps.map((step) => ({ step, name: nameOf(step) })),
      ]),
    ) as unknown as Routes['segmentArrives'];
    const timeoutNames = Object.fromEntries(TIMER_NAMES.map((name) => [name, nameOf(table.timeout[name])])) as Record<
      TimerName,
      string | undefined
    >;
    routes = {
      table,
      segmentArrives,
      timeoutNames,
      afterEvent: table.afterEvent.map((hook) => ({ hook, name: nameOf(hook) })),
    };
    tables.set(modules, routes);
  }
  return routes;
}

function frozenConfig(config: Config | undefined): Readonly<Config> {
  if (!config) return Object.freeze(validateConfig(makeConfig()));
  let frozen = validated.get(config);
  if (!frozen) validated.set(config, (frozen = Object.freeze(validateConfig({ ...config }))));
  return frozen;
}

/** Each timer's slot in an engine's deadline array, in TIMER_NAMES order. */
const TIMER_SLOT: ReadonlyMap<string, number> = new Map(TIMER_NAMES.map((name, i) => [name, i]));
const NO_TIMER = -1;
const TIMER_COUNT = TIMER_NAMES.length;
/** Never written: the step-recording lists of an engine without onStep. */
const NOT_RECORDED: never[] = Object.freeze([]) as unknown as never[];
const slotOf = (name: string): number => TIMER_SLOT.get(name) ?? NO_TIMER;

/**
 * Sequence arithmetic as a plain object: `ctx.seq` is read on nearly every event, and a module
 * namespace (or a bundler's stand-in for one, with a getter per export) is slower to read from.
 */
const plainSequences = new WeakMap<Modules, Modules>();
function plainSequence(modules: Modules): Modules {
  if (typeof modules.sequence !== 'object' || modules.sequence === null) return modules;
  let plain = plainSequences.get(modules);
  if (!plain) plainSequences.set(modules, (plain = { ...modules, sequence: { ...modules.sequence } }));
  return plain;
}

const userEventName = (call: UserCall): string => (call.call === 'OPEN' ? `OPEN ${call.mode}` : call.call);

/** summarizeRules of two rules, kept by their entries: a handshake or close step often names two. */
const pairSummaries = new Map<CatalogueEntry, Map<CatalogueEntry, TransitionId | undefined>>();
function summaryOfTwo(a: CatalogueEntry, b: CatalogueEntry): TransitionId | undefined {
  let byB = pairSummaries.get(a);
  if (!byB) pairSummaries.set(a, (byB = new Map()));
  if (!byB.has(b)) byB.set(b, summarizeRules([a.id, b.id]));
  return byB.get(b);
}

function inputRecord(kind: StepRecord['input']['kind'], what: UserCall | Segment | TimerName): StepRecord['input'] {
  if (kind === 'call') return { kind, call: what as UserCall };
  return kind === 'segment' ? { kind, segment: what as Segment } : { kind, timer: what as TimerName };
}

function eventName(input: StepRecord['input']): string {
  if (input.kind === 'call') return userEventName(input.call);
  if (input.kind === 'timeout') return `timeout ${input.timer}`;
  const seg = input.segment;
  const names = flagNames(seg.flags);
  const data = seg.data.length > 0 ? ` +${seg.data.length}` : '';
  return `rcv ${names.length > 0 ? names.join(',') : 'no flags'}${data}`;
}

class TcpEngine implements Engine, Conn, Ctx {
  state: State = 'CLOSED';
  tcb: Tcb;
  readonly config: Readonly<Config>;
  readonly seq;
  now = 0;

  /** The modules, the sequence module as a plain object (see plainSequence). */
  readonly #modules: Modules;
  readonly #routes: Routes;
  readonly #table: DispatchTable;
  readonly #isn: (now: number) => number;
  readonly #onStep: ((step: StepRecord) => void) | undefined;
  /**
   * Each timer's deadline at its TIMER_SLOT (NaN: not running), then at TIMER_COUNT + slot the
   * order it was started in, which a step record lists cancelled timers by: one small array, as
   * timers are set and cancelled on nearly every event.
   */
  readonly #deadlines = new Float64Array(2 * TIMER_COUNT).fill(Number.NaN, 0, TIMER_COUNT);
  #starts = 0;
  /** A timer by a name the engine does not know (never due; kept as a Map kept it). */
  #otherTimers: Map<string, { at: number; order: number }> | undefined;
  #outbox: Segment[] = [];
  #outHead = 0;
  #notices: Notice[] = [];
  #noticeHead = 0;
  #rules: TransitionId[] = [];
  /** The module function running (or that ran last) for the current event: named in errors and step records. */
  #handler = '';
  /** The function that called ctx.go last in this event, and the last one whose rule changed the state. */
  #namedBy = '';
  #movedBy = '';
  /** The same, after-event hooks included: what a stopped run was doing. */
  #running = '';

  get running(): string {
    return this.#running;
  }
  /** How many rules of #rules this event has named (without onStep the array is reused, not cleared). */
  #ruleCount = 0;
  /** The catalogue entries of the first two rules, for the summary of a two-rule step. */
  #firstEntry: CatalogueEntry | undefined;
  #secondEntry: CatalogueEntry | undefined;
  // Step recording (only with onStep).
  #sentFrom = 0;
  #noticesFrom = 0;
  #timersSet: { name: TimerName; at: number }[] = NOT_RECORDED;
  #timersCancelled: TimerName[] = NOT_RECORDED;

  constructor(modules: Modules, options: EngineOptions) {
    this.config = frozenConfig(options.config);
    this.#modules = plainSequence(modules);
    this.seq = this.#modules.sequence;
    this.#routes = tableFor(modules);
    this.#table = this.#routes.table;
    this.#isn = options.isn ?? clockIsn;
    this.#onStep = options.onStep;
    this.tcb = freshTcb(this.config);
    if (options.from) this.#restore(options.from);
  }

  #restore(from: EngineSnapshot): void {
    this.state = from.state;
    this.tcb = copyTcb(from.tcb);
    this.now = from.now;
    for (const [name, at] of from.timers) this.#setDeadline(name, at);
  }

  snapshot(): EngineSnapshot {
    const timers: [TimerName, number][] = [];
    for (const [i, name] of TIMER_NAMES.entries()) {
      const at = this.#deadlines[i]!;
      if (!Number.isNaN(at)) timers.push([name, at]);
    }
    return { state: this.state, tcb: copyTcb(this.tcb), now: this.now, timers };
  }

  // ---- inputs ----------------------------------------------------------------------------------

  handleUserCall(call: UserCall, now: number): void {
    this.#begin(now);
    const before = this.#before(false);
    if (!Object.hasOwn(CALL_HANDLERS, call.call)) {
      throw new TypeError(`unknown user call ${JSON.stringify(call)}`);
    }
    if (call.call === 'SEND' && typeof call.data !== 'string') throw new TypeError('SEND needs data (a string)');
    this.#handler = this.#running = CALL_HANDLERS[call.call];
    this.#table.userCall(this, call, this);
    this.#end(before, 'call', call);
  }

  handleSegment(seg: Segment, now: number): void {
    checkSegment(seg);
    this.#begin(now);
    const before = this.#before(true);
    this.#runSegment(seg);
    // Segments held for later (RFC 9293 §3.10.7.4, SHLD-31) are processed once they start at RCV.NXT.
    for (let held = this.#modules.sequence.takeHeld(this); held; held = this.#modules.sequence.takeHeld(this)) {
      this.#runSegment(held);
    }
    this.#end(before, 'segment', seg);
  }

  handleTimeout(now: number): void {
    for (;;) {
      let due: TimerName | undefined;
      let dueAt = Infinity;
      let slot = 0;
      for (let i = 0; i < TIMER_COUNT; i++) {
        const at = this.#deadlines[i]!;
        if (at <= now && at < dueAt) {
          due = TIMER_NAMES[i];
          dueAt = at;
          slot = i;
        }
      }
      if (due === undefined) return;
      // Each expiry is its own step, at the moment it was due.
      this.#begin(Math.max(dueAt, this.now));
      this.#deadlines[slot] = Number.NaN;
      const before = this.#before(false);
      this.#handler = this.#running = named(this.#routes.timeoutNames[due], this.#table.timeout[due]);
      this.#table.timeout[due](this, this);
      this.#end(before, 'timeout', due);
    }
  }

  // ---- outputs ---------------------------------------------------------------------------------

  pollTransmit(): Segment | undefined {
    if (this.#outHead >= this.#outbox.length) return undefined;
    const seg = this.#outbox[this.#outHead++];
    if (this.#outHead === this.#outbox.length) {
      this.#outbox = [];
      this.#outHead = 0;
    }
    return seg;
  }

  pollTimeout(): number | undefined {
    let earliest: number | undefined;
    for (let i = 0; i < TIMER_COUNT; i++) {
      const at = this.#deadlines[i]!;
      if (!Number.isNaN(at) && (earliest === undefined || at < earliest)) earliest = at;
    }
    if (this.#otherTimers)
      for (const { at } of this.#otherTimers.values()) if (earliest === undefined || at < earliest) earliest = at;
    return earliest;
  }

  pollNotice(): Notice | undefined {
    if (this.#noticeHead >= this.#notices.length) return undefined;
    const notice = this.#notices[this.#noticeHead++];
    if (this.#noticeHead === this.#notices.length) {
      this.#notices = [];
      this.#noticeHead = 0;
    }
    return notice;
  }

  // ---- the context handed to modules -------------------------------------------------------------

  newIss(): number {
    const iss = this.#isn(this.now);
    if (!Number.isInteger(iss)) throw new EngineBug(`the isn function returned ${String(iss)}, not an integer`);
    return iss >>> 0;
  }

  send(fields: SegmentFields): void {
    this.#outbox.push(makeSegment(fields, this.tcb.rcv.wnd));
  }

  setTimer(name: TimerName, afterMs: number): void {
    if (!(afterMs >= 0) || !Number.isFinite(afterMs))
      throw new RuleError(
        `${this.#handler}: ctx.setTimer('${name}', ${afterMs}): a duration must be a finite number of ms ≥ 0`,
      );
    const at = this.now + afterMs;
    this.#setDeadline(name, at);
    if (this.#onStep) this.#timersSet.push({ name, at });
  }

  #setDeadline(name: TimerName, at: number): void {
    const slot = slotOf(name);
    if (slot === NO_TIMER) {
      this.#otherTimers ??= new Map();
      this.#otherTimers.set(name, { at, order: this.#otherTimers.get(name)?.order ?? ++this.#starts });
      return;
    }
    // A timer set again keeps its place in the order, as a Map's key does.
    if (Number.isNaN(this.#deadlines[slot]!)) this.#deadlines[TIMER_COUNT + slot] = ++this.#starts;
    this.#deadlines[slot] = at;
  }

  cancelTimer(name: TimerName): void {
    const slot = slotOf(name);
    const running =
      slot === NO_TIMER ? this.#otherTimers?.delete(name) === true : !Number.isNaN(this.#deadlines[slot]!);
    if (slot !== NO_TIMER) this.#deadlines[slot] = Number.NaN;
    if (running && this.#onStep) this.#timersCancelled.push(name);
  }

  /** Every timer running now as [name, deadline], in TIMER_NAMES order: a step record's `running`. */
  #runningTimers(): [TimerName, number][] {
    const out: [TimerName, number][] = [];
    for (const name of TIMER_NAMES) {
      const at = this.timer(name);
      if (at !== undefined) out.push([name, at]);
    }
    return out;
  }

  timer(name: TimerName): number | undefined {
    const slot = slotOf(name);
    const at = slot === NO_TIMER ? this.#otherTimers?.get(name)?.at : this.#deadlines[slot];
    return at === undefined || Number.isNaN(at) ? undefined : at;
  }

  /** Stop every timer; a step record lists them in the order they were started. */
  #cancelAll(): void {
    if (this.#onStep) {
      const running: { name: string; order: number }[] = [];
      for (const [i, name] of TIMER_NAMES.entries())
        if (!Number.isNaN(this.#deadlines[i]!)) running.push({ name, order: this.#deadlines[TIMER_COUNT + i]! });
      for (const [name, { order }] of this.#otherTimers ?? []) running.push({ name, order });
      for (const { name } of running.sort((a, b) => a.order - b.order)) this.#timersCancelled.push(name as TimerName);
    }
    this.#deadlines.fill(Number.NaN, 0, TIMER_COUNT);
    this.#otherTimers = undefined;
  }

  notify(notice: Notice): void {
    this.#notices.push(notice);
  }

  go(id: TransitionId): void {
    const entry = findEntry(id);
    if (!entry)
      throw new RuleError(
        `${this.#handler}: ctx.go('${id}'): no such catalogue entry (npx tcplab catalogue lists them)`,
      );
    if (entry.from !== this.state) {
      throw new RuleError(
        `${this.#handler}: ctx.go('${id}'): that rule starts in ${entry.from}, but the connection is in ${this.state}`,
      );
    }
    if (entry.via)
      throw new RuleError(`${this.#handler}: ctx.go('${id}'): a composite edge; follow its two rules instead`);
    if (this.#ruleCount === 0) this.#firstEntry = entry;
    else if (this.#ruleCount === 1) this.#secondEntry = entry;
    this.#rules[this.#ruleCount++] = id;
    // The step is charged to the function that named its rule, not to whichever ran last.
    this.#namedBy = this.#handler;
    if (entry.to === this.state) return;
    this.#movedBy = this.#handler;
    this.state = entry.to;
    // Entering CLOSED deletes the TCB; returning to LISTEN forgets the half-open connection.
    // Either way every timer of the old connection goes with it.
    if (entry.to === 'CLOSED' || entry.to === 'LISTEN') {
      this.tcb = freshTcb(this.config, entry.to === 'LISTEN', entry.to === 'LISTEN' && this.tcb.keepAlive);
      this.#cancelAll();
    }
  }

  // ---- step bookkeeping ------------------------------------------------------------------------

  #begin(now: number): void {
    if (typeof now !== 'number' || !Number.isFinite(now) || now < 0) {
      throw new RangeError(`time must be a finite number of milliseconds ≥ 0, got ${String(now)}`);
    }
    if (now < this.now) throw new RangeError(`time went back: ${now} ms after ${this.now} ms`);
    this.now = now;
    if (this.#onStep) this.#rules = [];
    this.#ruleCount = 0;
    this.#namedBy = this.#movedBy = '';
    if (this.#onStep) {
      this.#sentFrom = this.#outbox.length;
      this.#noticesFrom = this.#notices.length;
      this.#timersSet = [];
      this.#timersCancelled = [];
    }
  }

  // One object, refilled per event: the hooks read it during the event only.
  readonly #beforeRecord: { state: State; una: number; received: boolean } = {
    state: 'CLOSED',
    una: 0,
    received: false,
  };

  #before(received: boolean): Before {
    const b = this.#beforeRecord;
    b.state = this.state;
    b.una = this.tcb.snd.una;
    b.received = received;
    return b;
  }

  #runSegment(seg: Segment): void {
    // Indexed loops here and in #end: they run on every event, and allocate nothing.
    const steps = this.#routes.segmentArrives[this.state];
    for (let i = 0; i < steps.length; i++) {
      const { step, name } = steps[i]!;
      this.#handler = this.#running = named(name, step);
      if (step(this, seg, this) === 'done') return;
    }
  }

  /** The step's end; its input is made a record only when someone reads it (onStep, an error). */
  #end(before: Before, kind: StepRecord['input']['kind'], what: UserCall | Segment | TimerName): void {
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
          ? summaryOfTwo(this.#firstEntry!, this.#secondEntry!)
          : summarizeRules(this.#rules.length === count ? this.#rules : this.#rules.slice(0, count));
    if (transition === undefined) {
      throw new RuleError(
        `your ${this.#handler} handled ${eventName(inputRecord(kind, what))} in ${before.state} but named no transition: a handler calls ctx.go('…') with the catalogue rule it follows (npx tcplab catalogue lists them)`,
      );
    }
    if (this.#onStep) {
      const input = inputRecord(kind, what);
      this.#onStep({
        t: this.now,
        event: eventName(input),
        input,
        from: before.state,
        to: this.state,
        transition,
        rules: this.#rules,
        sent: this.#outbox.slice(this.#sentFrom),
        notices: this.#notices.slice(this.#noticesFrom),
        timers: { set: this.#timersSet, cancelled: this.#timersCancelled },
        running: this.#runningTimers(),
        tcb: rfcVars(this.tcb),
        handler: this.#movedBy || this.#namedBy,
      });
    }
  }
}
