/**
 * Inspection results kept from one run to the next (.tcplab/cache/inspect/), one file per exercise
 * file, keyed by a hash of its text, its exercise, the kit's code and packages, and which compiler
 * typechecks: the same file graded again (tcplab check after check, a regrade, a class handing in
 * the same code) needs no inspector process and no typecheck. Only what cannot depend on where the
 * copy sat is kept: the static verdict, and "no type errors". A file with type errors is checked
 * again each time (the compiler's messages may name the private copy's path).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kitHash } from '../bundle.js';
import { KIT } from '../kit.js';
import type { StaticVerdict } from './static-checks.js';

/** What is kept for one file: its static verdict, and `typesClean` once a typecheck found nothing in it. */
export interface Kept {
  verdict: StaticVerdict;
  typesClean: boolean;
}

const DIR = join(KIT, '.tcplab', 'cache', 'inspect');

let packages: string | undefined;

/** The kit's code and the versions of the packages that check it (a new TypeScript may judge differently). */
function kitKey(): string {
  if (packages === undefined) {
    try {
      packages = readFileSync(join(KIT, 'package.json'), 'utf8');
    } catch {
      packages = '';
    }
  }
  return `${kitHash()}-${createHash('sha256').update(packages).digest('hex').slice(0, 8)}`;
}

/** The file name that holds what is kept for this text of this exercise. */
export function keyOf(exercise: string, text: string, nativeTypes: boolean): string {
  const hash = createHash('sha256')
    .update(`${exercise}\0${nativeTypes ? 'native' : 'inspector'}\0`)
    .update(text)
    .digest('hex')
    .slice(0, 32);
  return `${kitKey()}-${hash}.json`;
}

export function recall(key: string): Kept | undefined {
  try {
    const kept = JSON.parse(readFileSync(join(DIR, key), 'utf8')) as Partial<Kept>;
    return kept.verdict && typeof kept.typesClean === 'boolean'
      ? { verdict: kept.verdict, typesClean: kept.typesClean }
      : undefined;
  } catch {
    return undefined;
  }
}

let pruned = false;

/** Keep `kept` under `key` (written aside, then renamed: another run never reads half a file). */
export function keep(key: string, kept: Kept): void {
  try {
    mkdirSync(DIR, { recursive: true });
    if (!pruned) {
      // Results for code that has since changed are never read again.
      pruned = true;
      const current = `${kitKey()}-`;
      for (const old of readdirSync(DIR)) if (!old.startsWith(current)) rmSync(join(DIR, old), { force: true });
    }
    const partial = join(DIR, `${key}.${process.pid}.partial`);
    writeFileSync(partial, JSON.stringify(kept));
    renameSync(partial, join(DIR, key));
  } catch {
    // A read-only kit inspects every time.
  }
}
