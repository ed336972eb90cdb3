/**
 * `tcplab hint EXERCISE`: the next hint for the first transition the public checks fail. Hints come
 * in levels (a question first, then the rule); each call shows the next level for that transition,
 * remembered in .tcplab/hints.json beside the student's exercises, so asking again goes one step
 * further and a fixed transition moves the hint on to the next one.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { CATALOGUE } from '../../engine/catalogue.js';
import { findExercise, type Exercise } from '../../engine/exercises.js';
import { columns } from '../../report/columns.js';
import { parseHints, type Hint } from '../../report/hints.js';
import type { TransitionScore } from '../../conformance/score.js';
import { appTestsPass, runAppTests } from '../app-tests.js';
import { publicCheck } from '../grading.js';
import { UsageError } from '../errors.js';
import { MB, readInputFile } from '../input-file.js';
import { moduleExercise } from '../instructor.js';
import { writeAtomically } from '../output-file.js';

/**
 * Per transition: how many levels were shown, whether it was failing or not yet started then, and the
 * first failure it had (a different failure on the same transition starts again from the first level).
 */
type Shown = Record<string, { shown: number; status: string; failure?: string }>;

/** The command's own words in each language (the hints themselves come from the hint files). */
const WORDS = {
  en: {
    fails: (n: number, of: number) => `fails ${n} of its ${of} public checks`,
    notStarted: 'not started yet',
    hint: (i: number, of: number) => `Hint ${i} of ${of}`,
    again: (i: number) => `Still stuck? Run it again for hint ${i}.`,
    last: (lesson: string, n: string) =>
      `That was the last hint. Lesson: ${lesson} (./tcplab hint ${n} --reset starts the hints again)`,
    app: (id: string) => `${id} is application code: it has no hints file. Read instead:`,
    appFails: (id: string, file: string) =>
      `Every public check of ${id} passes, but its application, ${file}, does not pass its tests yet:`,
    readme: 'what to fix',
    tests: 'its tests: what the fixed code must do',
    lesson: 'the lesson',
    check: (n: string) => `Check it with: npm run test:exercises -- ${n}`,
  },
  'zh-CN': {
    fails: (n: number, of: number) => `${of} 项公开检查中有 ${n} 项未通过`,
    notStarted: '尚未开始',
    hint: (i: number, of: number) => `提示 ${i}/${of}`,
    again: (i: number) => `还是卡住了？再运行一次，看提示 ${i}。`,
    last: (lesson: string, n: string) =>
      `这是最后一条提示。课程：${lesson}（运行 ./tcplab hint ${n} --reset 可从头再看提示）`,
    app: (id: string) => `${id} 是应用程序代码，没有提示文件。请阅读：`,
    appFails: (id: string, file: string) => `${id} 的公开检查全部通过，但它的应用程序 ${file} 还没有通过测试：`,
    readme: '要修复什么',
    tests: '它的测试：修好的代码必须做到什么',
    lesson: '课程',
    check: (n: string) => `检查：npm run test:exercises -- ${n}`,
  },
} as const;

const stateFile = (root: string): string => join(root, '.tcplab', 'hints.json');

function loadShown(root: string): Shown {
  const file = stateFile(root);
  if (!existsSync(file)) return {}; // none yet
  // Not a regular file (a FIFO would hang the read) is refused; damaged JSON starts again from the first level.
  const text = readInputFile(file, 'record of hints shown', MB);
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Shown) : {};
  } catch {
    return {};
  }
}

function saveShown(root: string, shown: Shown): void {
  try {
    mkdirSync(join(root, '.tcplab'), { recursive: true });
    writeAtomically(stateFile(root), `${JSON.stringify(shown, null, 2)}\n`);
  } catch {
    // A read-only folder: the same level is shown next time.
  }
}

/** `root` is the student's copy of the kit (where `exercises/` is): the current folder from the CLI. */
export async function runHint(
  key: string,
  options: { lang: 'en' | 'zh-CN'; reset?: boolean; root?: string },
  out: (text: string) => void,
): Promise<number> {
  const root = options.root ?? process.cwd();
  const app = findExercise(key);
  if (app && !app.module) {
    appGuide(app, options.lang, root, out);
    await appTestsShown(app, options.lang, root, out, false);
    return 0;
  }
  const exercise = moduleExercise(key, () => `its README and hints.${options.lang}.md guide you`);
  const hintsFile = join(root, 'exercises', exercise.id, `hints.${options.lang}.md`);
  if (!existsSync(hintsFile)) throw new UsageError(`${hintsFile} is missing: run tcplab hint from the kit's folder`);
  const hints = parseHints(readInputFile(hintsFile, 'hints file', MB), hintsFile).hints;
  const shown = options.reset ? {} : loadShown(root);
  const report = await publicCheck(join(root, 'exercises'), exercise.id);
  const errors = report.errors.filter((e) => e.exercise === exercise.id);
  if (errors.length > 0) {
    out(`${pc.bold(`${exercise.id} cannot be checked yet`)}; fix this first:`);
    for (const e of errors)
      out(`  ${e.file ?? ''}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''} ${e.message}`);
    return 0;
  }
  // The first failing transition in catalogue order, else the first not yet started.
  const order = new Map<string, number>(CATALOGUE.map((e, i) => [e.id, i]));
  const mine = report.transitions
    .filter((t) => t.exercise === exercise.id)
    .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const target = mine.find((t) => t.status === 'failed') ?? mine.find((t) => t.status === 'not-started');
  if (!target) {
    if (options.reset) saveShown(root, shown);
    // 05's crawler is part of the exercise: its failing tests come before the quiz.
    if (exercise.apps?.length && !(await appTestsShown(exercise, options.lang, root, out))) return 0;
    out(
      `Every public check of ${exercise.id} passes: no hint needed. Next: ./tcplab quiz ${exercise.id.slice(0, 2)}, then the next exercise.`,
    );
    return 0;
  }
  const hint = hints.find((h) => h.id === target.id);
  if (!hint || hint.levels.length === 0) {
    out(`${target.id}: no hint written for it; read exercises/${exercise.id}/README.md`);
    return 0;
  }
  showLevel({ target, hint, shown, root, exercise, lang: options.lang }, out);
  return 0;
}

/** The next level of the transition's hint (the first again if its status or failure changed since), recorded. */
function showLevel(
  at: {
    target: TransitionScore;
    hint: Hint;
    shown: Shown;
    root: string;
    exercise: Exercise;
    lang: 'en' | 'zh-CN';
  },
  out: (text: string) => void,
): void {
  const { target, hint, shown, root, exercise, lang } = at;
  // Hints read before any code was written do not count once the transition is being attempted.
  const before = shown[target.id];
  const failure = target.failures[0] ? `${target.failures[0].expected} | ${target.failures[0].actual}` : undefined;
  const same = before?.status === target.status && before.failure === failure && typeof before.shown === 'number';
  const level = Math.min(same ? before.shown : 0, hint.levels.length - 1);
  shown[target.id] = { shown: level + 1, status: target.status, ...(failure !== undefined ? { failure } : {}) };
  saveShown(root, shown);
  const words = WORDS[lang];
  const why = target.status === 'failed' ? words.fails(target.total - target.passed, target.total) : words.notStarted;
  out(`${pc.bold(target.id)} (${why})`);
  out(`${pc.bold(words.hint(level + 1, hint.levels.length))}: ${hint.levels[level]}`);
  out(
    pc.dim(
      level + 1 < hint.levels.length
        ? words.again(level + 2)
        : words.last(`lessons/${lang}/${hint.lesson.replace('#', '.md#')}`, exercise.id.slice(0, 2)),
    ),
  );
}

/** An application exercise (06) has no hints file: what it has instead, each path one that exists in the kit. */
function appGuide(exercise: Exercise, lang: 'en' | 'zh-CN', root: string, out: (text: string) => void): number {
  const words = WORDS[lang];
  const folder = `exercises/${exercise.id}`;
  const read: [string, string][] = [
    [`${folder}/README.md`, words.readme],
    ...(exercise.apps ?? []).map((a): [string, string] => [`${folder}/${a.replace(/\.ts$/, '.test.ts')}`, words.tests]),
    [`lessons/${lang}/${exercise.id}.md`, words.lesson],
  ];
  const present = read.filter(([path]) => existsSync(join(root, path)));
  out(pc.bold(words.app(exercise.id)));
  for (const line of columns(present.map(([path, what]) => [path, pc.dim(what)]))) out(`  ${line}`);
  out(words.check(exercise.id.slice(0, 2)));
  return 0;
}

/**
 * The application tests of an exercise whose modules pass: true when they pass too; else their
 * first failure (the kit's reporter) and what to read, and false.
 */
async function appTestsShown(
  exercise: Exercise,
  lang: 'en' | 'zh-CN',
  root: string,
  out: (text: string) => void,
  header = true,
): Promise<boolean> {
  const tests = await runAppTests([exercise.id], root);
  if (appTestsPass(tests)) return true;
  if (header) out(pc.bold(WORDS[lang].appFails(exercise.id, (exercise.apps ?? []).join(', '))));
  out(tests.text);
  return false;
}
