/**
 * Playing one side of a conversation again, on other code, with no peer and no network.
 *
 * The reference plays the whole conversation once, and every input one side's engines were handed
 * is recorded: user calls, arriving segments and timer expiries, each with its time and the number
 * of the connection it went to, and the host's ISNs. The code under test then gets exactly those
 * inputs. As long as it answers as the reference did, the peer would have sent what was recorded;
 * at the first step where it does not, judging stops (./scenario-checks.ts). So a scenario check
 * needs no reference in the process that runs the code under test.
 */
import type { Config } from '../engine/config.js';
import { createEngine, type Engine, type StepRecord } from '../engine/engine.js';
import type { Modules } from '../engine/modules.js';
import { ISN_STEP, type EngineInput, type Host } from '../sim/host.js';
import { traceSegment, type TraceStep } from '../sim/trace.js';

/** One host's side of a conversation, as inputs. */
export interface Replay {
  config: Config;
  /** The ISN of the host's first connection, and the step to the next one's. */
  isnBase: number;
  isnStep: number;
  inputs: EngineInput[];
}

/** What judging compares of a step, and what it charges a failure to. */
export type PlayedStep = Pick<
  TraceStep,
  't' | 'event' | 'from' | 'to' | 'transition' | 'rules' | 'sent' | 'notices' | 'running' | 'tcb'
> & {
  /** The module function that handled the event last. */
  handler?: string;
};

export interface Played {
  steps: PlayedStep[];
  /** What the code threw, if it threw: the replay ends there. */
  error?: { name: string; message: string };
}

/** A side as the reference played it: its steps, and the inputs that made them. */
export interface Recorded {
  expected: TraceStep[];
  replay: Replay;
}

/** What a run that plays a conversation takes to be recorded (runScenario's and playPlan's hooks). */
export interface RecordHooks {
  onStep: (step: TraceStep) => void;
  onInput: (host: Host, input: EngineInput) => void;
}

/** Run a conversation once (on the reference) and record every side of it, `sides` at least. */
export function record(
  run: (hooks: RecordHooks) => { config: Config },
  sides: readonly string[] = [],
): Map<string, Recorded> {
  const seen = new Map<string, { expected: TraceStep[]; isnBase: number; inputs: EngineInput[] }>();
  const sideOf = (name: string, isnBase = 0): { expected: TraceStep[]; isnBase: number; inputs: EngineInput[] } => {
    let side = seen.get(name);
    if (!side) seen.set(name, (side = { expected: [], isnBase, inputs: [] }));
    return side;
  };
  for (const name of sides) sideOf(name);
  const { config } = run({
    onStep: (step) => sideOf(step.side).expected.push(step),
    // Copied: the recording must not change if a later engine changes what it was handed.
    onInput: (host, input) => {
      const side = sideOf(host.name);
      if (side.inputs.length === 0) side.isnBase = host.isnBase;
      side.inputs.push(structuredClone(input));
    },
  });
  const out = new Map<string, Recorded>();
  for (const [name, side] of seen) {
    out.set(name, {
      expected: side.expected,
      replay: { config, isnBase: side.isnBase, isnStep: ISN_STEP, inputs: side.inputs },
    });
  }
  return out;
}

const describe = (e: unknown): { name: string; message: string } => ({
  name: e instanceof Error ? e.name : typeof e,
  message: e instanceof Error ? e.message : String(e),
});

function played(step: StepRecord): PlayedStep {
  return {
    t: step.t,
    event: step.event,
    from: step.from,
    to: step.to,
    transition: step.transition,
    rules: step.rules,
    running: step.running,
    sent: step.sent.map((seg) => traceSegment(seg)),
    notices: step.notices,
    tcb: step.tcb,
    handler: step.handler,
  };
}

/** Hand `r`'s inputs, in order, to engines built from `modules`, and observe every step they take (into `steps`, as they come). */
export function replay(
  r: Replay,
  modules: Modules,
  steps: PlayedStep[] = [],
  watch?: (engine: Engine) => void,
): Played {
  const engines = new Map<number, Engine>();
  let isnNext = r.isnBase >>> 0;
  const isn = (): number => {
    const iss = isnNext;
    isnNext = (isnNext + r.isnStep) >>> 0;
    return iss;
  };
  const onStep = (step: StepRecord): void => {
    steps.push(played(step));
  };
  try {
    for (const input of r.inputs) {
      let engine = engines.get(input.conn);
      if (!engine) engines.set(input.conn, (engine = createEngine(modules, { config: r.config, isn, onStep })));
      watch?.(engine);
      if ('call' in input) engine.handleUserCall({ ...input.call }, input.t);
      else if ('seg' in input) engine.handleSegment({ ...input.seg, flags: { ...input.seg.flags } }, input.t);
      else engine.handleTimeout(input.t);
      // What the engine sent and told is in its steps; the queues only need emptying.
      while (engine.pollTransmit());
      while (engine.pollNotice());
    }
    return { steps };
  } catch (e) {
    return { steps, error: describe(e) };
  }
}
