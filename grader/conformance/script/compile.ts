/**
 * From a parsed script to grading material, checked against the reference engine.
 *
 * The script is played against the reference line by line. Inbound segments and user calls become
 * inputs; time passing fires the reference's timers as their own inputs (`{ timeout: true }` at each
 * deadline, in order), so a retransmission the script expects at a later time is a timer input there.
 * Before an input at time T every timer due at or before T fires. Each outbound line must match the
 * reference's next segment in every field it writes (flags, SEQ, ACK, length, `win` when given) and in
 * time, every `state` line the reference's state, and the reference must send nothing the script does
 * not expect. A script the reference disagrees with is refused, line and difference named.
 *
 * The expected results used for grading are the reference's own observations of the inputs (by
 * `observe`, as every other check computes them); the script's expectations only have to agree.
 */
import { findEntry, type ExerciseId } from '../../engine/catalogue.js';
import { makeConfig } from '../../engine/config.js';
import { createEngine, type Engine, type StepRecord } from '../../engine/engine.js';
import type { Modules } from '../../engine/modules.js';
import { parseCtl } from '../../engine/tcb.js';
import type { Segment } from '../../engine/types.js';
import { observe, toSegment, type EngineSetup, type Input, type Observation } from '../observe.js';
import { ScriptError } from './errors.js';
import type { Script, ScriptEvent, SegmentSpec } from './parse.js';

export interface CompiledScript {
  file: string;
  setup: EngineSetup;
  inputs: Input[];
  /** For each input, the script line it comes from (a timer's expiry: the line at which time reached it). */
  lines: number[];
  /** For each input, that line as written. */
  sources: string[];
  /** The reference's observation of each input: what grading compares with. */
  expected: Observation[];
  /** Exercises whose transitions the reference takes in this script, in course order. */
  exercises: ExerciseId[];
}

/** Most timer expiries one stretch of script time may hold (a timer re-armed for 0 ms would loop). */
const MAX_EXPIRIES = 10_000;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

/** A number relative to `base`, as a script writes it (negative just below the base). */
function rel(value: number, base: number): number {
  const d = (value - base) >>> 0;
  return d >= 0x8000_0000 ? d - 0x1_0000_0000 : d;
}

/** A segment in script syntax. */
export function renderSegment(seg: Segment, dir: '<' | '>', seqBase: number, ackBase: number, withWin = false): string {
  const f = seg.flags;
  const flags = `${f.syn ? 'S' : ''}${f.fin ? 'F' : ''}${f.rst ? 'R' : ''}${f.ack ? '.' : ''}`;
  const start = rel(seg.seq, seqBase);
  return `${dir} ${flags || '(no flags)'} ${start}:${start + seg.data.length}(${seg.data.length})` +
    `${f.ack ? ` ack ${rel(seg.ack, ackBase)}` : ''}${withWin ? ` win ${seg.wnd}` : ''}`;
}

interface Pending {
  seg: Segment;
  t: number;
  /** Why it was sent, for messages: "in answer to line 9", "when its retransmission timer expired". */
  cause: string;
  line: number;
}

/** Play `script` against the reference; the inputs, and the reference's observations of them. */
export function compileScript(script: Script, reference: Modules): CompiledScript {
  const { file, iss, irs } = script;
  const fail = (line: number, column: number, message: string): never => { throw ScriptError.at(file, line, column, message); };
  const setup: EngineSetup = { profile: script.profile, config: script.config, iss };
  const steps: StepRecord[] = [];
  let engine: Engine;
  try {
    engine = createEngine(reference, { config: { ...makeConfig(script.profile), ...script.config }, isn: () => iss, onStep: (s) => steps.push(s) });
  } catch (e) {
    return fail(script.setupLine, 1, `expected a configuration the engine accepts: ${e instanceof Error ? e.message : String(e)}`);
  }
  const inputs: Input[] = [];
  const lines: number[] = [];
  const sources: string[] = [];
  const pending: Pending[] = [];
  const out = (seg: Segment, withWin = false): string => renderSegment(seg, '>', iss, irs, withWin);

  const run = (input: Input, event: ScriptEvent): void => {
    inputs.push(input);
    lines.push(event.line);
    sources.push(event.source);
    steps.length = 0;
    try {
      if ('call' in input) engine.handleUserCall(input.call, input.t);
      else if ('seg' in input) engine.handleSegment(toSegment(input.seg), input.t);
      else engine.handleTimeout(input.t);
    } catch (e) {
      fail(event.line, event.col, `expected the reference engine to take this input, but it threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    const timer = steps.find((s) => s.input.kind === 'timeout')?.input;
    const cause = timer?.kind === 'timeout' ? `when its ${timer.timer} timer expired` : `in answer to line ${event.line}`;
    for (let seg = engine.pollTransmit(); seg; seg = engine.pollTransmit()) pending.push({ seg, t: input.t, cause, line: event.line });
    while (engine.pollNotice());
  };

  /** Fire the next timer if it is due at or before `t`; false if none is. */
  const fireNext = (t: number, event: ScriptEvent): boolean => {
    const at = engine.pollTimeout();
    if (at === undefined || at > t) return false;
    run({ t: at, timeout: true }, event);
    return true;
  };
  const advance = (t: number, event: ScriptEvent): void => {
    for (let n = 0; fireNext(t, event); n++) {
      if (n >= MAX_EXPIRIES) fail(event.line, event.col, `expected time to pass, but the reference's timers expired more than ${MAX_EXPIRIES} times before ${seconds(t)}`);
    }
  };
  const nothingPending = (event: ScriptEvent, what: string): void => {
    const p = pending[0];
    if (p) {
      fail(event.line, event.col, `expected no segment from the engine ${what}, but the reference sent '${out(p.seg)}' at ${seconds(p.t)} ` +
        `(${p.cause}); add that line to the script if it is right`);
    }
  };

  for (const event of script.events) {
    switch (event.kind) {
      case 'inbound':
      case 'user':
        advance(event.t, event);
        nothingPending(event, 'before this line');
        run(event.kind === 'user' ? { t: event.t, call: event.call } : { t: event.t, seg: inboundFields(event.segment, iss, irs) }, event);
        break;
      case 'outbound': {
        while (pending.length === 0 && fireNext(event.t, event)) { /* until something is sent or no timer is due */ }
        const want = expectedSegment(event.segment, iss, irs);
        const shown = `'${renderSegment(want, '>', iss, irs, event.segment.win !== undefined)}' at ${seconds(event.t)}`;
        const got = pending.shift();
        if (!got) {
          const at = engine.pollTimeout();
          const next = at === undefined ? 'no timer runs' : `its next timer, ${nextTimer(engine, at)}, is due at ${seconds(at)}`;
          fail(event.line, event.timeCol, `expected ${shown}, but the reference sent nothing by then (${next})`);
          break;
        }
        const column = differs(event.segment, want, got.seg) ?? (got.t !== event.t ? event.timeCol : undefined);
        if (column !== undefined) {
          fail(event.line, column, `expected ${shown}, but the reference sent '${out(got.seg, event.segment.win !== undefined)}' at ${seconds(got.t)} (${got.cause})`);
        }
        break;
      }
      case 'state':
        if (event.t !== undefined) advance(event.t, event);
        if (engine.state !== event.state) {
          fail(event.line, event.stateCol, `expected state ${event.state}, but the reference is in ${engine.state}`);
        }
        break;
    }
  }
  const left = pending[0];
  if (left) {
    fail(left.line, 1, `expected no more segments (the script ends), but the reference sent '${out(left.seg)}' at ${seconds(left.t)} (${left.cause}); add that line to the script if it is right`);
  }

  let expected: Observation[];
  try {
    expected = observe(setup, inputs, reference);
  } catch (e) {
    return fail(lines[0] ?? 1, 1, `expected the reference engine to run this script, but it threw ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const [i, o] of expected.entries()) {
    if (o.error || !o.transition || !findEntry(o.transition)) {
      fail(lines[i]!, 1, `expected the reference to take a catalogue transition here, but it ${o.error ? `threw ${o.error.name}: ${o.error.message}` : `named '${o.transition ?? 'none'}'`}`);
    }
  }
  if (expected.length !== inputs.length) fail(lines[expected.length] ?? 1, 1, 'expected the reference to observe every input, but its run ended early');
  const touched = new Set(expected.map((o) => findEntry(o.transition!)!.exercise));
  const exercises = [...touched].sort();
  return { file, setup, inputs, lines, sources, expected, exercises };
}

function nextTimer(engine: Engine, at: number): string {
  for (const name of ['retransmission', 'delayed-ack', 'time-wait', 'fin-wait-2', 'keepalive', 'user-timeout'] as const) {
    if (engine.timer(name) === at) return name;
  }
  return 'a timer';
}

/** The fields of an inbound segment, made absolute. */
function inboundFields(spec: SegmentSpec, iss: number, irs: number): Extract<Input, { seg: unknown }>['seg'] {
  return {
    seq: (irs + spec.start) >>> 0,
    ctl: spec.ctl,
    ...(spec.ack !== undefined ? { ack: (iss + spec.ack) >>> 0 } : {}),
    ...(spec.len > 0 ? { data: 'x'.repeat(spec.len) } : {}),
    ...(spec.win !== undefined ? { wnd: spec.win } : {}),
  };
}

/** The segment an outbound line describes (payload octets stand for any data of that length). */
function expectedSegment(spec: SegmentSpec, iss: number, irs: number): Segment {
  const flags = parseCtl(spec.ctl);
  return { seq: (iss + spec.start) >>> 0, ack: spec.ack !== undefined ? (irs + spec.ack) >>> 0 : 0, wnd: spec.win ?? 0, flags, data: 'x'.repeat(spec.len) };
}

/** The column of the first field where `got` differs from what the line writes, if any. */
function differs(spec: SegmentSpec, want: Segment, got: Segment): number | undefined {
  const f = (s: Segment): string => `${s.flags.syn}${s.flags.ack}${s.flags.fin}${s.flags.rst}`;
  if (f(want) !== f(got)) return spec.cols.flags;
  if (want.seq !== got.seq || want.data.length !== got.data.length) return spec.cols.range;
  if (want.flags.ack && want.ack !== got.ack) return spec.cols.ack;
  if (spec.win !== undefined && spec.win !== got.wnd) return spec.cols.win;
  return undefined;
}
