/**
 * Surviving mutants shown to be equivalent: no input changes what the module does as the suite and
 * the engine can see it (state, segments, notices, timers). They are left out of the score's
 * denominator and listed separately. Ids are those `npm run mutation` prints.
 */
export interface Equivalent {
  readonly id: string;
  /** One line: why no observable behaviour changes. */
  readonly reason: string;
}

export const EQUIVALENT: readonly Equivalent[] = [
];
