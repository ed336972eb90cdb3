/**
 * The vitest reporter behind `npm run test:exercises`: one line per exercise (passed, failed or not
 * started) instead of a wall of failures, then the first real failure drawn in full with where to
 * look next (the hint file and the lesson).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { EXERCISES } from '../engine/exercises.js';
import { parseHints } from '../report/hints.js';

interface Tally {
  passed: number;
  failed: TestCase[];
  notStarted: number;
  total: number;
}

const isStub = (t: TestCase): boolean => {
  const r = t.result();
  return r.state === 'failed' && r.errors.length > 0 && r.errors.every((e) => e.name === 'NotImplemented' || /is not implemented yet/.test(e.message ?? ''));
};

/** Stubs written so far in the student's file: [still stubbed, stubbed when generated]. */
function stubsLeft(exerciseId: string, file: string): [number, number] | undefined {
  const path = join(process.cwd(), 'exercises', exerciseId, file);
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const total = /write the (\d+) functions whose body says TODO/.exec(text);
  return total ? [(text.match(/new NotImplemented\(/g) ?? []).length, Number(total[1])] : undefined;
}

export default class ExerciseReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const tallies = new Map<string, Tally>();
    for (const m of modules) {
      const id = /exercises[\\/](\d\d-[^\\/]+)[\\/]/.exec(m.moduleId)?.[1] ?? m.moduleId;
      const tally = tallies.get(id) ?? { passed: 0, failed: [], notStarted: 0, total: 0 };
      for (const t of m.children.allTests()) {
        tally.total++;
        const state = t.result().state;
        if (state === 'passed') tally.passed++;
        else if (isStub(t)) tally.notStarted++;
        else if (state === 'failed') tally.failed.push(t);
      }
      tallies.set(id, tally);
    }
    const lines: string[] = ['', pc.bold('Exercises')];
    let first: { id: string; test: TestCase } | undefined;
    for (const exercise of EXERCISES) {
      const t = tallies.get(exercise.id);
      if (!t) continue;
      const stubs = stubsLeft(exercise.id, exercise.file);
      let status: string;
      if (t.failed.length === 0 && t.notStarted === 0) status = pc.green('passed');
      else if (t.failed.length === 0 && (t.passed === 0 || (stubs && stubs[0] === stubs[1]))) status = pc.dim('not started');
      else if (t.failed.length === 0) {
        const written = stubs ? `${stubs[1] - stubs[0]} of ${stubs[1]} functions written; ` : '';
        status = pc.yellow(`in progress: ${written}${t.notStarted} checks reach functions not written yet`);
      }
      else status = pc.red(`failed: ${t.failed.length} failing`) + (t.notStarted > 0 ? pc.dim(`, ${t.notStarted} reach functions not written yet`) : '');
      lines.push(`  ${exercise.id.padEnd(24)} ${String(t.passed).padStart(3)}/${String(t.total).padEnd(3)} ${status}`);
      if (!first && t.failed[0]) first = { id: exercise.id, test: t.failed[0] };
    }
    if (first) {
      const result = first.test.result();
      const error = result.state === 'failed' ? result.errors[0] : undefined;
      const message = (error?.message ?? '').split('\n').slice(0, 30).join('\n');
      lines.push('', pc.bold(`First failure, ${first.id}: ${first.test.name}`), message);
      if (error?.diff) lines.push(error.diff.split('\n').slice(0, 20).join('\n'));
      const id = first.test.name.replace(/ \(.*\)$/, '');
      const hints = join(process.cwd(), 'exercises', first.id, 'hints.en.md');
      const hint = existsSync(hints) ? parseHints(readFileSync(hints, 'utf8'), hints).hints.find((h) => h.id === id) : undefined;
      lines.push('');
      if (hint) {
        lines.push(`${pc.bold('Hint')} (a question first; the rule is in the file): ${hint.levels[0] ?? ''}`);
        lines.push(`Hints:  exercises/${first.id}/hints.en.md (中文: hints.zh-CN.md), section "${id}"`);
        lines.push(`Lesson: lessons/en/${hint.lesson.replace('#', '.md#')}`);
      } else {
        lines.push(`Read:   exercises/${first.id}/README.md and lessons/en/${first.id}.md`);
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
