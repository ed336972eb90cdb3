/** For tests of the student commands: a student's kit in a folder of its own, sharing what it does not change with this kit. */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { KIT } from '../runner/kit.js';

/** What a student's kit holds besides exercises/: the grader, the packages, the reference and the configuration. */
const SHARED = ['grader', 'node_modules', 'solutions', 'package.json', 'tsconfig.json', 'vitest.exercises.config.ts'];

/** Link this kit's shared parts into `root`, so commands run there as in a student's copy. */
export function linkKitParts(root: string): void {
  for (const name of SHARED) symlinkSync(join(KIT, name), join(root, name));
}
