/**
 * `tcplab watch [EXERCISE]`: the public checks again on every save. It checks once, then each time
 * a file under exercises/ changes (a burst of saves counts once), until stopped with Ctrl+C.
 */
import { join } from 'node:path';
import { watch } from 'chokidar';
import pc from 'picocolors';
import { toTable } from '../../report/table.js';
import { publicCheck } from '../grading.js';
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

export async function runWatch(key: string | undefined, out: (text: string) => void, options: WatchOptions = {}): Promise<number> {
  const exercise = key === undefined ? undefined
    : moduleExercise(key, (id) => `watch its tests with npx vitest --config vitest.exercises.config.ts exercises/${id}`);
  const root = options.root ?? process.cwd();
  const folder = join(root, 'exercises', ...(exercise ? [exercise.id] : []));
  const clear = Boolean(process.stdout.isTTY);
  // Each check has a number; a save while one runs makes it stale: its children are ended at once and
  // its report, if any, is never shown. At most one check runs, and the newest save is the one checked.
  let latest = 0;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const check = (why: string): void => {
    const mine = ++latest;
    if (mine > 1) killAll();
    running = running.then(async () => {
      if (mine !== latest || stopped) return;
      options.onCheck?.(why);
      try {
        const report = await publicCheck(join(root, 'exercises'), exercise?.id);
        if (mine !== latest || stopped) return;
        out(`${clear ? '\x1Bc' : ''}${pc.dim(why)}\n${toTable(report, { kit: root })}\n${pc.dim(`Watching ${folder} (Ctrl+C to stop)`)}`);
      } catch (e) {
        // A grading failure ends nothing: the next save tries again.
        if (mine === latest && !stopped) out(pc.red(`tcplab watch: ${e instanceof Error ? e.message : String(e)}`));
      }
    });
  };
  const watcher = watch(folder, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: SETTLE_MS, pollInterval: 50 } });
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  check('checked at start');
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, path) => {
    if (!path.endsWith('.ts')) return;
    clearTimeout(timer);
    timer = setTimeout(() => check(`changed: ${path.startsWith(root) ? path.slice(root.length + 1) : path}`), SETTLE_MS);
  });
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    options.signal?.addEventListener('abort', stop, { once: true });
    if (!options.signal) process.once('SIGINT', stop);
  });
  clearTimeout(timer);
  // Stopping does not wait for a check to finish: its children and inspectors are ended now.
  stopped = true;
  killAll();
  stopInspectors();
  await watcher.close();
  await running;
  return 0;
}
