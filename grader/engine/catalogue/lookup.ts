/** Finding an entry by id, and naming a step by the rules that fired in it. */
import { CATALOGUE, type CatalogueEntry, type TransitionId } from './entries.js';

const byId = new Map<string, CatalogueEntry>(CATALOGUE.map((e) => [e.id, e]));
if (byId.size !== CATALOGUE.length) throw new Error('catalogue: duplicate transition id');

/** The entry with this id, or undefined. */
export function findEntry(id: string): CatalogueEntry | undefined {
  return byId.get(id);
}

/** Composite entries keyed by the ids of the two rules they are made of. */
const byVia = new Map<string, CatalogueEntry>(CATALOGUE.filter((e) => e.via).map((e) => [e.via!.join(' + '), e]));

/**
 * The one id that best names a step whose rules fired in this order: a composite diagram edge if
 * the state-changing rules form one, else the last state-changing rule, else the last rule.
 */
export function summarizeRules(rules: readonly TransitionId[]): TransitionId | undefined {
  if (rules.length <= 1) return rules[0];
  const moves = rules.filter((id) => {
    const e = byId.get(id);
    return e !== undefined && e.from !== e.to;
  });
  if (moves.length === 2) {
    const composite = byVia.get(moves.join(' + '));
    if (composite) return composite.id;
  }
  return moves.at(-1) ?? rules.at(-1);
}
