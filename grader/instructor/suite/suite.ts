/**
 * Which checks a grading run uses: the hidden suite (generated from the instructor's seed, up to 8
 * checks per transition, at least 1,000 in all) or the public one (a fixed seed, 2 per transition).
 * Generation is deterministic, so a suite is cached: in memory for the process, and on disk under
 * .tcplab/cache/, keyed by the seed and a hash of every source file that decides what it contains.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CATALOGUE } from '../../engine/catalogue.js';
import type { Modules } from '../../engine/modules.js';
import { generateSuite, type Suite } from './generate.js';

import { PUBLIC_SEED } from '../../conformance/pack.js';

export { PUBLIC_SEED };
const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const memory = new Map<string, Suite>();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** A hash of the reference, the framework and the generator: a change to any of them is a new suite. */
function codeHash(): string {
  const hash = createHash('sha256');
  for (const file of [
    join(ROOT, 'solutions'),
    join(ROOT, 'grader', 'engine'),
    join(ROOT, 'grader', 'conformance'),
    join(ROOT, 'grader', 'instructor', 'suite'),
  ]
    .flatMap(sources)
    .sort()) {
    hash.update(file.slice(ROOT.length)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

export function suiteFor(reference: Modules, mode: 'public' | 'hidden', seed: number): Suite {
  const [useSeed, perTransition] = mode === 'hidden' ? [seed, 8] : [PUBLIC_SEED, 2];
  const key = `${mode}-${useSeed}`;
  const cached = memory.get(key);
  if (cached) return cached;
  const code = codeHash();
  const file = join(ROOT, '.tcplab', 'cache', `suite-${key}-${code}.json`);
  let suite: Suite | undefined;
  if (existsSync(file)) {
    try {
      suite = JSON.parse(readFileSync(file, 'utf8')) as Suite;
    } catch {
      suite = undefined; // a damaged cache file is regenerated
    }
  }
  if (!suite) {
    suite = generateSuite(
      reference,
      useSeed,
      perTransition,
      CATALOGUE.map((e) => e.id),
    );
    try {
      const dir = join(ROOT, '.tcplab', 'cache');
      mkdirSync(dir, { recursive: true });
      // Written aside, then renamed: another run never reads half a file.
      writeFileSync(`${file}.${process.pid}.partial`, JSON.stringify(suite));
      renameSync(`${file}.${process.pid}.partial`, file);
      // Suites of code that has since changed are never read again.
      for (const old of readdirSync(dir)) {
        const hash = /^suite-.*-([0-9a-f]{16})\.json$/.exec(old)?.[1];
        if (hash && hash !== code) rmSync(join(dir, old), { force: true });
      }
    } catch {
      // A read-only kit still grades; it just generates every time.
    }
  }
  memory.set(key, suite);
  return suite;
}
