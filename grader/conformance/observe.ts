/**
 * Running a list of inputs on an engine and observing what each did: the unit every conformance
 * check is built from. Inputs and observations are plain data, so they can be recorded in packs and
 * sent to a sandboxed child unchanged.
 */
import { makeConfig, type Config } from '../engine/config.js';
import { createEngine, type Engine, type EngineSnapshot, type StepRecord } from '../engine/engine.js';
import type { Modules } from '../engine/modules.js';
import { flagNames, makeSegment, rfcVars, type RfcVars } from '../engine/tcb.js';
import type { Ctl, Notice, Segment, State, TimerName, UserCall } from '../engine/types.js';
import { TIMER_NAMES } from '../engine/types.js';

/** One input at virtual time `t`; segments are written as the RFC writes them. */
export type Input =
  | { t: number; call: UserCall }
  | { t: number; seg: { seq: number; ack?: number; ctl: Ctl; data?: string; wnd?: number } }
  | { t: number; timeout: true };

/** A segment as compared: every field but the window, which is free unless a check says otherwise. */
export interface Wire {
  ctl: string;
  seq: number;
  ack: number;
  data: string;
}

/** What one input did. */
export interface Observation {
  state: State;
  sent: Wire[];
  notices: Notice[];
  /** Every running timer after the input, as [name, deadline], in TIMER_NAMES order. */
  timers: [TimerName, number][];
  /** The RFC's TCB variables after the input: a handler that sets one wrong is caught at its own step. */
  tcb: RfcVars;
  /** Catalogue ids the steps followed (informative; not compared). */
  rules: string[];
  /** The id naming the (last) step, used to charge a failure. */
  transition: string | undefined;
  /** The module function that handled the input (its last step's), named when it fails. */
  handler?: string;
  /** The code threw: NotImplemented (a stub), EngineBug, or anything else. */
  error?: { name: string; message: string };
}

export interface EngineSetup {
  profile: 'rfc' | 'linux';
  config: Partial<Config>;
  /** Our ISS. */
  iss: number;
}

function wire(seg: Segment): Wire {
  return { ctl: flagNames(seg.flags).join(','), seq: seg.seq, ack: seg.ack, data: seg.data };
}

export function toSegment(input: Extract<Input, { seg: unknown }>['seg'], wnd = 8192): Segment {
  return makeSegment(input, wnd);
}

/**
 * Run `inputs` on an engine built from `modules`, from CLOSED or from `start` (a fixture reached
 * elsewhere), and observe every input, into `out` as they come (a run stopped from outside keeps what
 * it saw, and `watch` is handed the engine, to say what was running). An error ends the run: the
 * observation for that input carries it.
 */
export function observe(
  setup: EngineSetup,
  inputs: readonly Input[],
  modules: Modules,
  {
    start,
    out = [],
    watch,
  }: { start?: EngineSnapshot | undefined; out?: Observation[]; watch?: (engine: Engine) => void } = {},
): Observation[] {
  const steps: StepRecord[] = [];
  const engine = createEngine(modules, {
    config: { ...makeConfig(setup.profile), ...setup.config },
    isn: () => setup.iss,
    onStep: (s) => steps.push(s),
    ...(start ? { from: start } : {}),
  });
  watch?.(engine);
  for (const input of inputs) {
    steps.length = 0;
    let error: Observation['error'];
    try {
      if ('call' in input) engine.handleUserCall(input.call, input.t);
      else if ('seg' in input) engine.handleSegment(toSegment(input.seg), input.t);
      else engine.handleTimeout(input.t);
    } catch (e) {
      error = { name: e instanceof Error ? e.name : typeof e, message: e instanceof Error ? e.message : String(e) };
    }
    const sent: Wire[] = [];
    for (let s = engine.pollTransmit(); s; s = engine.pollTransmit()) sent.push(wire(s));
    const notices: Notice[] = [];
    for (let n = engine.pollNotice(); n; n = engine.pollNotice()) notices.push(n);
    const timers: [TimerName, number][] = [];
    for (const name of TIMER_NAMES) {
      const at = engine.timer(name);
      if (at !== undefined) timers.push([name, at]);
    }
    out.push({
      state: engine.state,
      sent,
      notices,
      timers,
      tcb: rfcVars(engine.tcb),
      rules: steps.flatMap((s) => s.rules),
      transition: steps.at(-1)?.transition,
      ...(steps.length > 0 ? { handler: steps.at(-1)!.handler } : {}),
      ...(error ? { error } : {}),
    });
    if (error) break;
  }
  return out;
}

/**
 * Where the reference is after `inputs` (each of which it must handle without error): the fixture a
 * transition check hands to the code under test.
 */
export function fixtureAfter(setup: EngineSetup, inputs: readonly Input[], reference: Modules): EngineSnapshot {
  return engineAfter(setup, inputs, reference).snapshot();
}

/** An engine of `modules` that has handled `inputs` (each without error), its outputs drained. */
export function engineAfter(setup: EngineSetup, inputs: readonly Input[], modules: Modules): Engine {
  const engine = createEngine(modules, {
    config: { ...makeConfig(setup.profile), ...setup.config },
    isn: () => setup.iss,
  });
  for (const input of inputs) {
    if ('call' in input) engine.handleUserCall(input.call, input.t);
    else if ('seg' in input) engine.handleSegment(toSegment(input.seg), input.t);
    else engine.handleTimeout(input.t);
    while (engine.pollTransmit());
    while (engine.pollNotice());
  }
  return engine;
}
