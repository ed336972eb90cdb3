/**
 * The catalogue as the engine reads it on every `ctx.go`. An id a handler builds from a template
 * (`${state} --rcv ACK--> ${state}`) is a new string each event: a Map would copy it flat and hash it
 * before finding it. So each rule is looked for among the rules of the current state with an id of
 * the same length (one or two), and knows the rules of the state it enters, and the summary of each
 * two-rule step it begins (a handshake or a close often names two).
 */
import { CATALOGUE, findEntry, summarizeRules, type CatalogueEntry, type TransitionId } from './catalogue.js';
import { STATES, type State } from './types.js';

/** Rules by the length of their id. */
export type RulesByLength = readonly (readonly Rule[] | undefined)[];

export interface Rule {
  readonly id: TransitionId;
  readonly from: State;
  readonly to: State;
  /** A diagram edge the engine takes as two rules (`via`): never named by a handler. */
  readonly composite: boolean;
  /** The rules that start in `to`. */
  readonly next: RulesByLength;
  /** Its place in CATALOGUE. */
  readonly index: number;
  /** summarizeRules of this rule then another, by the other's index, as they are met. */
  readonly pairs: (TransitionId | undefined)[];
}

// Each state's table exists before any rule is made, so a rule can point at the one it enters.
const byState = new Map<string, (Rule[] | undefined)[]>(STATES.map((state) => [state, []]));
const byEntry = new Map<CatalogueEntry, Rule>();
const NONE: RulesByLength = [];

/** The rules that start in a state, by id length (none for a string that is not a state). */
export const rulesFrom = (state: State): RulesByLength => byState.get(state) ?? NONE;

for (const [index, entry] of CATALOGUE.entries()) {
  const rule: Rule = {
    id: entry.id,
    from: entry.from,
    to: entry.to,
    composite: entry.via !== undefined,
    next: rulesFrom(entry.to),
    index,
    pairs: [],
  };
  byEntry.set(entry, rule);
  ((byState.get(entry.from) ?? [])[entry.id.length] ??= []).push(rule);
}

/** The rule with this id among `rules` (those of one state), if it is there. */
export function ruleAmong(rules: RulesByLength, id: string): Rule | undefined {
  if (typeof id !== 'string') return undefined;
  const candidates = rules[id.length];
  if (candidates) for (let i = 0; i < candidates.length; i++) if (candidates[i]!.id === id) return candidates[i];
  return undefined;
}

/** The rule with this id, whatever state it starts in. */
export function ruleOf(id: string): Rule | undefined {
  const entry = findEntry(id);
  return entry && byEntry.get(entry);
}

/** The id that names a step of these two rules (summarizeRules), worked out once per pair. */
export function summaryOfTwo(a: Rule, b: Rule): TransitionId | undefined {
  return (a.pairs[b.index] ??= summarizeRules([a.id, b.id]));
}
