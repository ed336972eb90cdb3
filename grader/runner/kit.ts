/** Where the kit itself lives: the grader's own copy of the framework, whatever a submission holds. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const KIT = resolve(import.meta.dirname, '..', '..');
export const ENGINE = join(KIT, 'grader', 'engine');

/** The reference's module for an exercise, which a submission's exports are checked against: its source, or in a student's kit (no source) its declarations. */
export function referenceFile(exercise: { id: string; file: string }): string {
  const source = join(KIT, 'solutions', exercise.id, exercise.file);
  return existsSync(source) ? source : source.replace(/\.ts$/, '.d.ts');
}
