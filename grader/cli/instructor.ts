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
 * The instructor's modules the CLI loads, each by a literal import so that the CLI's bundle
 * (cli-bundle.ts) holds them as chunks of their own. A student's kit lacks them: there each import
 * fails to resolve (the ignores let its typecheck pass, and the bundle keeps the import as written),
 * and loading one is refused by instructorModule before anything uses it.
 */
const LOADERS = {
  // biome-ignore lint/suspicious/noTsIgnore: @ts-expect-error would fail in the instructor's kit, where the module is
  // @ts-ignore: absent from a student's kit
  'suite-checks': () => import('../instructor/suite-checks.js'),
  // biome-ignore lint/suspicious/noTsIgnore: @ts-expect-error would fail in the instructor's kit, where the module is
  // @ts-ignore: absent from a student's kit
  'export-student': () => import('../instructor/export-student.js'),
  // biome-ignore lint/suspicious/noTsIgnore: @ts-expect-error would fail in the instructor's kit, where the module is
  // @ts-ignore: absent from a student's kit
  'gradescope-bundle': () => import('../instructor/gradescope-bundle.js'),
};

type InstructorModules = { [K in keyof typeof LOADERS]: Awaited<ReturnType<(typeof LOADERS)[K]>> };

/** Load an instructor's module; in a student's kit, a usage error saying `what` needs the instructor's kit. */
export async function instructorModule<K extends keyof InstructorModules>(
  name: K,
  what: string,
): Promise<InstructorModules[K]> {
  try {
    return (await LOADERS[name]()) as InstructorModules[K];
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
