/**
 * Running a list of inputs on an engine and observing what each did: the unit every conformance
 * check is built from. Inputs and observations are plain data, so they can be recorded in packs and
 * sent to a sandboxed child unchanged.
 */
import { makeConfig, type Config } from '../engine/config.js';
import { createEngine, type StepRecord } from '../engine/engine.js';
import type { Modules } from '../engine/modules.js';
import { flagNames, makeSegment } from '../engine/tcb.js';
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
  /** Catalogue ids the steps followed (informative; not compared). */
  rules: string[];
  /** The id naming the (last) step, used to charge a failure. */
  transition: string | undefined;
  /** The code threw: NotImplemented (a stub), EngineBug, or anything else. */
  error?: { name: string; message: string };
}

export interface EngineSetup {
  profile: 'rfc' | 'linux';
  config: Partial<Config>;
  /** Our ISS. */
  iss: number;
}

export function wire(seg: Segment): Wire {
  return { ctl: flagNames(seg.flags).join(','), seq: seg.seq, ack: seg.ack, data: seg.data };
}

export function toSegment(input: Extract<Input, { seg: unknown }>['seg'], wnd = 8192): Segment {
  return makeSegment(input, wnd);
}

/**
 * Run `inputs` on an engine built from `modulesAt(i)` for input i (so a check can set up a state
 * with the reference and hand the last input to a candidate) and observe every input. An error
 * ends the run: the observation for that input carries it.
 */
export function observe(setup: EngineSetup, inputs: readonly Input[], modulesAt: Modules | ((index: number) => Modules)): Observation[] {
  // One module set for every input needs no forwarding (and keeps the engine's dispatch cache warm).
  const live = typeof modulesAt === 'function' ? liveModules(modulesAt(0)) : { modules: modulesAt, use: () => undefined };
  const at = typeof modulesAt === 'function' ? modulesAt : () => modulesAt;
  const steps: StepRecord[] = [];
  const engine = createEngine(live.modules, {
    config: { ...makeConfig(setup.profile), ...setup.config },
    isn: () => setup.iss,
    onStep: (s) => steps.push(s),
  });
  const out: Observation[] = [];
  for (const [i, input] of inputs.entries()) {
    live.use(at(i));
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
      state: engine.state, sent, notices, timers,
      rules: steps.flatMap((s) => s.rules), transition: steps.at(-1)?.transition,
      ...(error ? { error } : {}),
    });
    if (error) break;
  }
  return out;
}

/** A module set whose functions forward to whichever set is in use: switchable between inputs. */
function liveModules(initial: Modules): { modules: Modules; use(m: Modules): void } {
  let current = initial;
  const modules = {} as Record<string, Record<string, unknown>>;
  for (const [topic, mod] of Object.entries(initial) as [keyof Modules, Record<string, unknown>][]) {
    const forward: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(mod)) {
      forward[name] = typeof value === 'function'
        ? (...args: unknown[]) => ((current[topic] as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!)(...args)
        : value;
    }
    modules[topic] = forward;
  }
  return { modules: modules as unknown as Modules, use: (m) => { current = m; } };
}
