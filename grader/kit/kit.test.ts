/**
 * The kit checks itself, as `rustlings dev check` does: exercises/ is what `npm run sync-exercises`
 * makes from solutions/, every stub throws NotImplemented, and stubs and solutions export the same names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES } from '../engine/exercises.js';
import { isNotImplemented } from '../engine/not-implemented.js';
import { ROOT } from './stubs.js';
import { checkExercises } from './sync.js';

const modular = EXERCISES.filter((e) => e.module);

/** Exports whose doc comment, right above them, says @provided (given ready-made, not stubbed). */
function providedNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export (?:function|const) (\w+)/g)) {
    if (m[1]!.includes('@provided')) names.add(m[2]!);
  }
  return names;
}

describe('exercises', () => {
  it('are in sync with solutions/ (run `npm run sync-exercises` if this fails)', () => {
    expect(checkExercises()).toEqual([]);
  });

  for (const exercise of modular) {
    it(`${exercise.id}: exports the same names as the solution, and every stub throws NotImplemented`, async () => {
      const solution = (await import(join(ROOT, 'solutions', exercise.id, exercise.file))) as Record<string, unknown>;
      const stub = (await import(join(ROOT, 'exercises', exercise.id, exercise.file))) as Record<string, unknown>;
      expect(Object.keys(stub).sort()).toEqual(Object.keys(solution).sort());
      const source = readFileSync(join(ROOT, 'exercises', exercise.id, exercise.file), 'utf8');
      let stubs = 0;
      for (const [name, fn] of Object.entries(stub)) {
        if (typeof fn !== 'function') continue;
        const provided = providedNames(source).has(name);
        let thrown: unknown;
        try {
          (fn as (...args: unknown[]) => unknown)({ state: 'CLOSED', tcb: {} }, {}, {});
        } catch (error) {
          thrown = error;
        }
        if (provided) continue;
        expect(isNotImplemented(thrown), `${exercise.id}: ${name}() should throw NotImplemented`).toBe(true);
        stubs++;
      }
      expect(stubs).toBeGreaterThan(0);
    });
  }
});
