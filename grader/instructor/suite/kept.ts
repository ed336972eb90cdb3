/**
 * What a grade builds by playing the reference (every scenario's recording, the generated
 * conversations' reference sides, the scripts checked against the reference), kept on disk between
 * runs as the suite is (./suite.ts): a grading process then reads them instead of playing them
 * again, which was a third of a hidden grade's own work. Files are .tcplab/cache/<name>-<key>.v8,
 * where the key hashes the kit's code (grader/ and solutions/), the hand-written scripts, the lockfile
 * and V8's version; v8 serialization keeps what JSON would lose (Maps, Infinity in a configuration).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { SCRIPTS_DIR } from '../../conformance/script/checks.js';
import { kitHash } from '../../runner/bundle.js';
import { KIT } from '../../runner/kit.js';

const DIR = join(KIT, '.tcplab', 'cache');

let key: string | undefined;

/** The kit's code, the scripts, the lockfile and V8's version, hashed: a change to any of them is a new key. */
function keyOf(): string {
  if (key) return key;
  const hash = createHash('sha256').update(kitHash()).update(process.versions.v8);
  for (const name of readdirSync(SCRIPTS_DIR).sort()) hash.update(name).update(readFileSync(join(SCRIPTS_DIR, name)));
  // The packages' versions: the plans fast-check draws for a seed are its own.
  try {
    hash.update(readFileSync(join(KIT, 'package-lock.json')));
  } catch {
    // A kit without a lockfile keys on its code alone.
  }
  return (key = hash.digest('hex').slice(0, 16));
}

/** `make()`'s value, read from the file kept for `name` if there is one, else made and kept. */
export function kept<T>(name: string, make: () => T): T {
  const found = read<T>(name);
  if (found) return found.value;
  const value = make();
  keep(name, value);
  return value;
}

/** The same for a value made asynchronously (what makes it is loaded only when nothing was kept). */
export async function keptAsync<T>(name: string, make: () => Promise<T>): Promise<T> {
  const found = read<T>(name);
  if (found) return found.value;
  const value = await make();
  keep(name, value);
  return value;
}

const fileOf = (name: string): string => join(DIR, `${name}-${keyOf()}.v8`);

function read<T>(name: string): { value: T } | undefined {
  try {
    return { value: deserialize(readFileSync(fileOf(name))) as T };
  } catch {
    return undefined; // Not kept yet, or unreadable: made again.
  }
}

function keep(name: string, value: unknown): void {
  const file = fileOf(name);
  try {
    mkdirSync(DIR, { recursive: true });
    // Written aside, then renamed: another run never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, serialize(value));
    renameSync(partial, file);
    // Files kept for code that has since changed are never read again.
    for (const old of readdirSync(DIR)) {
      const found = /^([a-z0-9-]+)-([0-9a-f]{16})\.v8$/.exec(old);
      if (found && found[2] !== keyOf()) rmSync(join(DIR, old), { force: true });
    }
  } catch {
    // A read-only kit makes them every run.
  }
}
