/**
 * What one event did, as a record for traces and checks. An engine builds one only when someone
 * listens (`onStep`): without a listener a step allocates none of it.
 */
import type { TransitionId } from './catalogue.js';
import { flagNames, type RfcVars } from './tcb.js';
import type { Notice, Segment, State, TimerName, UserCall } from './types.js';

/** What one event did, for traces and checks. */
export interface StepRecord {
  t: number;
  /** `OPEN active`, `rcv SYN,ACK`, `timeout retransmission`, ... */
  event: string;
  /** The user call, segment or timer that made the step. */
  input: StepInput;
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

export type StepInput =
  | { kind: 'call'; call: UserCall }
  | { kind: 'segment'; segment: Segment }
  | { kind: 'timeout'; timer: TimerName };

export function inputRecord(kind: StepInput['kind'], what: UserCall | Segment | TimerName): StepInput {
  if (kind === 'call') return { kind, call: what as UserCall };
  return kind === 'segment' ? { kind, segment: what as Segment } : { kind, timer: what as TimerName };
}

/** The event as a step record and an error name it: `OPEN active`, `rcv SYN,ACK +5`, `timeout keepalive`. */
export function eventName(input: StepInput): string {
  if (input.kind === 'call') return input.call.call === 'OPEN' ? `OPEN ${input.call.mode}` : input.call.call;
  if (input.kind === 'timeout') return `timeout ${input.timer}`;
  const seg = input.segment;
  const names = flagNames(seg.flags);
  const data = seg.data.length > 0 ? ` +${seg.data.length}` : '';
  return `rcv ${names.length > 0 ? names.join(',') : 'no flags'}${data}`;
}

/** The parts of a record gathered while the step runs: where its segments and notices start, its timers. */
export class StepRecorder {
  sentFrom = 0;
  noticesFrom = 0;
  timersSet: { name: TimerName; at: number }[] = [];
  timersCancelled: TimerName[] = [];

  constructor(readonly listener: (step: StepRecord) => void) {}

  begin(sent: number, notices: number): void {
    this.sentFrom = sent;
    this.noticesFrom = notices;
    this.timersSet = [];
    this.timersCancelled = [];
  }
}
