/**
 * The catalogue as the engine reads it on every `ctx.go`. An id a handler builds from a template
 * (`${state} --rcv ACK--> ${state}`) is a new string every event, built in pieces: a Map must copy it
 * flat before it can compare it (and the copy is garbage at once), and so must `===`. A property
 * lookup finds it in V8's table of known strings without copying it, so the rules are kept as the
 * properties of one object. Each rule also keeps the summary of each two-rule step it begins (a
 * handshake or a close often names two). `ctx.stay(event)` builds no id at all.
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

/**
 * The rules that keep the state, by event and then by state: what `ctx.stay(event)` follows. Both
 * keys are strings the module wrote as literals (the event) or the engine holds (the state), so the
 * lookup copies and hashes nothing; a template built every event costs about a quarter of the
 * engine's time (README, "Benchmark").
 */
const keeping: Record<string, Record<string, Rule | undefined> | undefined> = Object.create(null);
for (const entry of CATALOGUE) {
  const rule = byId[entry.id]!;
  if (entry.from === entry.to && !rule.composite) (keeping[entry.event] ??= Object.create(null))[entry.from] = rule;
}

/** The rule that keeps `state` on `event`, or undefined. */
export function keepingRule(event: string, state: State): Rule | undefined {
  return typeof event === 'string' ? keeping[event]?.[state] : undefined;
}

/** The rule with this id, or undefined (for anything that is not a string too, as a Map lookup gives). */
export function ruleFor(id: string): Rule | undefined {
  return typeof id === 'string' ? byId[id] : undefined;
}

/** The id that names a step of these two rules (summarizeRules), worked out once per pair. */
export function summaryOfTwo(a: Rule, b: Rule): TransitionId | undefined {
  return (a.pairs[b.index] ??= summarizeRules([a.id, b.id]));
}
