/**
 * Plays one side of a captured flow on an engine: the peer's segments go in at the times the side
 * received them, the inferred user calls at theirs (infer.ts), and timers fire at their deadlines.
 * What the engine sends is recorded with the step that sent it, for compare.ts.
 *
 * A RST the side sent becomes an ABORT only when the engine would not send that RST by itself: a
 * copy of the engine (from its snapshot) is run ahead to the RST's time plus the tolerance, and if
 * it resets on its own (the keepalive giving up, a segment it answers with a RST) no call is made.
 */
import { makeConfig, type Config, type ProfileName } from '../engine/config.js';
import { createEngine, type Engine, type StepRecord } from '../engine/engine.js';
import type { Modules } from '../engine/modules.js';
import type { Segment } from '../engine/types.js';
import { inferCalls, type InferredCall } from './infer.js';
import type { SideTimeline } from './side.js';
import { tolerance } from './compare.js';

export interface EngineSent {
  t: number;
  seg: Segment;
  step: StepRecord;
}

export interface Played {
  calls: InferredCall[];
  /** Settings read from the capture and used (those given with --set win). */
  inferred: Partial<Config>;
  config: Config;
  sent: EngineSent[];
  steps: StepRecord[];
  /** An engine error (a student's module that throws), with the time it happened. */
  error?: { t: number; message: string };
}

/** How long after the capture's end the engine keeps running, so a late reply can still be matched. */
export const AFTER_END_MS = 600;

/** A RST sent this soon after a segment arrived is the kernel's answer to it, not a user's ABORT. */
const REACTION_MS = 1;

function drain(engine: Engine): void {
  while (engine.pollTransmit()) {
    /* recorded by onStep */
  }
  while (engine.pollNotice()) {
    /* not compared */
  }
}

function runTimers(engine: Engine, until: number): void {
  for (let d = engine.pollTimeout(); d !== undefined && d <= until; d = engine.pollTimeout()) {
    engine.handleTimeout(d);
    drain(engine);
  }
}

/** The settings read from the capture that `overrides` does not set. */
function unlessOverridden(settings: Partial<Config>, overrides: Partial<Config>): Partial<Config> {
  const inferred: Partial<Config> = {};
  for (const [k, v] of Object.entries(settings) as [keyof Config, never][]) {
    if (overrides[k] === undefined) inferred[k] = v;
  }
  return inferred;
}

/**
 * Whether the RST the side sent at `t` was the application's ABORT: not when the connection is
 * already gone, not when it left at once after a segment came in (Linux answering that segment),
 * and not when the engine would send a RST by itself by then (its own timers, run on a copy).
 */
function rstIsTheApplications(
  run: { engine: Engine; modules: Modules; config: Config; iss: number; timeline: SideTimeline },
  t: number,
  engineT: number,
): boolean {
  const { engine, modules, config, iss, timeline } = run;
  if (engine.state === 'CLOSED' || engine.state === 'LISTEN') return false;
  // A RST that left at once after a segment came in answered that segment: Linux's doing, not
  // the application's. Whatever the engine did with the segment is compared as it is.
  if (timeline.events.some((e) => e.dir === 'received' && e.t <= t && t - e.t < REACTION_MS)) return false;
  const ahead = createEngine(modules, { config, isn: () => iss, from: engine.snapshot() });
  const horizon = engineT + tolerance(0);
  for (let d = ahead.pollTimeout(); d !== undefined && d <= horizon; d = ahead.pollTimeout()) {
    ahead.handleTimeout(d);
    for (let s = ahead.pollTransmit(); s; s = ahead.pollTransmit()) if (s.flags.rst) return false;
    while (ahead.pollNotice()) {
      /* not compared */
    }
  }
  return true;
}

export function playSide(
  timeline: SideTimeline,
  modules: Modules,
  profile: ProfileName,
  overrides: Partial<Config>,
  /** Hand the engine whole milliseconds (for a script, whose times have that precision). The order
   * of inputs stays the capture's: rounding never puts a call before the segment that preceded it. */
  wholeMs = false,
): Played {
  const at = (t: number): number => (wholeMs ? Math.round(t) : t);
  const inference = inferCalls(timeline);
  const inferred = unlessOverridden(inference.settings, overrides);
  const config = makeConfig(profile, { ...inferred, ...overrides });
  const steps: StepRecord[] = [];
  const sent: EngineSent[] = [];
  const iss = timeline.iss ?? 0;
  const options = {
    config,
    isn: () => iss,
    onStep: (step: StepRecord) => {
      steps.push(step);
      for (const seg of step.sent) sent.push({ t: step.t, seg, step });
    },
  };
  const engine = createEngine(modules, options);
  const calls = [...inference.calls];
  type Item = { t: number; order: number; run: () => void };
  const items: Item[] = [];
  for (const c of inference.calls) items.push({ t: c.t, order: 0, run: () => engine.handleUserCall(c.call, at(c.t)) });
  for (const e of timeline.events) {
    if (e.dir === 'received') items.push({ t: e.t, order: 1, run: () => engine.handleSegment(e.seg, at(e.t)) });
  }
  for (const t of inference.rsts) {
    items.push({
      t,
      order: 0,
      run: () => {
        if (!rstIsTheApplications({ engine, modules, config, iss, timeline }, t, at(t))) return;
        calls.push({ t, call: { call: 'ABORT' }, because: 'it sent a RST the engine would not send by itself' });
        engine.handleUserCall({ call: 'ABORT' }, at(t));
      },
    });
  }
  // Calls before segments at the same instant: the application acts, then the packet leaves.
  items.sort((a, b) => a.t - b.t || a.order - b.order);
  try {
    for (const item of items) {
      runTimers(engine, at(item.t));
      item.run();
      drain(engine);
    }
    runTimers(engine, at(timeline.end) + AFTER_END_MS);
  } catch (e) {
    const t = steps[steps.length - 1]?.t ?? 0;
    return { calls, inferred, config, sent, steps, error: { t, message: e instanceof Error ? e.message : String(e) } };
  }
  calls.sort((a, b) => a.t - b.t);
  return { calls, inferred, config, sent, steps };
}
