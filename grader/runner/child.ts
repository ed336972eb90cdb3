/**
 * The sandbox's child process (started by grader/runner/sandbox.ts, bundled into one plain
 * JavaScript file that holds the engine and the job runner, and no TCP logic): it runs one
 * exercise's jobs on the submission's module, with the reference for every other topic.
 *
 *   node --frozen-intrinsics --permission ... child.mjs
 *
 * Wire protocol, ASCII JSON lines both ways. In on fd 0: first the nonce alone, then
 * `{"load":{"topic":"timeWait","candidate":FILE,"reference":{"sequence":FILE,...}}}` once the
 * submission has passed its static checks, then `{"jobs":[...]}` batches. Out on fd 3 only, each line
 * `NONCE<tab>JSON`: `{"t":"started"}`, `{"t":"ready"}` (or `"error"` saying why the module could not
 * load), then `{"t":"result","r":JobResult}` per job, in order.
 *
 * Written as if every global and prototype were hostile once the submission has loaded:
 * - nothing here can compute the module's answers: its topic's reference module is never loaded
 *   (the parent reached every fixture and recorded every conversation on the reference);
 * - `--frozen-intrinsics` freezes the JavaScript built-ins; what Node adds beside them (`Buffer`,
 *   `process`, streams, `setImmediate`) is captured before the submission loads and never used
 *   through an object the submission can reach: fd 0 is read with `readSync` into a plain Uint8Array
 *   and fd 3 written with `writeSync` and a string, decoded and encoded here, as ASCII;
 * - the nonce is read before the submission loads, lives only in this module's scope, and is never
 *   passed to anything but that captured `writeSync`.
 */
import { readSync as fsReadSync, writeSync as fsWriteSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { makeConfig } from '../engine/config.js';
import type { Modules } from '../engine/modules.js';
import { freshTcb, rfcVars } from '../engine/tcb.js';
import { asciiJson } from './ascii.js';
import { runJob, type Partial } from './in-process.js';
import type { Job, JobResult } from './jobs.js';

// Captured now: once the submission has loaded, only the frozen built-ins can be trusted.
const readSync = fsReadSync;
const writeSync = fsWriteSync;
const immediate = setImmediate;
const later = setTimeout;
const activeResources = process.getActiveResourcesInfo.bind(process);
const exit = process.exit.bind(process);
const toUrl = pathToFileURL;
const parse = JSON.parse;
const fromCharCodes = String.fromCharCode;
const wait = Atomics.wait;
const pause = new Int32Array(new SharedArrayBuffer(4));

// A job run through this script can be stopped from inside (vm's watchdog thread): an endless loop
// then costs its time limit, not a new process. The script finds the job through a global defined
// once, read-only, before the submission loads.
let timed: () => JobResult = () => {
  throw new Error('no job');
};
Object.defineProperty(globalThis, '__tcplabRunJob', {
  value: () => timed(),
  writable: false,
  configurable: false,
  enumerable: false,
});
const runTimed = new Script('__tcplabRunJob()');
const runInThisContext = Script.prototype.runInThisContext;
const apply = Reflect.apply;

hide();
lockGlobals();
reportCrashes();

/**
 * Take away what reaches past the permission model without an import, or would read or write the
 * child's own input: a best effort under the real boundaries (the permission model, the namespaces).
 */
function hide(): void {
  const set = (target: object, name: string, value: unknown): void => {
    try {
      Object.defineProperty(target, name, { value, configurable: false, writable: false, enumerable: false });
    } catch {
      try {
        delete (target as Record<string, unknown>)[name];
      } catch {
        /* left as it is */
      }
    }
  };
  // report: its header has the command line. getBuiltinModule: fs, vm, net, v8 with no import to refuse.
  // kill: without namespaces, the grader is a signal away.
  for (const name of [
    'report',
    'getBuiltinModule',
    'kill',
    '_kill',
    '_getActiveHandles',
    '_getActiveRequests',
    'openStdin',
    '_linkedBinding',
    'binding',
  ]) {
    set(process, name, undefined);
  }
  // The jobs come on fd 0, which only this file reads; stderr becomes stdout, which is /dev/null.
  set(process, 'stdin', undefined);
  set(process, 'stderr', process.stdout);
  // The network, where there is no network namespace.
  for (const name of ['fetch', 'WebSocket', 'EventSource']) set(globalThis, name, undefined);
}

/**
 * The global bindings (`JSON`, `Error`, `Uint8Array`, ...) are not intrinsics: `--frozen-intrinsics`
 * leaves them writable, and a replaced `Error` would even hand the submission every stack trace Node
 * formats. Every global that holds a value becomes read-only; lazy ones (getters) are left as they are.
 */
function lockGlobals(): void {
  for (const key of Reflect.ownKeys(globalThis)) {
    const d = Reflect.getOwnPropertyDescriptor(globalThis, key);
    if (d && 'value' in d && d.configurable) {
      try {
        Reflect.defineProperty(globalThis, key, { writable: false, configurable: false });
      } catch {
        /* left as it is */
      }
    }
  }
}

/**
 * An exception nothing caught (a submission's timer or promise) ends the process with its message on
 * stderr, where the parent reads why the process ended. Node 20 prints such errors as `{}` once the
 * intrinsics are frozen, so the message is written here.
 */
function reportCrashes(): void {
  const exitWith = process.exit.bind(process);
  process.on('uncaughtException', (e: unknown) => {
    try {
      writeSync(2, `Uncaught ${describe(e)}\n`);
    } finally {
      exitWith(1);
    }
  });
}

/** Wait a millisecond (a pipe that is full, or empty with no blocking read). */
function nap(): void {
  wait(pause, 0, 0, 1);
}

const isAgain = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'EAGAIN';

const input = new Uint8Array(64 * 1024);
let pending = '';

/** The next line on fd 0, or undefined at its end. Blocks: the child has nothing else to do. */
function readLine(): string | undefined {
  for (let end = pending.indexOf('\n'); end < 0; end = pending.indexOf('\n')) {
    let n: number;
    try {
      n = readSync(0, input, 0, input.length, null);
    } catch (e) {
      if (isAgain(e)) {
        nap();
        continue;
      }
      throw e;
    }
    if (n === 0) return undefined;
    // Chunks keep fromCharCode's argument list short; the wire is ASCII.
    for (let at = 0; at < n; at += 4096) pending += fromCharCodes(...input.subarray(at, Math.min(n, at + 4096)));
  }
  const end = pending.indexOf('\n');
  const line = pending.slice(0, end);
  pending = pending.slice(end + 1);
  return line;
}

const nonce = readLine() ?? '';

/** One answer; `json` from asciiJson, which runs frozen built-ins only (a submission's toJSON may run, and throw). */
function send(json: string): void {
  const line = `${nonce}\t${json}\n`;
  for (let at = 0; at < line.length; ) {
    try {
      at += writeSync(3, at === 0 ? line : line.slice(at));
    } catch (e) {
      if (!isAgain(e)) throw e;
      nap();
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

interface Load {
  /** The `Modules` key of the exercise's topic. */
  topic: string;
  candidate: string;
  /**
   * Bundled reference modules: one file per topic (every topic but the exercise's own), or, in a
   * student's kit, where the reference ships as one module, that module (its `modules` export).
   */
  reference: { topics: Record<string, string> } | { set: string };
}

/** The reference for every topic but `order.topic` (never the module of the topic this child grades). */
async function loadReference(order: Omit<Load, 'candidate'>): Promise<Record<string, unknown>> {
  const modules: Record<string, unknown> = {};
  try {
    if ('set' in order.reference) {
      const all = ((await import(toUrl(order.reference.set).href)) as { modules: Record<string, unknown> }).modules;
      for (const [topic, module] of Object.entries(all)) if (topic !== order.topic) modules[topic] = module;
    } else {
      for (const [topic, file] of Object.entries(order.reference.topics)) {
        if (topic !== order.topic) modules[topic] = await import(toUrl(file).href);
      }
    }
  } catch (e) {
    throw new Error(`the kit's reference modules could not be loaded: ${describe(e)}`);
  }
  return modules;
}

/**
 * A child started ahead of its submission is told its topic first (`{"prepare":…}`) and loads the
 * reference for the other topics while it waits; the submission's module comes with `load`.
 */
let prepared: { topic: string; modules: Promise<Record<string, unknown>> } | undefined;

async function load(order: Load): Promise<Modules | undefined> {
  const ready = prepared?.topic === order.topic ? prepared.modules : loadReference(order);
  prepared = undefined;
  const modules = await ready;
  try {
    modules[order.topic] = await import(toUrl(order.candidate).href);
  } catch (e) {
    send(asciiJson({ t: 'ready', error: describe(e) }));
    return undefined;
  }
  send(asciiJson({ t: 'ready' }));
  return modules as unknown as Modules;
}

const partial: Partial = { observations: [], steps: [] };

/**
 * A job stopped at its time limit: what it did up to the input it was stuck in, then a timeout at
 * that input, so the failure is charged to the rule that input follows.
 */
function stopped(job: Job, limitMs: number): JobResult {
  const running = partial.engine?.running;
  const error = {
    name: 'timeout',
    message: `your code ran longer than ${limitMs / 1000} s on this check (an endless loop?)${running ? `; it was running ${running}` : ''}; the sandbox stopped it`,
  };
  if (job.kind === 'replay') return { id: job.id, kind: 'replay', steps: partial.steps, error };
  const last = partial.observations.at(-1);
  const before = last?.tcb ?? rfcVars(job.start?.tcb ?? freshTcb(makeConfig()));
  const stuck = {
    state: last?.state ?? job.start?.state ?? 'CLOSED',
    sent: [],
    notices: [],
    timers: [],
    tcb: before,
    rules: [],
    transition: undefined,
    error,
  };
  return { id: job.id, kind: 'transition', observations: [...partial.observations, stuck] };
}

const isTimeout = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';

/** Whether a timer is running (the child sets none of its own). */
function timerRunning(): boolean {
  try {
    return activeResources().includes('Timeout');
  } catch {
    return false;
  }
}

/** Run `jobs`; with `limitMs`, each under that time limit, enforced here. */
async function runBatch(jobs: Job[], modules: Modules, limitMs: number | undefined): Promise<void> {
  for (const job of jobs) {
    let result: JobResult;
    try {
      if (limitMs === undefined) {
        result = runJob(job, modules);
      } else {
        timed = () => runJob(job, modules, partial);
        partial.observations = [];
        partial.steps = [];
        delete partial.engine;
        result = apply(runInThisContext, runTimed, [{ timeout: limitMs }]) as JobResult;
      }
    } catch (e) {
      result = isTimeout(e)
        ? stopped(job, limitMs!)
        : { id: job.id, kind: 'failed', reason: 'crash', message: describe(e) };
    }
    // Let what the job queued (promises, immediates, due timers) run now, so a crash there is its own.
    await new Promise<void>((resolve) => immediate(resolve));
    // A timer the job set for "now" is due a millisecond later, which a fast job has not waited: a
    // timer set after it fires after it. Only a job that left a timer running pays the wait.
    if (timerRunning()) await new Promise<void>((resolve) => later(resolve, 0));
    let json: string;
    try {
      json = asciiJson({ t: 'result', r: result });
    } catch (e) {
      json = asciiJson({
        t: 'result',
        r: { id: job.id, kind: 'failed', reason: 'crash', message: `the result could not be sent: ${describe(e)}` },
      });
    }
    send(json);
  }
}

async function main(): Promise<void> {
  send(asciiJson({ t: 'started' }));
  let modules: Modules | undefined;
  for (let line = readLine(); line !== undefined; line = readLine()) {
    const order = parse(line) as
      | { prepare: Omit<Load, 'candidate'> }
      | { load: Load }
      | { jobs: Job[]; limitMs?: number };
    if ('prepare' in order) {
      prepared = { topic: order.prepare.topic, modules: loadReference(order.prepare) };
      // Loaded now, before the next line is waited for (reading blocks); a failure is said when
      // the module is loaded, as if the reference were loaded then.
      await prepared.modules.catch(() => undefined);
    } else if ('load' in order) modules = await load(order.load);
    else if (modules) await runBatch(order.jobs, modules, order.limitMs);
  }
  exit(0);
}

void main();
