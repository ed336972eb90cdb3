/**
 * `tcplab watch [EXERCISE]`: the public checks again on every save, with the application tests of 05
 * and 06 as `check` runs them. It checks once, then each time a file under exercises/ changes (a burst
 * of saves counts once), until stopped with Ctrl+C.
 */
import { join } from 'node:path';
import { watch } from 'chokidar';
import pc from 'picocolors';
import { toTable } from '../../report/table.js';
import { publicCheck } from '../grading.js';
import { type Exercise, findExercise } from '../../engine/exercises.js';
import { APP_EXERCISES, runAppTests, stopAppTests } from '../app-tests.js';
import { moduleExercise } from '../instructor.js';
import { killAll } from '../../runner/child-process.js';
import { stopInspectors } from '../../runner/inspect/index.js';

/** Saves closer together than this are one change (editors write a file in several steps). */
const SETTLE_MS = 150;

export interface WatchOptions {
  /** The student's copy of the kit (where `exercises/` is): the current folder from the CLI. */
  root?: string;
  /** Stops watching (the CLI stops on Ctrl+C instead). */
  signal?: AbortSignal;
  /** Told when a check starts, with why (tests wait for it). */
  onCheck?: (why: string) => void;
}

export async function runWatch(
  key: string | undefined,
  out: (text: string) => void,
  options: WatchOptions = {},
): Promise<number> {
  const exercise = watchedExercise(key);
  const root = options.root ?? process.cwd();
  const folder = join(root, 'exercises', ...(exercise ? [exercise.id] : []));
  const checker = makeChecker({
    exercise,
    root,
    folder,
    out,
    ...(options.onCheck ? { onCheck: options.onCheck } : {}),
  });
  const watcher = watch(folder, {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: SETTLE_MS, pollInterval: 50 },
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  checker.check('checked at start');
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, path) => {
    if (!path.endsWith('.ts')) return;
    clearTimeout(timer);
    timer = setTimeout(
      () => checker.check(`changed: ${path.startsWith(root) ? path.slice(root.length + 1) : path}`),
      SETTLE_MS,
    );
  });
  await untilStopped(options.signal);
  clearTimeout(timer);
  // Stopping does not wait for a check to finish: its children and inspectors are ended now.
  checker.stop();
  killAll();
  stopInspectors();
  stopAppTests();
  await watcher.close();
  await checker.settled();
  return 0;
}

/** The exercise watched, if one is named (06 is application code only: watching it runs its tests). */
function watchedExercise(key: string | undefined): Exercise | undefined {
  if (key === undefined) return undefined;
  return findExercise(key)?.id === '06-close-wait' ? findExercise(key) : moduleExercise(key, () => 'no such exercise');
}

/**
 * The checks, one at a time. Each check has a number; a save while one runs makes it stale: its
 * children are ended at once and its report, if any, is never shown. The newest save is the one checked.
 */
function makeChecker(watching: {
  exercise: Exercise | undefined;
  root: string;
  folder: string;
  out: (text: string) => void;
  onCheck?: (why: string) => void;
}): { check: (why: string) => void; stop: () => void; settled: () => Promise<void> } {
  const { exercise, root, folder, out } = watching;
  const apps = Object.keys(APP_EXERCISES).filter((id) => exercise === undefined || id === exercise.id);
  const clear = Boolean(process.stdout.isTTY);
  let latest = 0;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const check = (why: string): void => {
    const mine = ++latest;
    if (mine > 1) {
      killAll();
      stopAppTests();
    }
    running = running.then(async () => {
      if (mine !== latest || stopped) return;
      watching.onCheck?.(why);
      // Something to see while the checks run (the report clears it).
      out(`${clear ? '\x1Bc' : ''}${pc.dim('checking…')}`);
      try {
        const report =
          exercise?.module === undefined && exercise !== undefined
            ? undefined
            : await publicCheck(join(root, 'exercises'), exercise?.id);
        if (mine !== latest || stopped) return;
        const tested = apps.length > 0 ? await runAppTests(apps, root) : undefined;
        if (mine !== latest || stopped) return;
        const parts = [
          pc.dim(why),
          ...(report ? [toTable(report, { kit: root })] : []),
          ...(tested ? [tested.text] : []),
          pc.dim(`Watching ${folder} (Ctrl+C to stop)`),
        ];
        out(`${clear ? '\x1Bc' : ''}${parts.join('\n')}`);
      } catch (e) {
        // A grading failure ends nothing: the next save tries again.
        if (mine === latest && !stopped) out(pc.red(`tcplab watch: ${e instanceof Error ? e.message : String(e)}`));
      }
    });
  };
  return {
    check,
    stop: () => {
      stopped = true;
    },
    settled: () => running,
  };
}

/** Until `signal` aborts, or (from the CLI) the first Ctrl+C. */
function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    signal?.addEventListener('abort', stop, { once: true });
    if (signal) return;
    // The first Ctrl+C stops watching; one more (npx passes the signal on, and people press twice)
    // must not kill this process before it has ended what it started.
    let interrupted = false;
    process.on('SIGINT', () => {
      if (!interrupted) {
        interrupted = true;
        stop();
        return;
      }
      killAll();
      stopInspectors();
      stopAppTests();
      process.exit(130);
    });
  });
}
