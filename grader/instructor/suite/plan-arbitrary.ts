/** Random plans for ./random-plan.ts, drawn by fast-check: every field within the range it may take, and shrinkable. */
import fc from 'fast-check';
import type { Plan } from '../../sim/random-plan.js';

const chunk = fc.record({
  atMs: fc.integer({ min: 0, max: 3_000 }),
  data: fc.string({ minLength: 1, maxLength: 700, unit: fc.constantFrom('a', 'b', 'c', 'x', 'y', 'z') }),
});

export const planArbitrary: fc.Arbitrary<Plan> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  profile: fc.constantFrom('rfc' as const, 'linux' as const),
  loss: fc.constantFrom(0, 0.05, 0.2, 0.4),
  duplicate: fc.constantFrom(0, 0.1, 0.3),
  jitterMs: fc.constantFrom(0, 5, 40),
  delayMs: fc.integer({ min: 1, max: 30 }),
  clientChunks: fc.array(chunk, { maxLength: 4 }),
  serverChunks: fc.array(chunk, { maxLength: 4 }),
  clientCloseMs: fc.integer({ min: 0, max: 5_000 }),
  serverCloseMs: fc.integer({ min: 0, max: 5_000 }),
  abortBy: fc.constantFrom('nobody' as const, 'nobody' as const, 'client' as const, 'server' as const),
  abortMs: fc.integer({ min: 0, max: 5_000 }),
});
