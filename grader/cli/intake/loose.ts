/**
 * Module files handed in on their own (`time-wait.ts`, or `my-solution.ts`) are put into the
 * exercise whose stub declares the same exports: each file goes to the exercise it shares the most
 * export names with; its file name breaks a tie, and decides when no export matches (a file only
 * begun). Two files for one exercise: the one named as the exercise's file, else the one with more
 * of its exports, is taken, and the other is said to be left out.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EXERCISES, type Exercise } from '../../engine/exercises.js';
import { KIT } from '../../runner/kit.js';

/** The names a module exports, read from its text (declarations and `export { a, b as c }`). */
export function exportNames(text: string): Set<string> {
  const names = new Set<string>();
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  for (const m of code.matchAll(
    /\bexport\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:function\s*\*?|const|let|var|class|enum)\s+([A-Za-z_$][\w$]*)/g,
  ))
    names.add(m[1]!);
  for (const m of code.matchAll(/\bexport\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .at(-1)
        ?.trim();
      if (name && /^[A-Za-z_$][\w$]*$/.test(name)) names.add(name);
    }
  }
  return names;
}

/** What each exercise's stub exports (the kit's own exercises/, in the instructor's kit and a student's alike). */
function stubExports(): Map<Exercise, Set<string>> {
  const out = new Map<Exercise, Set<string>>();
  for (const e of EXERCISES.filter((x) => x.module)) {
    try {
      out.set(e, exportNames(readFileSync(join(KIT, 'exercises', e.id, e.file), 'utf8')));
    } catch {
      out.set(e, new Set());
    }
  }
  return out;
}

export interface Placement {
  /** Exercise file → the loose file to use for it. */
  placed: Map<Exercise, string>;
  /** What was not used, and why. */
  notes: string[];
}

/** Decide where each of `files` (paths of loose .ts files, with their texts) goes. */
export function place(files: readonly { path: string; text: string }[]): Placement {
  const stubs = stubExports();
  const placed = new Map<Exercise, { path: string; shared: number; named: boolean }>();
  const notes: string[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const names = exportNames(file.text);
    const name = basename(file.path);
    let best: { exercise: Exercise; shared: number; named: boolean } | undefined;
    for (const [exercise, stub] of stubs) {
      const shared = [...names].filter((n) => stub.has(n)).length;
      const named = name === exercise.file;
      if (shared === 0 && !named) continue;
      if (!best || shared > best.shared || (shared === best.shared && named && !best.named))
        best = { exercise, shared, named };
    }
    if (!best) {
      notes.push(
        `${name}: exports nothing an exercise does (${names.size === 0 ? 'no exports' : [...names].slice(0, 5).join(', ')}), so it was not graded`,
      );
      continue;
    }
    const taken = placed.get(best.exercise);
    const better = !taken || (best.named && !taken.named) || (best.named === taken.named && best.shared > taken.shared);
    if (taken) {
      const [kept, dropped] = better ? [name, basename(taken.path)] : [basename(taken.path), name];
      notes.push(`${dropped}: ${best.exercise.id} was graded from ${kept}, so ${dropped} was left out`);
    }
    if (better) placed.set(best.exercise, { path: file.path, shared: best.shared, named: best.named });
  }
  return { placed: new Map([...placed].map(([e, p]) => [e, p.path])), notes };
}
