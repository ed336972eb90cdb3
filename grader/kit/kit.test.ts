/**
 * The kit checks itself, as `rustlings dev check` does: exercises/ is what `npm run sync-exercises`
 * makes from solutions/, every stub throws NotImplemented, stubs and solutions export the same names,
 * and every graded transition has hints in both languages pointing at a real lesson section.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES, transitionsOf } from '../engine/exercises.js';
import { isNotImplemented } from '../engine/not-implemented.js';
import { parseHints } from '../report/hints.js';
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
  // Students: `npm test` checks the kit itself; check your work with `npm run test:exercises`.
  it('are what `npm run sync-exercises` makes from solutions/ (maintainers: run it after changing solutions/)', () => {
    expect(checkExercises()).toEqual([]);
  }, 60_000);

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
describe('application exercises', () => {
  for (const exercise of EXERCISES) {
    for (const app of exercise.apps ?? []) {
      it(`${exercise.id}/${app}: the starting code and the fix export the same names, and differ`, async () => {
        const fixed = readFileSync(join(ROOT, 'solutions', exercise.id, app), 'utf8');
        const start = readFileSync(join(ROOT, 'exercises', exercise.id, app), 'utf8');
        expect(start).not.toBe(fixed);
        const a = (await import(join(ROOT, 'solutions', exercise.id, app))) as object;
        const b = (await import(join(ROOT, 'exercises', exercise.id, app))) as object;
        expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      });
    }
  }
});

describe('hints', () => {
  for (const exercise of modular) {
    for (const lang of ['en', 'zh-CN']) {
      it(`${exercise.id}: hints.${lang}.md covers every graded transition, in catalogue order, with a real lesson section`, () => {
        const file = join(ROOT, 'exercises', exercise.id, `hints.${lang}.md`);
        expect(existsSync(file), `${file} is missing`).toBe(true);
        const { hints, problems } = parseHints(readFileSync(file, 'utf8'), file);
        expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
        expect(hints.map((h) => h.id)).toEqual(transitionsOf(exercise).map((e) => e.id));
        for (const h of hints) {
          const [lesson, anchor] = h.lesson.split('#');
          const path = join(ROOT, 'lessons', lang, `${lesson}.md`);
          expect(existsSync(path), `${file}:${h.line}: no lesson ${lesson}`).toBe(true);
          expect(readFileSync(path, 'utf8'), `${file}:${h.line}: no anchor #${anchor} in ${lesson}`).toContain(`<a id="${anchor}"></a>`);
        }
      });
    }
  }
});
