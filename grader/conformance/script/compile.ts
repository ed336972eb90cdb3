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
  return (
    `${dir} ${flags || '(no flags)'} ${start}:${start + seg.data.length}(${seg.data.length})` +
    `${f.ack ? ` ack ${rel(seg.ack, ackBase)}` : ''}${withWin ? ` win ${seg.wnd}` : ''}`
  );
}

interface Pending {
  seg: Segment;
  t: number;
  /** Why it was sent, for messages: "in answer to line 9", "when its retransmission timer expired". */
  cause: string;
  line: number;
}

/** A script played line by line against the reference: the inputs it makes, and what the reference sent. */
class Playback {
  readonly inputs: Input[] = [];
  readonly lines: number[] = [];
  readonly sources: string[] = [];
  /** Segments the reference sent that no outbound line has taken yet. */
  private readonly pending: Pending[] = [];
  private readonly steps: StepRecord[] = [];
  private readonly engine: Engine;

  constructor(
    private readonly script: Script,
    reference: Modules,
  ) {
    const { iss } = script;
    try {
      this.engine = createEngine(reference, {
        config: { ...makeConfig(script.profile), ...script.config },
        isn: () => iss,
        onStep: (s) => this.steps.push(s),
      });
    } catch (e) {
      throw ScriptError.at(
        script.file,
        script.setupLine,
        1,
        `expected a configuration the engine accepts: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  private fail(line: number, column: number, message: string): never {
    throw ScriptError.at(this.script.file, line, column, message);
  }

  private out(seg: Segment, withWin = false): string {
    return renderSegment(seg, '>', this.script.iss, this.script.irs, withWin);
  }

  /** Hand the reference one input; what it sends waits in `pending`, with why it was sent. */
  private run(input: Input, event: ScriptEvent): void {
    this.inputs.push(input);
    this.lines.push(event.line);
    this.sources.push(event.source);
    this.steps.length = 0;
    try {
      if ('call' in input) this.engine.handleUserCall(input.call, input.t);
      else if ('seg' in input) this.engine.handleSegment(toSegment(input.seg), input.t);
      else this.engine.handleTimeout(input.t);
    } catch (e) {
      this.fail(
        event.line,
        event.col,
        `expected the reference engine to take this input, but it threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
      );
    }
    const timer = this.steps.find((s) => s.input.kind === 'timeout')?.input;
    const cause =
      timer?.kind === 'timeout' ? `when its ${timer.timer} timer expired` : `in answer to line ${event.line}`;
    for (let seg = this.engine.pollTransmit(); seg; seg = this.engine.pollTransmit())
      this.pending.push({ seg, t: input.t, cause, line: event.line });
    while (this.engine.pollNotice());
  }

  /** Fire the next timer if it is due at or before `t`; false if none is. */
  private fireNext(t: number, event: ScriptEvent): boolean {
    const at = this.engine.pollTimeout();
    if (at === undefined || at > t) return false;
    this.run({ t: at, timeout: true }, event);
    return true;
  }

  private advance(t: number, event: ScriptEvent): void {
    for (let n = 0; this.fireNext(t, event); n++) {
      if (n >= MAX_EXPIRIES)
        this.fail(
          event.line,
          event.col,
          `expected time to pass, but the reference's timers expired more than ${MAX_EXPIRIES} times before ${seconds(t)}`,
        );
    }
  }

  private nothingPending(event: ScriptEvent, what: string): void {
    const p = this.pending[0];
    if (p) {
      this.fail(
        event.line,
        event.col,
        `expected no segment from the engine ${what}, but the reference sent '${this.out(p.seg)}' at ${seconds(p.t)} ` +
          `(${p.cause}); add that line to the script if it is right`,
      );
    }
  }

  /** An outbound line: the reference's next segment, in every field the line writes and in time. */
  private expectSent(event: Extract<ScriptEvent, { kind: 'outbound' }>): void {
    const { iss, irs } = this.script;
    while (this.pending.length === 0 && this.fireNext(event.t, event)) {
      /* until something is sent or no timer is due */
    }
    const want = expectedSegment(event.segment, iss, irs);
    const shown = `'${renderSegment(want, '>', iss, irs, event.segment.win !== undefined)}' at ${seconds(event.t)}`;
    const got = this.pending.shift();
    if (!got) {
      const at = this.engine.pollTimeout();
      const next =
        at === undefined ? 'no timer runs' : `its next timer, ${nextTimer(this.engine, at)}, is due at ${seconds(at)}`;
      this.fail(event.line, event.timeCol, `expected ${shown}, but the reference sent nothing by then (${next})`);
    }
    const column = differs(event.segment, want, got.seg) ?? (got.t !== event.t ? event.timeCol : undefined);
    if (column !== undefined) {
      this.fail(
        event.line,
        column,
        `expected ${shown}, but the reference sent '${this.out(got.seg, event.segment.win !== undefined)}' at ${seconds(got.t)} (${got.cause})`,
      );
    }
  }

  play(event: ScriptEvent): void {
    const { iss, irs } = this.script;
    switch (event.kind) {
      case 'inbound':
      case 'user':
        this.advance(event.t, event);
        this.nothingPending(event, 'before this line');
        this.run(
          event.kind === 'user'
            ? { t: event.t, call: event.call }
            : { t: event.t, seg: inboundFields(event.segment, iss, irs) },
          event,
        );
        break;
      case 'outbound':
        this.expectSent(event);
        break;
      case 'state':
        if (event.t !== undefined) this.advance(event.t, event);
        if (this.engine.state !== event.state) {
          this.fail(
            event.line,
            event.stateCol,
            `expected state ${event.state}, but the reference is in ${this.engine.state}`,
          );
        }
        break;
    }
  }

  /** The script has ended: nothing the reference sent may be left unexpected. */
  finish(): void {
    const left = this.pending[0];
    if (left) {
      this.fail(
        left.line,
        1,
        `expected no more segments (the script ends), but the reference sent '${this.out(left.seg)}' at ${seconds(left.t)} (${left.cause}); add that line to the script if it is right`,
      );
    }
  }
}

/** The reference's observation of each input, each naming a catalogue transition, and the exercises they touch. */
function observed(
  file: string,
  setup: EngineSetup,
  inputs: Input[],
  lines: number[],
  reference: Modules,
): { expected: Observation[]; exercises: ExerciseId[] } {
  const fail = (line: number, message: string): never => {
    throw ScriptError.at(file, line, 1, message);
  };
  let expected: Observation[];
  try {
    expected = observe(setup, inputs, reference);
  } catch (e) {
    return fail(
      lines[0] ?? 1,
      `expected the reference engine to run this script, but it threw ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  for (const [i, o] of expected.entries()) {
    if (o.error || !o.transition || !findEntry(o.transition)) {
      fail(
        lines[i]!,
        `expected the reference to take a catalogue transition here, but it ${o.error ? `threw ${o.error.name}: ${o.error.message}` : `named '${o.transition ?? 'none'}'`}`,
      );
    }
  }
  if (expected.length !== inputs.length)
    fail(lines[expected.length] ?? 1, 'expected the reference to observe every input, but its run ended early');
  const touched = new Set(expected.map((o) => findEntry(o.transition!)!.exercise));
  return { expected, exercises: [...touched].sort() };
}

/** Play `script` against the reference; the inputs, and the reference's observations of them. */
export function compileScript(script: Script, reference: Modules): CompiledScript {
  const playback = new Playback(script, reference);
  for (const event of script.events) playback.play(event);
  playback.finish();
  const { inputs, lines, sources } = playback;
  const setup: EngineSetup = { profile: script.profile, config: script.config, iss: script.iss };
  return {
    file: script.file,
    setup,
    inputs,
    lines,
    sources,
    ...observed(script.file, setup, inputs, lines, reference),
  };
}

function nextTimer(engine: Engine, at: number): string {
  for (const name of [
    'retransmission',
    'delayed-ack',
    'time-wait',
    'fin-wait-2',
    'keepalive',
    'user-timeout',
  ] as const) {
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
  return {
    seq: (iss + spec.start) >>> 0,
    ack: spec.ack !== undefined ? (irs + spec.ack) >>> 0 : 0,
    wnd: spec.win ?? 0,
    flags,
    data: 'x'.repeat(spec.len),
  };
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
