/**
 * The application exercises' tests (05's crawler, 06's server), as `check`, `status`, `watch`, `hint`
 * and `npm run test:exercises` all see them: one vitest run per exercise, of the same test files, with
 * the kit's exercise reporter for people and a JSON summary for the counts. Each run is a process
 * group of its own, ended whole at a time limit (an endless loop in crawler.ts blocks vitest's worker,
 * which a kill of vitest alone would leave spinning) and on Ctrl+C.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import pc from 'picocolors';
import { KIT } from '../runner/kit.js';

/** The exercises whose application code has tests of its own, and the file each student edits. */
export const APP_EXERCISES: Readonly<Record<string, string>> = {
  '05-time-wait': 'crawler.ts',
  '06-close-wait': 'server.ts',
};

/** Longest one exercise's application tests may take (they need 2 to 5 s on a busy machine, vitest's start included). */
export const APP_TESTS_MS = 30_000;

export interface AppResult {
  exercise: string;
  passed: number;
  total: number;
  /** Why the tests could not run, or were stopped. */
  error?: string;
  /** The application file is still exactly as handed out (its README records the starting code's hash). */
  untouched: boolean;
}

export interface AppTests {
  /** What the kit's exercise reporter printed: one line per exercise, then the first failure in full. */
  text: string;
  results: AppResult[];
}

interface VitestJson {
  testResults?: { name: string; status: string; message?: string; assertionResults?: { status: string }[] }[];
}

/** Process groups of the runs under way, with their scratch folders: ended on Ctrl+C (./interrupt.ts) and when this process exits. */
const groups = new Map<number, string>();

function endGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** End every application test run under way. */
export function stopAppTests(): void {
  for (const [pid, dir] of groups) {
    endGroup(pid);
    rmSync(dir, { recursive: true, force: true });
  }
  groups.clear();
}

/** Whether the exercise's application file is the starting code, by the hash its README records. */
function untouched(exercise: string, kit: string): boolean {
  const file = APP_EXERCISES[exercise] ?? '';
  const readme = join(kit, 'exercises', exercise, 'README.md');
  const path = join(kit, 'exercises', exercise, file);
  if (!existsSync(readme) || !existsSync(path)) return false;
  const recorded = new RegExp(`<!-- starting code: ${file.replace('.', '\\.')} sha256=([0-9a-f]+) -->`).exec(
    readFileSync(readme, 'utf8'),
  )?.[1];
  return recorded !== undefined && createHash('sha256').update(readFileSync(path, 'utf8')).digest('hex') === recorded;
}

async function runOne(exercise: string, kit: string, limitMs: number): Promise<{ text: string; result: AppResult }> {
  const dir = mkdtempSync(join(tmpdir(), 'tcplab-app-tests-'));
  const summary = join(dir, 'summary.json');
  try {
    const child = startVitest(exercise, kit, summary);
    const pid = child.pid;
    if (pid !== undefined) {
      if (groups.size === 0) process.once('exit', stopAppTests);
      groups.set(pid, dir);
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) endGroup(pid);
    }, limitMs);
    const run = await child;
    clearTimeout(timer);
    if (pid !== undefined) groups.delete(pid);
    if (timedOut) {
      const error = `its tests ran longer than ${limitMs / 1000} s and were stopped: an endless loop in ${APP_EXERCISES[exercise]}?`;
      return {
        text: `\n${pc.bold('Application tests')}\n  ${exercise}  ${pc.red(error)}`,
        result: { exercise, passed: 0, total: 0, error, untouched: untouched(exercise, kit) },
      };
    }
    return outcome(exercise, kit, summary, run.all ?? '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** vitest on the exercise's tests with the kit's reporter, and a JSON summary written to `summary`. */
function startVitest(exercise: string, kit: string, summary: string) {
  return execa(
    'vitest',
    [
      'run',
      '--config',
      join(kit, 'vitest.exercises.config.ts'),
      '--reporter',
      join(kit, 'grader', 'kit', 'exercise-reporter.ts'),
      '--reporter',
      'json',
      '--outputFile.json',
      summary,
      `exercises/${exercise}/`,
    ],
    {
      cwd: kit,
      reject: false,
      preferLocal: true,
      all: true,
      detached: true,
      env: process.stdout.isTTY && !process.env['NO_COLOR'] ? { FORCE_COLOR: '1' } : {},
    },
  );
}

/** What a finished run printed (less vitest's note of where the JSON went) and what its summary counts. */
function outcome(exercise: string, kit: string, summary: string, all: string): { text: string; result: AppResult } {
  let parsed: VitestJson = {};
  try {
    parsed = JSON.parse(readFileSync(summary, 'utf8')) as VitestJson;
  } catch {
    // No summary: vitest could not start; its own words are in the text.
  }
  const files = (parsed.testResults ?? []).filter((f) => f.name.includes(`/exercises/${exercise}/`));
  const tests = files.flatMap((f) => f.assertionResults ?? []);
  const broken = files.find((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0);
  const error =
    files.length === 0
      ? 'its tests did not run'
      : broken
        ? (broken.message ?? 'its test file could not run').split('\n')[0]!
        : undefined;
  // Vitest's own note of where the JSON went is ours, not the student's.
  const text = all
    .split('\n')
    .filter((line) => !line.includes(summary))
    .join('\n')
    .trimEnd();
  const passed = tests.filter((t) => t.status === 'passed').length;
  return {
    text,
    result: {
      exercise,
      passed,
      total: tests.length,
      ...(error ? { error } : {}),
      untouched: untouched(exercise, kit),
    },
  };
}

/** Run the application tests of `exercises` (those of APP_EXERCISES among them) in the kit at `kit`, each exercise on its own. */
export async function runAppTests(exercises: readonly string[], kit = KIT, limitMs = APP_TESTS_MS): Promise<AppTests> {
  const ids = exercises.filter((id) => id in APP_EXERCISES);
  const runs = await Promise.all(ids.map((id) => runOne(id, kit, limitMs)));
  // Each run's reporter heads its lines with "Exercises": once is enough.
  const texts = runs
    .map((r, i) =>
      i === 0 ? r.text : r.text.replace(/^\s*(?:\x1B\[[\d;]*m)*Application tests(?:\x1B\[[\d;]*m)*\n/, ''),
    )
    .filter((t) => t.trim() !== '');
  return { text: texts.join('\n'), results: runs.map((r) => r.result) };
}

/** Whether every application test ran and passed. */
export const appTestsPass = (tests: AppTests): boolean =>
  tests.results.every((r) => !r.error && r.total > 0 && r.passed === r.total);
