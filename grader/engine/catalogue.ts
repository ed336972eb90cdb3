/**
 * The transition catalogue: every edge of the RFC 9293 state diagram (§3.3.2, Figure 5) and every
 * event-processing rule of §3.10 that keeps the state, one entry each. Like h11's transition table it
 * is data: diagrams, docs, hints and scores are derived from it, and the engine refuses a step that
 * no entry describes.
 *
 * An id reads `FROM --event--> TO`. Rules that apply in several states (ACK an unacceptable segment,
 * challenge ACK, ...) get one entry per state, so a score can say in which state a rule is broken.
 * The rules are literals (`as const`), so their ids form a union type, `TransitionId`: a typo in
 * `ctx.go('FIN-WAIT-1 --rcv FN--> CLOSING')` is a compile error, not a surprise at run time. What is
 * true of a rule is a field of it, never read from its wording: `provided` marks the plumbing given
 * to students ready-made, which is listed but not graded.
 *
 * The rules live in ./catalogue/, one file per topic; ./catalogue/entries.ts makes the entries and
 * the id type, ./catalogue/lookup.ts finds them. This module is what the rest of the kit imports.
 */
export {
  CATALOGUE,
  type CatalogueEntry,
  type KeepingEvent,
  type TemplatedId,
  type TransitionId,
  type ViaAreIds,
} from './catalogue/entries.js';
export { findEntry, summarizeRules } from './catalogue/lookup.js';
export type { ExerciseId } from './catalogue/rule.js';
