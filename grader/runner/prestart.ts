/**
 * Children started ahead of need, by private folder and exercise: they boot while the submission is
 * still being inspected, and are handed out once each.
 */
import type { Child } from './child-process.js';
import { baseFor, forgetBase, spawnChild } from './child-spawn.js';
import { type SandboxOptions, sandboxSettings } from './sandbox-options.js';
import type { Prepared } from './submission.js';

const spares = new Map<string, Map<string, Promise<Child | undefined>>>();

/**
 * Start a child for each exercise handed in, before the submission's static verdict: each loads the
 * kit's runtime and the reference for every other topic, and gets the submission's module once it
 * has passed (a child never holds its own topic's reference, and serves one submission only).
 * Returns what stops the ones never used.
 */
export function prestart(prepared: Prepared, options: SandboxOptions = {}): () => Promise<void> {
  const settings = sandboxSettings(options);
  const mine = spares.get(prepared.workDir) ?? new Map<string, Promise<Child | undefined>>();
  for (const p of prepared.exercises) {
    const topic = p.exercise.module;
    if (!topic || mine.has(p.exercise.id)) continue;
    mine.set(
      p.exercise.id,
      baseFor(prepared, settings).then(
        (base) => {
          const child = spawnChild(base, prepared, settings);
          child.prepare({ topic, reference: base.reference });
          return child;
        },
        () => undefined,
      ),
    );
  }
  spares.set(prepared.workDir, mine);
  return () => releaseSpares(prepared.workDir);
}

/** The child started ahead for this exercise, if any (taken: it is never handed out twice). */
export function spareFor(workDir: string, exercise: string): Promise<Child | undefined> | undefined {
  const mine = spares.get(workDir);
  const spare = mine?.get(exercise);
  mine?.delete(exercise);
  return spare;
}

/** Stop the children never handed out, and forget what was made for `workDir`. */
export async function releaseSpares(workDir: string): Promise<void> {
  const left = [...(spares.get(workDir)?.values() ?? [])];
  spares.delete(workDir);
  forgetBase(workDir);
  await Promise.all(left.map(async (c) => (await c)?.dispose()));
}
