/**
 * What only the instructor's kit holds, all of it under grader/instructor/ (the suites and their
 * generator, the hidden scripts, the export and autograder tools): whether it is here, and loading
 * it with a clear refusal in a student's kit, where that folder is left out.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findExercise, type Exercise } from '../engine/exercises.js';
import { UsageError } from './errors.js';

/** True in the instructor's kit: grader/instructor/ is here. */
export const INSTRUCTOR = existsSync(join(import.meta.dirname, '..', 'instructor'));

/** The commands that need the instructor's kit (hidden from a student's help). */
export const INSTRUCTOR_ONLY: ReadonlySet<string> = new Set([
  'grade',
  'grade-all',
  'gradebook',
  'export-student',
  'gradescope-bundle',
]);

/*
 * The instructor's modules the CLI loads, typed from the modules themselves. A student's kit lacks
 * them: there each type below is unresolved (so `any`, which the ignore lets its typecheck pass),
 * and loading one is refused by instructorModule before anything uses it.
 */
// biome-ignore lint/suspicious/noTsIgnore: @ts-expect-error would fail in the instructor's kit, where the module is
// @ts-ignore: absent from a student's kit
type SuiteChecks = typeof import('../instructor/suite-checks.js');
// biome-ignore lint/suspicious/noTsIgnore: @ts-expect-error would fail in the instructor's kit, where the module is
// @ts-ignore: absent from a student's kit
type StudentExport = typeof import('../instructor/export-student.js');
// biome-ignore lint/suspicious/noTsIgnore: @ts-expect-error would fail in the instructor's kit, where the module is
// @ts-ignore: absent from a student's kit
type GradescopeBundle = typeof import('../instructor/gradescope-bundle.js');

interface InstructorModules {
  'suite-checks': SuiteChecks;
  'export-student': StudentExport;
  'gradescope-bundle': GradescopeBundle;
}

/** Where each lives, relative to this file (in a variable, so a bundler or a student's typecheck never follows it). */
const SPECIFIERS: { readonly [K in keyof InstructorModules]: string } = {
  'suite-checks': '../instructor/suite-checks.js',
  'export-student': '../instructor/export-student.js',
  'gradescope-bundle': '../instructor/gradescope-bundle.js',
};

/** Load an instructor's module; in a student's kit, a usage error saying `what` needs the instructor's kit. */
export async function instructorModule<K extends keyof InstructorModules>(
  name: K,
  what: string,
): Promise<InstructorModules[K]> {
  try {
    return (await import(SPECIFIERS[name])) as InstructorModules[K];
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new UsageError(`this is a student kit: ${what} needs the instructor's kit`);
  }
}

/** The exercise a command's argument names, one with a module; `forApp` says what to do for application code. */
export function moduleExercise(key: string, forApp: (id: string) => string): Exercise {
  const exercise = findExercise(key);
  if (!exercise) throw new UsageError(`no exercise '${key}': use a number 01 to 08 or a name like 04-four-way-close`);
  if (!exercise.module) throw new UsageError(`exercise ${exercise.id} is application code: ${forApp(exercise.id)}`);
  return exercise;
}
