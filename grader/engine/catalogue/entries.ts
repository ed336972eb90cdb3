/**
 * The catalogue's entries: the rules of every topic (./NN-topic.ts) as one literal, whose ids form a
 * union type, and one entry per rule and `from` state.
 */
import type { State } from '../types.js';
import { SEQUENCE_NUMBERS } from './01-sequence-numbers.js';
import { THREE_WAY_HANDSHAKE } from './02-three-way-handshake.js';
import { HANDSHAKE_FAILURES } from './03-handshake-failures.js';
import { FOUR_WAY_CLOSE } from './04-four-way-close.js';
import { TIME_WAIT } from './05-time-wait.js';
import { KEEPALIVE } from './07-keepalive.js';
import { RESETS } from './08-resets.js';
import type { ExerciseId, Rule } from './rule.js';

/** In course order, then as the RFC lists the rules. */
const RULES = [
  ...SEQUENCE_NUMBERS,
  ...THREE_WAY_HANDSHAKE,
  ...HANDSHAKE_FAILURES,
  ...FOUR_WAY_CLOSE,
  ...TIME_WAIT,
  ...KEEPALIVE,
  ...RESETS,
] as const;

/** The ids a rule makes: one per `from` state, `${S} --event--> ${S}` when it keeps the state. */
type IdsOf<R> = R extends { readonly from: infer F; readonly event: infer E extends string; readonly to: infer T }
  ? Each<F extends readonly State[] ? F[number] : F, E, T>
  : never;
type Each<S, E extends string, T> = S extends State ? `${S} --${E}--> ${T extends State ? T : S}` : never;

/** Every catalogue id, as a union the compiler checks: `ctx.go`, `expectTransition` and the rest take one. */
export type TransitionId = IdsOf<(typeof RULES)[number]>;

/**
 * A template over the state, as a handler serving several states writes an id:
 * `${conn.state} --SEND--> ${conn.state}`. TypeScript types it as every pairing of the states it may
 * be, so it cannot be a `TransitionId`; it is accepted (by `ctx.go` and the test dialogue) when at
 * least one of those strings is a catalogue id, so a typo in the event is still a compile error. That
 * the id names a rule for the state the connection is in is checked when it runs, by `ctx.go`.
 */
export type TemplatedId<I extends string> = I & ([Extract<I, TransitionId>] extends [never] ? never : unknown);

/**
 * The events of the rules that keep the state (`X --event--> X`), what `ctx.stay(event)` takes: a typo
 * in one is a compile error. Whether the rule is one for the state the connection is in is checked
 * when it runs.
 */
export type KeepingEvent = TransitionId extends infer I
  ? I extends `${infer S} --${infer E}--> ${infer T}`
    ? S extends T
      ? E
      : never
    : never
  : never;

/** The two rules of each composite edge are real ids: `true`, or a compile error. */
type IsTrue<T extends true> = T;
type ViaIds = Extract<(typeof RULES)[number], { via: unknown }>['via'][number];
export type ViaAreIds = IsTrue<[ViaIds] extends [TransitionId] ? true : false>;

export interface CatalogueEntry {
  readonly id: TransitionId;
  readonly from: State;
  readonly event: string;
  readonly to: State;
  /** The exercise (topic module) whose code makes this step. */
  readonly exercise: ExerciseId;
  /** Where the rule comes from, e.g. `RFC 9293 §3.10.7.4`. */
  readonly rfc: string;
  /** One line: what happens. */
  readonly summary: string;
  /** Given to students ready-made (plumbing such as the delayed ACK): listed, never graded. */
  readonly provided: boolean;
  /** Scoring weight: 1 unless a rubric says otherwise; 0 for a provided rule. */
  readonly weight: number;
  /** A diagram edge the engine takes as two rules in one step (e.g. ACK of our FIN, then FIN). */
  readonly via?: readonly [TransitionId, TransitionId];
}

function entriesOf(rule: Rule): CatalogueEntry[] {
  const { event, exercise, rfc, summary, via } = rule;
  const provided = rule.provided === true;
  return (typeof rule.from === 'string' ? [rule.from] : rule.from).map((from) => {
    const to = rule.to === 'same' ? from : rule.to;
    const id = `${from} --${event}--> ${to}` as TransitionId;
    return {
      id,
      from,
      event,
      to,
      exercise,
      rfc,
      summary,
      provided,
      weight: provided ? 0 : 1,
      ...(via ? { via: via as readonly [TransitionId, TransitionId] } : {}),
    };
  });
}

/** Every entry, in the order above (by exercise, then as the RFC lists the rules). */
export const CATALOGUE: readonly CatalogueEntry[] = Object.freeze(RULES.flatMap(entriesOf));
