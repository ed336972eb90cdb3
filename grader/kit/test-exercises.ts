/**
 * `npm run test:exercises [-- NN]`: a student's verdict. For the topic modules it is `tcplab check`
 * itself, so the two can never disagree: the same recorded cases, the same judge, the same time
 * limits. The application exercises (05's crawler, 06's server) then run their vitest tests. It exits
 * 1 until every check and test passes.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { findExercise } from '../engine/exercises.js';
import { main } from '../cli/main.js';
import { KIT } from '../runner/kit.js';

/** Longest the application tests may take before they are stopped (an endless loop in crawler.ts or server.ts). */
const APP_TESTS_MS = 120_000;

async function appTests(exercise: string | undefined): Promise<number> {
  const apps = exercise === undefined ? ['05-time-wait', '06-close-wait'] : [findExercise(exercise)?.id].filter((id) => id === '05-time-wait' || id === '06-close-wait');
  if (apps.length === 0) return 0;
  const run = await execa('vitest', ['run', '--config', join(KIT, 'vitest.exercises.config.ts'), ...apps.map((id) => `exercises/${id}/`)], {
    cwd: KIT, stdio: 'inherit', reject: false, preferLocal: true, timeout: APP_TESTS_MS, forceKillAfterDelay: 1_000,
  });
  if (run.timedOut) {
    process.stderr.write(`The application tests ran longer than ${APP_TESTS_MS / 1000} s and were stopped: an endless loop in crawler.ts or server.ts?\n`);
    return 1;
  }
  return run.exitCode ?? 1;
}

const args = process.argv.slice(2);
const exercise = args.find((a) => !a.startsWith('-'));
// Like any test run, it fails (exit 1) until every check passes, unless told another threshold.
const threshold = args.some((a) => a.startsWith('--min-')) ? [] : ['--min-percent', '100'];
const checked = await main(['check', ...args, ...threshold], undefined, true);
// A bad argument is reported once, by check.
const code = checked === 2 ? 2 : Math.max(checked, await appTests(exercise));
process.exitCode = code;
