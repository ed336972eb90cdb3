/** For tests of the student commands: a student's kit in a folder of its own, sharing what it does not change with this kit. */
import { readdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { KIT } from '../runner/kit.js';

/** What a student's kit holds besides exercises/: the grader, the packages, the reference and the configuration. */
const SHARED = ['grader', 'node_modules', 'solutions', 'package.json', 'tsconfig.json', 'vitest.exercises.config.ts'];

/** Link this kit's shared parts into `root`, so commands run there as in a student's copy. */
export function linkKitParts(root: string): void {
  for (const name of SHARED) symlinkSync(join(KIT, name), join(root, name));
}

/** The command lines of the processes working in `root` (their current folder), this one's children included. */
export function processesIn(root: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) !== root) continue;
      found.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}
