/**
 * An engine's timers. Handlers set and cancel them on nearly every event, so each timer of
 * TIMER_NAMES has a fixed slot in a small array, found by a switch rather than a Map. A name the
 * engine does not know is kept too, in a Map, and is never due. When steps are recorded, the order
 * timers were started in is kept as well: a step that deletes the TCB lists the timers it cancelled in
 * that order, and a timer set again keeps its place, as a Map's key does.
 */
import { TIMER_NAMES, type TimerName } from './types.js';

/** A timer's slot, its index in TIMER_NAMES; -1 for a name the engine does not know. */
export function timerSlot(name: string): number {
  switch (name) {
    case 'retransmission':
      return 0;
    case 'delayed-ack':
      return 1;
    case 'time-wait':
      return 2;
    case 'fin-wait-2':
      return 3;
    case 'keepalive':
      return 4;
    case 'user-timeout':
      return 5;
    default:
      return -1;
  }
}
// The switch spells TIMER_NAMES out again: refuse to load if the two part ways.
for (const [i, name] of TIMER_NAMES.entries()) {
  if (timerSlot(name) !== i) throw new Error(`engine-timers: timer '${name}' is not in slot ${i}`);
}

const SLOTS = TIMER_NAMES.length;
const NOT_RUNNING = TIMER_NAMES.map(() => Number.NaN);

/**
 * The timers as a base of the engine, so their array is one step from it. The methods are protected:
 * a module sees the engine only as its context, whose timer methods are setTimer, cancelTimer, timer.
 */
export class EngineTimers {
  /** Each slot's deadline; NaN while its timer is not running. */
  readonly #at: number[] = NOT_RUNNING.slice();
  /** When each slot's timer was started, as a count of starts: kept only for step records. */
  readonly #order: number[] | undefined;
  #starts = 0;
  #other: Map<string, { at: number; order: number }> | undefined;

  constructor(ordered: boolean) {
    this.#order = ordered ? TIMER_NAMES.map(() => 0) : undefined;
  }

  /** The deadline of a running timer, else undefined. */
  protected timerDeadline(name: string): number | undefined {
    const slot = timerSlot(name);
    const at = slot < 0 ? this.#other?.get(name)?.at : this.#at[slot];
    return at === undefined || Number.isNaN(at) ? undefined : at;
  }

  /** Start a timer, or move the deadline of a running one (it keeps its place in the order). */
  protected startTimer(name: string, at: number): void {
    const slot = timerSlot(name);
    if (slot < 0) {
      this.#other ??= new Map();
      this.#other.set(name, { at, order: this.#other.get(name)?.order ?? ++this.#starts });
      return;
    }
    if (this.#order && Number.isNaN(this.#at[slot]!)) this.#order[slot] = ++this.#starts;
    this.#at[slot] = at;
  }

  /** Stop a timer; true if it was running. */
  protected stopTimer(name: string): boolean {
    const slot = timerSlot(name);
    if (slot < 0) return this.#other?.delete(name) === true;
    const running = !Number.isNaN(this.#at[slot]!);
    this.#at[slot] = Number.NaN;
    return running;
  }

  /** The earliest deadline of all running timers, unknown names included. */
  protected earliestDeadline(): number | undefined {
    let earliest: number | undefined;
    for (let i = 0; i < SLOTS; i++) {
      const at = this.#at[i]!;
      if (!Number.isNaN(at) && (earliest === undefined || at < earliest)) earliest = at;
    }
    if (this.#other)
      for (const { at } of this.#other.values()) if (earliest === undefined || at < earliest) earliest = at;
    return earliest;
  }

  /** The slot of the earliest timer due at or before `now` (the first slot on a tie), or -1. */
  protected dueSlot(now: number): number {
    let slot = -1;
    let dueAt = Infinity;
    for (let i = 0; i < SLOTS; i++) {
      const at = this.#at[i]!;
      if (at <= now && at < dueAt) {
        slot = i;
        dueAt = at;
      }
    }
    return slot;
  }

  /** The deadline in a slot (NaN: not running). */
  protected deadlineIn(slot: number): number {
    return this.#at[slot]!;
  }

  /** A timer that fired: it stops without being cancelled. */
  protected expireSlot(slot: number): void {
    this.#at[slot] = Number.NaN;
  }

  /** Every running timer of TIMER_NAMES as [name, deadline], in that order. */
  protected runningTimers(): [TimerName, number][] {
    const out: [TimerName, number][] = [];
    for (let i = 0; i < SLOTS; i++) {
      const at = this.#at[i]!;
      if (!Number.isNaN(at)) out.push([TIMER_NAMES[i]!, at]);
    }
    return out;
  }

  /** Stop every timer; with `cancelled`, push the names of those running there, in the order they were started. */
  protected stopAllTimers(cancelled?: TimerName[]): void {
    if (cancelled) {
      const running: { name: string; order: number }[] = [];
      for (let i = 0; i < SLOTS; i++)
        if (!Number.isNaN(this.#at[i]!)) running.push({ name: TIMER_NAMES[i]!, order: this.#order?.[i] ?? 0 });
      for (const [name, { order }] of this.#other ?? []) running.push({ name, order });
      for (const { name } of running.sort((a, b) => a.order - b.order)) cancelled.push(name as TimerName);
    }
    for (let i = 0; i < SLOTS; i++) this.#at[i] = Number.NaN;
    this.#other = undefined;
  }
}
