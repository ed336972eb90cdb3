/**
 * Which checks a grading run uses: the hidden suite (generated from the instructor's seed, up to 8
 * checks per transition, at least 1,000 in all) or the public one (a fixed seed, 2 per transition).
 * Generation is deterministic, so a suite is cached per seed for the life of the process.
 */
import { CATALOGUE } from '../engine/catalogue.js';
import type { Modules } from '../engine/modules.js';
import { generateSuite, type Suite } from './generate.js';

export const PUBLIC_SEED = 1;
const cache = new Map<string, Suite>();

export function suiteFor(reference: Modules, mode: 'public' | 'hidden', seed: number): Suite {
  const key = `${mode}:${seed}`;
  let suite = cache.get(key);
  if (!suite) {
    suite = mode === 'hidden'
      ? generateSuite(reference, seed, 8, CATALOGUE.map((e) => e.id))
      : generateSuite(reference, PUBLIC_SEED, 2, CATALOGUE.map((e) => e.id));
    cache.set(key, suite);
  }
  return suite;
}
