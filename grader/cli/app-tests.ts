/**
 * The application exercises' tests (05's crawler, 06's server), as `check`, `status` and
 * `npm run test:exercises` all see them: one vitest run of the same test files, with the kit's exercise
 * reporter for people and a JSON summary for the counts, stopped at a time limit (an endless loop in
 * crawler.ts or server.ts fails; it never hangs a command).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { KIT } from '../runner/kit.js';

/** The exercises whose application code has tests of its own, and the file each student edits. */
export const APP_EXERCISES: Readonly<Record<string, string>> = { '05-time-wait': 'crawler.ts', '06-close-wait': 'server.ts' };

/** Longest the application tests may take before they are stopped. */
export const APP_TESTS_MS = 120_000;

export interface AppTests {
  /** What the kit's exercise reporter printed: one line per exercise, then the first failure in full. */
  text: string;
  /** Per exercise: tests passed and run; `error` when they could not run or were stopped. */
  results: { exercise: string; passed: number; total: number; error?: string }[];
}

interface VitestJson {
  testResults?: { name: string; status: string; message?: string; assertionResults?: { status: string }[] }[];
}

/** Run the application tests of `exercises` (those of APP_EXERCISES among them) in the kit at `kit`. */
export async function runAppTests(exercises: readonly string[], kit = KIT): Promise<AppTests> {
  const ids = exercises.filter((id) => id in APP_EXERCISES);
  if (ids.length === 0) return { text: '', results: [] };
  const dir = mkdtempSync(join(tmpdir(), 'tcplab-app-tests-'));
  const summary = join(dir, 'summary.json');
  try {
    const run = await execa('vitest', [
      'run', '--config', join(kit, 'vitest.exercises.config.ts'),
      '--reporter', join(kit, 'grader', 'kit', 'exercise-reporter.ts'), '--reporter', 'json', '--outputFile.json', summary,
      ...ids.map((id) => `exercises/${id}/`),
    ], {
      cwd: kit, reject: false, preferLocal: true, all: true, timeout: APP_TESTS_MS, forceKillAfterDelay: 1_000,
      env: process.stdout.isTTY && !process.env['NO_COLOR'] ? { FORCE_COLOR: '1' } : {},
    });
    if (run.timedOut) {
      const error = `the application tests ran longer than ${APP_TESTS_MS / 1000} s and were stopped: an endless loop in ${ids.map((id) => APP_EXERCISES[id]).join(' or ')}?`;
      return { text: error, results: ids.map((exercise) => ({ exercise, passed: 0, total: 0, error })) };
    }
    let parsed: VitestJson = {};
    try {
      parsed = JSON.parse(readFileSync(summary, 'utf8')) as VitestJson;
    } catch {
      // No summary: vitest could not start; its own words are in the text.
    }
    const results = ids.map((exercise) => {
      const files = (parsed.testResults ?? []).filter((f) => f.name.includes(`/exercises/${exercise}/`));
      const tests = files.flatMap((f) => f.assertionResults ?? []);
      const broken = files.find((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0);
      const error = files.length === 0 ? 'its tests did not run' : broken ? (broken.message ?? 'its test file could not run').split('\n')[0]! : undefined;
      return { exercise, passed: tests.filter((t) => t.status === 'passed').length, total: tests.length, ...(error ? { error } : {}) };
    });
    // Vitest's own note of where the JSON went is ours, not the student's.
    const text = (run.all ?? '').split('\n').filter((line) => !line.includes(summary)).join('\n').trimEnd();
    return { text, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether every application test ran and passed. */
export const appTestsPass = (tests: AppTests): boolean => tests.results.every((r) => !r.error && r.total > 0 && r.passed === r.total);
