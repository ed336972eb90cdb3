/**
 * Inspecting a prepared submission before any of it runs: the static checks in the inspector process
 * (./inspector.ts, ts-morph) beside the grader, then the typecheck with the native compiler
 * (./native-tsc.ts), or in the inspector where that is not installed. Nothing of the submission runs
 * before `checked`; the type errors come later (the grader applies them at the end, while the checks
 * run). Each problem arrives with the student's file and line and marks only its exercise.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { kitBundle } from '../bundle.js';
import { KIT, referenceFile } from '../kit.js';
import { applyStatics, located, type PrepError, type Prepared } from '../submission.js';
import { keep, keyOf, recall } from './cache.js';
import type { InspectRequest } from './inspector.js';
import { nativeTsc, nativeTypecheck } from './native-tsc.js';
import type { Problem, StaticVerdict } from './static-checks.js';

export interface Inspection {
  /** Settles once the inspector process has started (so it works while the grader builds its checks). */
  started: Promise<void>;
  /**
   * Settles once the static verdict is applied to the submission: the refused exercises left out,
   * with their errors; the others copied, ready to run. Without a verdict, none is left to run.
   */
  checked: Promise<void>;
  /** Type errors and exports of the wrong type. */
  types: Promise<PrepError[]>;
  /** Stop what is still at work (a grading run that ends early leaves nothing behind). */
  stop(): void;
}

/** Longest the inspector may take over one submission (a pathological type can keep a checker busy). */
const INSPECT_MS = 60_000;

/**
 * An inspector process, kept for the next submission once it has answered (ts-morph loads once per
 * process, not once per submission). `listen` receives its lines while it serves a request.
 */
function spawnInspector(file: string) {
  // From Node 22.1, loading ts-morph again costs less with V8's compile cache (Node 20 ignores this).
  const env = { NODE_COMPILE_CACHE: join(KIT, '.tcplab', 'cache', 'compile') };
  return execa(process.execPath, [file], { stdin: 'pipe', reject: false, buffer: { stdout: false }, env });
}

interface Worker {
  proc: ReturnType<typeof spawnInspector>;
  listen: ((line: string) => void) | undefined;
  /** Settles when the process has ended, with how. */
  ended: Promise<string>;
}

const idle: Worker[] = [];
/** Every inspector process started, idle or at work. */
const all = new Set<Worker>();

/** End every inspector process (an interrupted command on its way out). */
export function stopInspectors(): void {
  for (const worker of all) worker.proc.kill('SIGKILL');
  all.clear();
  idle.length = 0;
}
let bundleFile: Promise<string> | undefined;

/** The inspector's bundle, written once per grader process to a folder of its own. */
function inspectorFile(): Promise<string> {
  bundleFile ??= kitBundle('grader/runner/inspect/inspector.ts', 'kit').then((code) => {
    const dir = mkdtempSync(join(tmpdir(), 'tcplab-inspector-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'tcplab-inspector.mjs');
    writeFileSync(file, code);
    return file;
  });
  bundleFile.catch(() => {
    bundleFile = undefined;
  });
  return bundleFile;
}

async function acquire(): Promise<Worker> {
  const kept = idle.pop();
  if (kept) return kept;
  const proc = spawnInspector(await inspectorFile());
  const worker: Worker = {
    proc,
    listen: undefined,
    ended: Promise.resolve(proc).then((r) => {
      // The error line of what it printed, not Node's closing version line.
      const said = r.stderr
        .split('\n')
        .map((l) => l.trim())
        .find((l) => /^[A-Z]\w*(Error|Exception)\b/.test(l) || /FATAL|out of memory/i.test(l));
      return `ended early (${said ?? `exit ${r.exitCode ?? r.signal ?? '?'}`})`;
    }),
  };
  all.add(worker);
  void worker.ended.then(() => all.delete(worker));
  let pending = '';
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      worker.listen?.(pending.slice(0, end));
      pending = pending.slice(end + 1);
    }
  });
  return worker;
}

/** A worker that has answered goes back to wait for the next submission, without keeping the grader alive. */
function release(worker: Worker): void {
  worker.listen = undefined;
  if (worker.proc.exitCode !== null || worker.proc.killed) return;
  worker.proc.unref();
  for (const stream of [worker.proc.stdin, worker.proc.stdout, worker.proc.stderr])
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  idle.push(worker);
}

function ref(worker: Worker): void {
  worker.proc.ref();
  for (const stream of [worker.proc.stdin, worker.proc.stdout, worker.proc.stderr])
    (stream as unknown as { ref?: () => void } | null)?.ref?.();
}

let nextId = 0;

const settled: Inspection = {
  started: Promise.resolve(),
  checked: Promise.resolve(),
  types: Promise.resolve([]),
  stop: () => undefined,
};

/**
 * Start the inspection; `await checked` before running anything of the submission. `useNative`
 * false typechecks in the inspector even where the native compiler is installed. `cache`: use and
 * keep results in .tcplab/cache/inspect/ (./cache.ts); a submission whose every file is known there
 * is not inspected again.
 */
export function inspect(
  prepared: Prepared,
  { useNative = true, cache = false }: { useNative?: boolean; cache?: boolean } = {},
): Inspection {
  if (prepared.exercises.length === 0) return settled;
  const native = useNative ? nativeTsc() : undefined;
  const keys = cache
    ? new Map(prepared.exercises.map((p) => [p.exercise.id, keyOf(p.exercise.id, p.text, native !== undefined)]))
    : undefined;
  if (keys) {
    const known = new Map([...keys].map(([id, key]) => [id, recall(key)]));
    // Known in full: refused by the static checks, or passed them and typechecked clean.
    if ([...known.values()].every((k) => k && (k.verdict.problems.length > 0 || k.typesClean))) {
      applyStatics(prepared, new Map([...known].map(([id, k]) => [id, k!.verdict])));
      return settled;
    }
  }
  const inspection = inspectNow(prepared, native);
  if (keys) {
    // Kept once the typecheck is over: a clean file is known in full, the rest by their verdict only.
    void Promise.all([inspection.verdicts, inspection.types]).then(
      ([verdicts, errors]) => {
        // A stopped inspection's typecheck said nothing: nothing of it is kept.
        if (inspection.stopped()) return;
        const typed = new Set(errors.map((e) => e.exercise));
        for (const [id, key] of keys) {
          const verdict = verdicts.get(id);
          if (verdict)
            keep(key, {
              verdict,
              typesClean:
                verdict.problems.length === 0 && !typed.has(id) && !errors.some((e) => e.exercise === undefined),
            });
        }
      },
      () => undefined,
    );
  }
  return inspection;
}

function inspectNow(
  prepared: Prepared,
  native: string | undefined,
): Inspection & { verdicts: Promise<ReadonlyMap<string, StaticVerdict>>; stopped(): boolean } {
  const request = requestFor(prepared, native);
  const lines: ((line: string) => void)[] = [];
  const first = new Promise<string>((resolve) => lines.push(resolve));
  const second = new Promise<string>((resolve) => lines.push(resolve));
  const state = { stopped: false, done: false };
  const cancel = new AbortController();
  const run = send(request, lines, state);
  // Whatever the inspector leaves unsaid fails with how it ended.
  const ended = run.then(async ({ worker, timer }) => {
    const how = await worker.ended;
    clearTimeout(timer);
    throw new Error(
      `the inspector ${worker.proc.killed && !state.stopped ? `took longer than ${INSPECT_MS / 1000} s` : how}`,
    );
  });
  ended.catch(() => undefined);
  const answer = <T>(line: Promise<string>, key: string): Promise<T> =>
    Promise.race([line, ended]).then((text) => (JSON.parse(text) as Record<string, T>)[key]!);

  const verdicts = answer<Record<string, StaticVerdict>>(first, 'static').then((v) => new Map(Object.entries(v)));
  const checked = verdicts.then(
    (v) => applyStatics(prepared, v),
    (e: unknown) => refuseAll(prepared, e),
  );
  const fromInspector = (): Promise<PrepError[]> =>
    answer<Record<string, Problem[]>>(second, 'types').then((byId) =>
      prepared.exercises.flatMap((p) => (byId[p.exercise.id] ?? []).map((problem) => located(p, 'typecheck', problem))),
    );
  // Nothing to typecheck when every exercise was refused, or no verdict came (that error is already said).
  const types = checked.then(async () => {
    if (prepared.exercises.length === 0 || state.stopped) return [];
    return native ? nativeTypecheck(native, prepared, await verdicts, cancel.signal) : fromInspector();
  });
  const stop = (): void => {
    state.stopped = true;
    cancel.abort();
    // Still at work on this submission: it is ended, not kept.
    void run.then(
      ({ worker }) => {
        if (!state.done) worker.proc.kill('SIGKILL');
      },
      () => undefined,
    );
  };
  return {
    started: run.then(
      () => undefined,
      () => undefined,
    ),
    checked,
    types,
    stop,
    verdicts,
    stopped: () => state.stopped,
  };
}

/** What the inspector is asked: each exercise's text, where it stands in the kit, its reference; the types unless tsc runs natively. */
function requestFor(prepared: Prepared, native: string | undefined): InspectRequest {
  return {
    id: nextId++,
    exercises: prepared.exercises.map((p) => ({
      id: p.exercise.id,
      text: p.text,
      file: join(KIT, 'exercises', p.exercise.id, p.exercise.file),
      reference: referenceFile(p.exercise),
    })),
    types: native === undefined,
  };
}

/**
 * The request sent to a worker of the pool, its answer lines handed to `lines` in turn; the worker
 * goes back to the pool when every answer came, and is killed past INSPECT_MS.
 */
function send(
  request: InspectRequest,
  lines: ((line: string) => void)[],
  state: { stopped: boolean; done: boolean },
): Promise<{ worker: Worker; timer: NodeJS.Timeout }> {
  return acquire().then((worker) => {
    if (state.stopped) {
      release(worker);
      throw new Error('the inspection was stopped');
    }
    ref(worker);
    const expected = request.types ? 2 : 1;
    let heard = 0;
    worker.listen = (line) => {
      if ((JSON.parse(line) as { id?: unknown }).id !== request.id) return;
      lines.shift()?.(line);
      if (++heard === expected) {
        state.done = true;
        clearTimeout(timer);
        release(worker);
      }
    };
    const timer = setTimeout(() => worker.proc.kill('SIGKILL'), INSPECT_MS);
    worker.proc.stdin?.write(`${JSON.stringify(request)}\n`);
    return { worker, timer };
  });
}

/** No verdict came: every exercise is left out, with why. */
function refuseAll(prepared: Prepared, e: unknown): void {
  for (const p of prepared.exercises) {
    prepared.errors.push(
      located(p, 'crash', { message: `could not be checked: ${e instanceof Error ? e.message : String(e)}` }),
    );
    prepared.broken.add(p.exercise.id);
  }
  prepared.exercises = [];
}
