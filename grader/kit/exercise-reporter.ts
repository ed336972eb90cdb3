/**
 * The vitest reporter behind the application tests of `npm run test:exercises` (05's crawler, 06's
 * server): one line per exercise (done, failing, in progress, not started, or cannot run, with the
 * counts that explain it) instead of a wall of failures, then the first real failure in full, with the
 * hint for the rule that step followed and where to read more; or, if a test file could not run at
 * all (a syntax error in the exercise), why, with its file and line.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { createColors } from 'picocolors';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { EXERCISES, type Exercise } from '../engine/exercises.js';
import { columns } from '../report/columns.js';
import { parseHints } from '../report/hints.js';

const colour = Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
const pc = createColors(colour);
/** Vitest colours its messages and diffs itself: off a terminal, the codes go. */
const plain = (text: string): string => (colour ? text : stripVTControlCharacters(text));

interface Tally {
  passed: number;
  failed: TestCase[];
  notStarted: number;
  total: number;
  /** Why a test file could not run at all (a syntax error, an import that fails): its tests never started. */
  broken: string[];
  /** The tests are an application's (05's crawler, 06's server), run over the reference's modules. */
  app: boolean;
  /** Tests the application as handed out fails: what the exercise asks for. */
  waiting: TestCase[];
}

/**
 * One exercise's verdict in words, the counts after it to say why: "done: all 23 tests pass", "not
 * started (2 of 32 tests pass on the starting code)", "3 of 32 tests fail". `stubs` is [still stubbed,
 * stubbed when generated] in the topic module, when its tests are the module's.
 */
export function exerciseStatus(
  t: { passed: number; failed: number; notStarted: number; total: number; broken: boolean },
  stubs: [number, number] | undefined,
  paint: Pick<typeof pc, 'red' | 'green' | 'yellow' | 'dim'> = pc,
): string {
  const of = `${t.passed} of ${t.total} tests pass`;
  if (t.broken) return paint.red('cannot run: see below');
  if (t.failed === 0 && t.notStarted === 0) return paint.green(`done: all ${t.total} tests pass`);
  if (t.failed === 0 && (t.passed === 0 || !stubs || stubs[0] === stubs[1])) {
    return paint.dim(`not started${t.passed > 0 ? ` (${of} on the starting code)` : ''}`);
  }
  if (t.failed === 0)
    return paint.yellow(`in progress: ${stubs![1] - stubs![0]} of ${stubs![1]} functions written; ${of}`);
  return (
    paint.red(`${t.failed} of ${t.total} tests fail`) +
    (t.notStarted > 0 ? paint.dim(`, ${t.notStarted} wait for code not written yet`) : '')
  );
}

const isStub = (t: TestCase): boolean => {
  const r = t.result();
  return (
    r.state === 'failed' &&
    r.errors.length > 0 &&
    r.errors.every((e) => e.name === 'NotImplemented' || /is not implemented yet/.test(e.message ?? ''))
  );
};

const here = (...parts: string[]): string => join(process.cwd(), ...parts);

/** Stubs in the student's file: [still stubbed, stubbed when generated]. */
function stubsLeft(exercise: Exercise): [number, number] | undefined {
  const path = here('exercises', exercise.id, exercise.file);
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const total = /write the (\d+) functions whose body says TODO/.exec(text);
  return total ? [(text.match(/new NotImplemented\(/g) ?? []).length, Number(total[1])] : undefined;
}

/** Application files still exactly as handed out (the README records their starting hash). */
function untouchedApps(exercise: Exercise): Set<string> {
  const readme = here('exercises', exercise.id, 'README.md');
  const untouched = new Set<string>();
  if (!existsSync(readme)) return untouched;
  for (const m of readFileSync(readme, 'utf8').matchAll(/<!-- starting code: (\S+) sha256=([0-9a-f]+) -->/g)) {
    const file = here('exercises', exercise.id, m[1]!);
    if (existsSync(file) && createHash('sha256').update(readFileSync(file, 'utf8')).digest('hex') === m[2])
      untouched.add(m[1]!);
  }
  return untouched;
}

/** The hint for a transition, from the exercise that owns it. */
function hintFor(transition: string): { exercise: string; level: string; lesson: string } | undefined {
  for (const exercise of EXERCISES) {
    const file = here('exercises', exercise.id, 'hints.en.md');
    if (!existsSync(file)) continue;
    const hint = parseHints(readFileSync(file, 'utf8'), file).hints.find((h) => h.id === transition);
    if (hint) return { exercise: exercise.id, level: hint.levels[0] ?? '', lesson: hint.lesson };
  }
  return undefined;
}

/** Each exercise's tests, counted: passed, failed, not started, and the files that could not run. */
function tallyModules(modules: ReadonlyArray<TestModule>): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const m of modules) {
    const id = /exercises[\\/](\d\d-[^\\/]+)[\\/]/.exec(m.moduleId)?.[1] ?? m.moduleId;
    const exercise = EXERCISES.find((e) => e.id === id);
    // Checks of application code still as handed out count as not started, not as failures.
    const app = basename(m.moduleId).replace(/\.test\.ts$/, '.ts');
    const untouched = exercise ? untouchedApps(exercise).has(app) : false;
    const tally = tallies.get(id) ?? {
      passed: 0,
      failed: [],
      notStarted: 0,
      total: 0,
      broken: [],
      app: false,
      waiting: [],
    };
    if (exercise?.apps?.includes(app)) tally.app = true;
    for (const e of m.errors())
      tally.broken.push(`${basename(m.moduleId)}: ${stripVTControlCharacters(e.message ?? String(e))}`);
    for (const t of m.children.allTests()) {
      tally.total++;
      const state = t.result().state;
      if (state === 'passed') tally.passed++;
      else if (isStub(t) || (untouched && state === 'failed')) {
        tally.notStarted++;
        // What the application as handed out does not do yet: the assignment, shown when nothing else fails.
        if (untouched && state === 'failed') tally.waiting.push(t);
      } else if (state === 'failed') tally.failed.push(t);
    }
    tallies.set(id, tally);
  }
  return tallies;
}

export default class ExerciseReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (modules.length === 0) {
      process.stdout.write(
        `\nNo exercise matches that filter. Run all with \`npm run test:exercises\`, or one with its number: ${EXERCISES.map((e) => e.id.slice(0, 2)).join(', ')}.\n`,
      );
      return;
    }
    const tallies = tallyModules(modules);
    const lines: string[] = ['', pc.bold('Application tests')];
    let first: { id: string; test: TestCase } | undefined;
    let waiting: { id: string; test: TestCase } | undefined;
    let broken: { id: string; message: string } | undefined;
    const rows: string[][] = [];
    for (const exercise of EXERCISES) {
      const t = tallies.get(exercise.id);
      if (!t) continue;
      // Application tests run the reference's modules: the stubs left in the topic module say nothing about them.
      const stubs = t.app ? undefined : stubsLeft(exercise);
      rows.push([
        exercise.id,
        exerciseStatus({ ...t, failed: t.failed.length, broken: t.broken.length > 0 }, stubs, pc),
      ]);
      if (!broken && t.broken[0]) broken = { id: exercise.id, message: t.broken[0] };
      if (!first && t.failed[0]) first = { id: exercise.id, test: t.failed[0] };
      if (!waiting && t.waiting[0]) waiting = { id: exercise.id, test: t.waiting[0] };
    }
    lines.push(...columns(rows).map((line) => `  ${line}`));
    // A file that cannot run hides every test in it: that comes first.
    if (broken)
      lines.push('', pc.bold(`${broken.id}: the tests cannot run`), broken.message.split('\n').slice(0, 20).join('\n'));
    else if (first) lines.push(...this.#firstFailure(first.id, first.test));
    else if (waiting)
      lines.push(
        '',
        pc.dim('What the code as handed out does not do yet:'),
        ...this.#firstFailure(waiting.id, waiting.test),
      );
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  #firstFailure(id: string, test: TestCase): string[] {
    const result = test.result();
    const error = result.state === 'failed' ? result.errors[0] : undefined;
    const message = plain(error?.message ?? '')
      .split('\n')
      .slice(0, 40)
      .join('\n');
    const lines = ['', pc.bold(`First failure, ${id}: ${test.name}`), message];
    if (error?.diff) lines.push(plain(error.diff).split('\n').slice(0, 20).join('\n'));
    // The hint that helps is the one for the rule the failing step followed, which may not be
    // the transition the test is named after (a setup step can fail first).
    const followed =
      /the last step followed: (.+)/
        .exec(message)?.[1]
        ?.split(', ')
        .filter((r) => r !== '(none)') ?? [];
    const named = test.name.replace(/ \(.*\)$/, '');
    const rule = followed.find((r) => r !== named) && !followed.includes(named) ? followed.at(-1)! : named;
    const hint = hintFor(rule);
    lines.push('');
    if (rule !== named) lines.push(`The step that failed followed ${pc.bold(rule)}: look there first.`);
    if (hint) {
      lines.push(`${pc.bold('Hint')}, a question to start from: ${hint.level}`);
      lines.push(
        `More hints (then the rule itself): exercises/${hint.exercise}/hints.en.md (中文: hints.zh-CN.md), section "${rule}"`,
      );
      lines.push(`Lesson: lessons/en/${hint.lesson.replace('#', '.md#')}`);
    } else {
      lines.push(`Read: exercises/${id}/README.md and lessons/en/${id}.md`);
    }
    return lines;
  }
}
