/**
 * The catalogue as the engine reads it on every `ctx.go`. An id a handler builds from a template
 * (`${state} --rcv ACK--> ${state}`) is a new string every event, built in pieces: a Map must copy it
 * flat before it can compare it (and the copy is garbage at once), and so must `===`. A property
 * lookup finds it in V8's table of known strings without copying it, so the rules are kept as the
 * properties of one object. Each rule also keeps the summary of each two-rule step it begins (a
 * handshake or a close often names two).
 */
import { CATALOGUE, summarizeRules, type TransitionId } from './catalogue.js';
import type { State } from './types.js';

export interface Rule {
  readonly id: TransitionId;
  readonly from: State;
  readonly to: State;
  /** A diagram edge the engine takes as two rules (`via`): never named by a handler. */
  readonly composite: boolean;
  /** Its place in CATALOGUE. */
  readonly index: number;
  /** summarizeRules of this rule then another, by the other's index, as they are met. */
  readonly pairs: (TransitionId | undefined)[];
}

/** Every rule by id; no prototype, so no id can be mistaken for one of Object's properties. */
const byId: Record<string, Rule | undefined> = Object.create(null);
for (const [index, entry] of CATALOGUE.entries()) {
  byId[entry.id] = {
    id: entry.id,
    from: entry.from,
    to: entry.to,
    composite: entry.via !== undefined,
    index,
    pairs: [],
  };
}

/** The rule with this id, or undefined (for anything that is not a string too, as a Map lookup gives). */
export function ruleFor(id: string): Rule | undefined {
  return typeof id === 'string' ? byId[id] : undefined;
}

/** The id that names a step of these two rules (summarizeRules), worked out once per pair. */
export function summaryOfTwo(a: Rule, b: Rule): TransitionId | undefined {
  return (a.pairs[b.index] ??= summarizeRules([a.id, b.id]));
}
