/** Where the kit itself lives: the grader's own copy of the framework, whatever a submission holds. */
import { join, resolve } from 'node:path';

export const KIT = resolve(import.meta.dirname, '..', '..');
export const ENGINE = join(KIT, 'grader', 'engine');
