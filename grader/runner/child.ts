/**
 * The sandbox's child process (started by grader/runner/sandbox.ts, bundled into one plain
 * JavaScript file): it runs jobs with the reference modules and the submission's bundled modules,
 * under Node's permission model.
 *
 *   node child.mjs NONCE
 *
 * It starts before the submission has passed its static checks (so its start costs no time), and
 * loads nothing of it until told: the first line on stdin is `{"load":[{"exercise":"05-time-wait",
 * "file":"/tmp/.../time-wait.mjs"}]}`; jobs follow as JSON lines, `{"jobs":[...]}`. Answers go out
 * on fd 3 only, one line each, `NONCE<tab>JSON`: `{"t":"started"}` once the child runs, then
 * `{"t":"ready","failed":{exercise: message}}` once the modules are loaded, then
 * `{"t":"result","r":JobResult}` per job, in order. Whatever the submission prints goes elsewhere, and it cannot learn the nonce:
 * before any of its code loads, the nonce leaves `process.argv`, `process.report` (whose header shows
 * the command line) goes, and the built-ins the child relies on are captured.
 */
import { writeSync as fsWriteSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { EXERCISES } from '../engine/exercises.js';
import type { Modules } from '../engine/modules.js';
import { modules as reference, modulesWith } from '../../solutions/modules.js';
import { runJob } from './in-process.js';
import type { Job, JobResult } from './jobs.js';

// Captured now: the submission may replace the globals once it has loaded.
const writeSync = fsWriteSync;
const bytes = Buffer.from.bind(Buffer) as (text: string) => Buffer;
const stringify = JSON.stringify;
const parse = JSON.parse;
const immediate = setImmediate;
const exit = process.exit.bind(process);
const stdin = process.stdin;

const nonce = process.argv[2] ?? '';
process.argv.splice(2);
hide();

/**
 * Take away what would show the nonce, or reach past the permission model without an import: a best
 * effort under the real boundaries (the permission model, the namespaces), which do not cover these.
 */
function hide(): void {
  const set = (target: object, name: string, value: unknown): void => {
    try {
      Object.defineProperty(target, name, { value, configurable: false, writable: false, enumerable: false });
    } catch {
      try {
        delete (target as Record<string, unknown>)[name];
      } catch { /* left as it is */ }
    }
  };
  // report: its header has the command line. getBuiltinModule: fs, vm, net, v8 with no import to refuse.
  // kill: without namespaces, the grader is a signal away. Active handles: the stdin socket.
  for (const name of ['report', 'getBuiltinModule', 'kill', '_kill', '_getActiveHandles', '_getActiveRequests']) set(process, name, undefined);
  // Pipes are sockets, and a socket's constructor connects anywhere, Unix sockets by path included:
  // stdin is kept for the jobs (above); stderr becomes stdout, which is /dev/null (a file stream).
  set(process, 'stdin', undefined);
  set(process, 'stderr', process.stdout);
  // The network, where there is no network namespace.
  for (const name of ['fetch', 'WebSocket', 'EventSource']) set(globalThis, name, undefined);
}

function send(message: unknown): void {
  const data = bytes(`${nonce}\t${stringify(message)}\n`);
  let at = 0;
  while (at < data.length) {
    try {
      at += writeSync(3, data, at);
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'EAGAIN') throw e;
    }
  }
}

function describe(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : `${typeof e}: ${String(e)}`;
  } catch {
    return 'an exception that cannot be printed';
  }
}

send({ t: 'started' });

const loaded = new Map<string, Modules>();

async function load(wanted: { exercise: string; file: string }[]): Promise<void> {
  const failed: Record<string, string> = {};
  for (const { exercise, file } of wanted) {
    const topic = EXERCISES.find((e) => e.id === exercise)?.module;
    try {
      const module = (await import(pathToFileURL(file).href)) as Modules[keyof Modules];
      if (topic) loaded.set(exercise, modulesWith({ [topic]: module } as Partial<Modules>));
    } catch (e) {
      failed[exercise] = describe(e);
    }
  }
  send({ t: 'ready', failed });
}

const candidateFor = (exercise: string): Modules | undefined => loaded.get(exercise);

async function runBatch(jobs: Job[]): Promise<void> {
  for (const job of jobs) {
    let result: JobResult;
    try {
      result = runJob(job, reference, candidateFor);
    } catch (e) {
      result = { id: job.id, kind: 'failed', reason: 'crash', message: describe(e) };
    }
    // Let what the job queued (promises, immediates, due timers) run now, so a crash there is its own.
    await new Promise<void>((resolve) => immediate(resolve));
    try {
      send({ t: 'result', r: result });
    } catch (e) {
      send({ t: 'result', r: { id: job.id, kind: 'failed', reason: 'crash', message: `the result could not be sent: ${describe(e)}` } });
    }
  }
}

let pending = '';
let queue = Promise.resolve();
stdin.setEncoding('utf8');
stdin.on('data', (chunk: string) => {
  pending += chunk;
  for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    const order = parse(line) as { jobs: Job[] } | { load: { exercise: string; file: string }[] };
    queue = queue.then(() => ('load' in order ? load(order.load) : runBatch(order.jobs)));
  }
});
stdin.on('end', () => { void queue.then(() => exit(0)); });
