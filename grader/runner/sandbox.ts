/**
 * The sandbox: an Executor that runs a submission's jobs in child processes the grader does not
 * trust (grader/runner/child.ts), one per exercise, so that an endless loop, a crash, a memory bomb
 * or a patched global in one exercise costs only that exercise's checks.
 *
 * Layers, outside in:
 * - Linux namespaces where the kernel allows them (`unshare --user --map-root-user --pid --fork
 *   --net`): the child cannot signal anything outside, and has no network;
 * - its own process group (detached), killed as a whole with SIGKILL;
 * - Node's permission model: read access to the private copies' folder only (the bundled child
 *   and the bundled modules are all there); no writes, child processes, workers, addons;
 * - a scrubbed environment, a heap cap, an RSS watch from outside, and time limits per job, per
 *   batch and per exercise;
 * - answers on fd 3 only, each line carrying a nonce the submission cannot see;
 * - in the child, before the submission loads, a best effort at what the layers above do not cover:
 *   `process.kill`, `process.getBuiltinModule`, the stdin socket and `fetch` are taken away.
 *
 * Children may start before the submission's static verdict (`prestart`): they load nothing of it
 * until told which module to load. The parent then sends jobs in batches of JSON lines and checks
 * every answer before it is judged.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { EXERCISES } from '../engine/exercises.js';
import { bundleCandidate, kitBundle } from './bundle.js';
import { KIT } from './kit.js';
import { Child } from './child-process.js';
import { permissionFlag, unshareCommand, UNSHARE_FLAGS, type Isolation } from './isolation.js';
import type { Executor, Job, JobResult } from './jobs.js';
import { accept, isEnd, type End } from './protocol.js';
import { located, type Prepared } from './submission.js';

export { permissionFlag, sandboxIsolation, type Isolation } from './isolation.js';

export interface SandboxOptions {
  /** Longest one job may run, in ms. */
  jobTimeoutMs?: number;
  /** The limit for an exercise's later jobs once one of them has timed out. */
  afterTimeoutMs?: number;
  /** Jobs sent to the child at once. */
  batchSize?: number;
  /** Longest a batch may run. */
  batchTimeoutMs?: number;
  /** Longest a child may take to start and load the submission's module. */
  startTimeoutMs?: number;
  /** Time all of an exercise's jobs may take together; jobs still to run after that fail as timeouts. */
  exerciseBudgetMs?: number;
  /** Resident memory of a child (MiB) above which it is killed. */
  memoryMb?: number;
  /** V8's old-space limit in a child (MiB). */
  heapMb?: number;
  /** Use Linux namespaces where they work (default); false: the permission model alone. */
  namespaces?: boolean;
  /** Children running at once (one per exercise). */
  concurrency?: number;
}

const DEFAULTS: Required<SandboxOptions> = {
  jobTimeoutMs: 2_000,
  afterTimeoutMs: 500,
  batchSize: 50,
  batchTimeoutMs: 20_000,
  startTimeoutMs: 5_000,
  exerciseBudgetMs: 60_000,
  memoryMb: 512,
  heapMb: 128,
  namespaces: true,
  concurrency: Math.min(4, availableParallelism()),
};

/**
 * What every child of one submission needs, in its private folder: the child runtime, and each
 * reference topic module bundled on its own (a child loads every one but its exercise's); and
 * `unshare` if it works.
 */
interface Base {
  childFile: string;
  reference: Reference;
  unshare: string | undefined;
}

/** Reference modules a child loads: one file per topic, or one module of them all (a student's kit ships no other). */
type Reference = { topics: Record<string, string> } | { set: string };

interface Setup extends Base {
  /** Bundled module by exercise, or why there is none. */
  bundles: Map<string, { file: string } | { failure: End }>;
}

/** What V8 says when code changes a frozen built-in, and what that means to the student. */
const FROZEN =
  /Cannot (assign to read only property|add property|define property|redefine property)|object is not extensible/;
const FROZEN_WHY = " (JavaScript's built-ins are frozen in the sandbox: a module may use them, not change them)";

/** How long past a child's own limit the parent waits before it kills the child. */
const BACKSTOP_MS = 2_000;

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(2))} s`;

const bases = new Map<string, Promise<Base>>();

function baseFor(prepared: Prepared, options: Required<SandboxOptions>): Promise<Base> {
  let base = bases.get(prepared.workDir);
  if (!base) {
    base = (async () => {
      const unshare = options.namespaces ? await unshareCommand() : undefined;
      const childFile = join(prepared.workDir, 'tcplab-child.mjs');
      writeFileSync(childFile, await kitBundle('grader/runner/child.ts', 'bundle'));
      return { childFile, reference: await referenceFiles(prepared.workDir), unshare };
    })();
    bases.set(prepared.workDir, base);
    base.catch(() => bases.delete(prepared.workDir));
  }
  return base;
}

/** The reference modules, bundled into `dir`: per topic from their sources, or a student's kit's one module. */
async function referenceFiles(dir: string): Promise<Reference> {
  const topics = EXERCISES.filter((e) => e.module);
  const source = (e: (typeof topics)[number]): string => `solutions/${e.id}/${e.file}`;
  if (!topics.every((e) => existsSync(join(KIT, source(e))))) {
    const set = join(dir, 'tcplab-reference.mjs');
    writeFileSync(set, await kitBundle('solutions/modules.js', 'bundle'));
    return { set };
  }
  const bundles = await Promise.all(topics.map((e) => kitBundle(source(e), 'bundle')));
  const files: Record<string, string> = {};
  for (const [i, e] of topics.entries()) {
    const file = join(dir, `tcplab-reference-${e.module!}.mjs`);
    writeFileSync(file, bundles[i]!);
    files[e.module!] = file;
  }
  return { topics: files };
}

/** Start a child with nothing of the submission loaded; it waits for its `load` line. */
function spawnChild(base: Base, prepared: Prepared, options: Required<SandboxOptions>): Child {
  const nonce = randomBytes(16).toString('hex');
  const node = [
    permissionFlag(),
    `--allow-fs-read=${prepared.workDir}`,
    `--max-old-space-size=${options.heapMb}`,
    '--disallow-code-generation-from-strings',
    '--frozen-intrinsics',
    '--no-warnings',
    base.childFile,
  ];
  const [file, args] = base.unshare
    ? [base.unshare, [...UNSHARE_FLAGS, '--', process.execPath, ...node]]
    : [process.execPath, node];
  const proc = execa(file, args, {
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    detached: true,
    cleanup: false,
    extendEnv: false,
    env: process.platform === 'win32' ? { SYSTEMROOT: process.env['SYSTEMROOT'] ?? '' } : {},
    cwd: prepared.workDir,
  });
  return new Child(proc, nonce, options.memoryMb);
}

/** Children started ahead of need, by private folder and exercise: they boot while the submission is still being inspected. */
const spares = new Map<string, Map<string, Promise<Child | undefined>>>();

/**
 * Start a child for each exercise handed in, before the submission's static verdict: each loads the
 * kit's runtime and the reference for every other topic, and gets the submission's module once it
 * has passed (a child never holds its own topic's reference, and serves one submission only).
 * Returns what stops the ones never used.
 */
export function prestart(prepared: Prepared, options: SandboxOptions = {}): () => Promise<void> {
  const settings: Required<SandboxOptions> = { ...DEFAULTS, ...options };
  const mine = spares.get(prepared.workDir) ?? new Map<string, Promise<Child | undefined>>();
  for (const p of prepared.exercises) {
    const topic = p.exercise.module;
    if (!topic || mine.has(p.exercise.id)) continue;
    mine.set(
      p.exercise.id,
      baseFor(prepared, settings).then(
        (base) => {
          const child = spawnChild(base, prepared, settings);
          child.prepare({ topic, reference: base.reference });
          return child;
        },
        () => undefined,
      ),
    );
  }
  spares.set(prepared.workDir, mine);
  return () => releaseSpares(prepared.workDir);
}

/** The child started ahead for this exercise, if any (taken: it is never handed out twice). */
function spareFor(workDir: string, exercise: string): Promise<Child | undefined> | undefined {
  const mine = spares.get(workDir);
  const spare = mine?.get(exercise);
  mine?.delete(exercise);
  return spare;
}

async function releaseSpares(workDir: string): Promise<void> {
  const left = [...(spares.get(workDir)?.values() ?? [])];
  spares.delete(workDir);
  bases.delete(workDir);
  await Promise.all(left.map(async (c) => (await c)?.dispose()));
}

/** The jobs of one exercise, in the child that holds its module (started again after each failure). */
class ExerciseRunner {
  private child: Child | undefined;
  private timedOut = false;
  private spent = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly exercise: string,
    private readonly setup: Setup,
    private readonly options: Required<SandboxOptions>,
    private readonly prepared: Prepared,
  ) {}

  run(jobs: readonly Job[]): Promise<JobResult[]> {
    const run = this.queue.then(() => this.runNow(jobs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private loadFailed(failure: End): void {
    const bundle = this.setup.bundles.get(this.exercise);
    if (bundle && 'failure' in bundle) return;
    this.setup.bundles.set(this.exercise, { failure });
    const p = this.prepared.exercises.find((e) => e.exercise.id === this.exercise);
    const kind = failure.reason === 'timeout' ? 'timeout' : 'crash';
    const message = `could not load: ${failure.message}`;
    this.prepared.errors.push(p ? located(p, kind, { message }) : { kind, message, exercise: this.exercise });
    this.prepared.broken.add(this.exercise);
  }

  /** Start a child with this exercise's module; undefined (and the exercise marked broken) if it cannot load. */
  private async start(): Promise<Child | undefined> {
    const bundle = this.setup.bundles.get(this.exercise);
    if (!bundle || 'failure' in bundle) return undefined;
    const { options, setup } = this;
    // The child started ahead for this exercise is taken if it is still well; otherwise one is started now.
    let child: Child | undefined;
    const spare = await spareFor(this.prepared.workDir, this.exercise);
    if (spare?.alive) child = spare;
    else await spare?.dispose();
    child ??= spawnChild(setup, this.prepared, options);
    // Up to 'started' only the kit's own code has run: a failure there is the grader's, not the submission's.
    const started = await child.next(options.startTimeoutMs, {
      reason: 'timeout',
      message: `no answer in ${seconds(options.startTimeoutMs)}`,
    });
    if (isEnd(started) || started.t !== 'started') {
      await child.dispose();
      throw new Error(
        `the sandbox could not start a child process (${isEnd(started) ? started.message : 'unexpected answer'})`,
      );
    }
    const topic = EXERCISES.find((e) => e.id === this.exercise)?.module;
    if (!topic) throw new Error(`${this.exercise} has no topic module to grade in the sandbox`);
    child.load({ topic, candidate: bundle.file, reference: setup.reference });
    const first = await child.next(options.startTimeoutMs, {
      reason: 'timeout',
      message: `loading the module took longer than ${seconds(options.startTimeoutMs)} (an endless loop at the top level?)`,
    });
    if (!isEnd(first) && first.t === 'ready') {
      if (first.error === undefined) return child;
      this.loadFailed({ reason: 'crash', message: `${first.error}${FROZEN.test(first.error) ? FROZEN_WHY : ''}` });
    } else {
      this.loadFailed(
        isEnd(first) ? first : { reason: 'crash', message: 'the child did not report that it was ready' },
      );
    }
    await child.dispose();
    return undefined;
  }

  private async runNow(jobs: readonly Job[]): Promise<JobResult[]> {
    const { options } = this;
    const out: JobResult[] = [];
    const fail = (job: Job, end: End): void => {
      out.push({ id: job.id, kind: 'failed', reason: end.reason, message: end.message });
    };
    let i = 0;
    while (i < jobs.length) {
      if (this.spent >= options.exerciseBudgetMs) {
        const end: End = {
          reason: 'timeout',
          message: `not run: this exercise's code already used its ${seconds(options.exerciseBudgetMs)} in all`,
        };
        for (const job of jobs.slice(i)) fail(job, end);
        break;
      }
      const started = performance.now();
      try {
        // A child that died while idle (a timer of the submission's) is replaced, not blamed on the next job.
        if (this.child && !this.child.alive) {
          await this.child.dispose();
          this.child = undefined;
        }
        this.child ??= await this.start();
        const child = this.child;
        if (!child) {
          const bundle = this.setup.bundles.get(this.exercise);
          const end: End =
            bundle && 'failure' in bundle
              ? bundle.failure
              : { reason: 'crash', message: 'this exercise has no code to run' };
          for (const job of jobs.slice(i)) fail(job, { reason: end.reason, message: `could not load: ${end.message}` });
          break;
        }
        const batch = jobs.slice(i, i + options.batchSize);
        // Once a check has run over, the child stops each later one itself at the shorter limit (no
        // new process per endless loop); the parent's own limit stays as a backstop.
        const inChild = this.timedOut ? options.afterTimeoutMs : undefined;
        child.send(batch, inChild);
        const batchEnd = performance.now() + options.batchTimeoutMs;
        for (const job of batch) {
          const now = performance.now();
          const perJob = inChild === undefined ? options.jobTimeoutMs : inChild + BACKSTOP_MS;
          const limits: { ms: number; message: string }[] = [
            { ms: perJob, message: `your code ran longer than ${seconds(perJob)} on this check (an endless loop?)` },
            {
              ms: batchEnd - now,
              message: `a batch of ${batch.length} checks ran longer than ${seconds(options.batchTimeoutMs)}`,
            },
            {
              ms: options.exerciseBudgetMs - this.spent - (now - started),
              message: `this exercise's checks ran longer than ${seconds(options.exerciseBudgetMs)} in all`,
            },
          ];
          const limit = limits.reduce((a, b) => (b.ms < a.ms ? b : a));
          const timeout: End = { reason: 'timeout', message: `${limit.message}; the sandbox stopped it` };
          const answer = await child.next(limit.ms, timeout);
          const result = !isEnd(answer) && answer.t === 'result' ? accept(answer.r, job) : undefined;
          i++;
          if (result) {
            out.push(result);
            continue;
          }
          const end = isEnd(answer)
            ? answer
            : { reason: 'crash' as const, message: 'the sandbox got an answer it did not expect' };
          this.child = undefined;
          await child.dispose();
          // The first check to run over is run again at once with the child's own limit, which keeps
          // what it did before it got stuck: the failure is then charged to the input it was stuck in.
          if (end.reason === 'timeout' && !this.timedOut) {
            this.timedOut = true;
            i--;
            break;
          }
          fail(job, end);
          if (end.reason === 'timeout') this.timedOut = true;
          break;
        }
      } finally {
        this.spent += performance.now() - started;
      }
    }
    return out;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.child?.dispose();
    this.child = undefined;
  }
}

/**
 * An executor that runs `prepared`'s code in sandboxed children. `candidates` says which exercises
 * have code; the children load it themselves, from bundles of `prepared`'s private copies. The
 * submission must have been prepared within `preparingForSandbox`, so the grader never imported it.
 */
export function sandboxExecutor(
  prepared: Prepared,
  candidates: ReadonlyMap<string, unknown>,
  options: SandboxOptions = {},
): Executor {
  const settings: Required<SandboxOptions> = { ...DEFAULTS, ...options };
  let isolation: Isolation = 'permission-model';
  let ready: Promise<Setup> | undefined;
  const runners = new Map<string, ExerciseRunner>();

  const setUp = async (): Promise<Setup> => {
    const base = await baseFor(prepared, settings);
    isolation = base.unshare ? 'namespaces' : 'permission-model';
    const bundles: Setup['bundles'] = new Map();
    await Promise.all(
      prepared.exercises
        .filter((p) => candidates.has(p.exercise.id))
        .map(async (p) => {
          const bundled = await bundleCandidate(p, prepared.workDir);
          if ('file' in bundled) {
            bundles.set(p.exercise.id, bundled);
            return;
          }
          const failure: End = { reason: 'crash', message: bundled.message };
          bundles.set(p.exercise.id, { failure });
          prepared.errors.push(
            located(p, 'static', { message: bundled.message, ...(bundled.line ? { line: bundled.line } : {}) }),
          );
          prepared.broken.add(p.exercise.id);
        }),
    );
    return { ...base, bundles };
  };

  return {
    get isolation() {
      return isolation;
    },
    async run(jobs) {
      ready ??= setUp();
      const setup = await ready;
      if (jobs.length === 0) return [];
      // One group per exercise, run side by side; each result goes back to its job's place.
      const byExercise = new Map<string, number[]>();
      for (const [i, job] of jobs.entries()) {
        const group = byExercise.get(job.exercise);
        if (group) group.push(i);
        else byExercise.set(job.exercise, [i]);
      }
      const results: (JobResult | undefined)[] = [];
      const groups = [...byExercise];
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let g = groups[next++]; g; g = groups[next++]) {
          const [exercise, indexes] = g;
          let runner = runners.get(exercise);
          if (!runner) runners.set(exercise, (runner = new ExerciseRunner(exercise, setup, settings, prepared)));
          const answers = await runner.run(indexes.map((i) => jobs[i]!));
          for (const [k, i] of indexes.entries()) results[i] = answers[k];
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(settings.concurrency, groups.length)) }, worker));
      return jobs.map((job, i) => results[i] ?? { id: job.id, kind: 'failed', reason: 'crash', message: 'no result' });
    },
    async close() {
      await Promise.all([...runners.values()].map((r) => r.close()));
      runners.clear();
      await releaseSpares(prepared.workDir);
    },
  };
}
