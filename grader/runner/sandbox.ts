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
 * The parent sends jobs in batches of JSON lines and checks every answer before it is judged.
 */
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { build, type BuildFailure } from 'esbuild';
import { execa } from 'execa';
import { z } from 'zod';
import type { Executor, Job, JobResult } from './jobs.js';
import { KIT, type Prepared, type PreparedExercise } from './submission.js';

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
  jobTimeoutMs: 2_000, afterTimeoutMs: 500, batchSize: 50, batchTimeoutMs: 20_000, startTimeoutMs: 5_000,
  exerciseBudgetMs: 60_000, memoryMb: 512, heapMb: 128, namespaces: true, concurrency: Math.min(4, availableParallelism()),
};

export type Isolation = 'namespaces' | 'permission-model';

const UNSHARE_FLAGS = ['--user', '--map-root-user', '--pid', '--fork', '--net'];

/** The permission flag of this Node: `--permission` from 22.13 and 23.5, `--experimental-permission` before. */
export function permissionFlag(version = process.versions.node): string {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major >= 24 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
}

function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch { /* not here */ }
  }
  return undefined;
}

let unshareProbe: Promise<string | undefined> | undefined;

/** The path of an `unshare` that can make user, PID and network namespaces here; probed once per process. */
function unshareCommand(): Promise<string | undefined> {
  unshareProbe ??= (async () => {
    if (process.platform !== 'linux') return undefined;
    const unshare = findExecutable('unshare');
    if (!unshare) return undefined;
    const probe = await execa(unshare, [...UNSHARE_FLAGS, 'true'], { reject: false, timeout: 5_000, extendEnv: false, env: {}, stdio: 'ignore' });
    return probe.exitCode === 0 ? unshare : undefined;
  })();
  return unshareProbe;
}

/** The isolation a sandboxed run gets on this machine. */
export async function sandboxIsolation(options: Pick<SandboxOptions, 'namespaces'> = {}): Promise<Isolation> {
  return options.namespaces !== false && (await unshareCommand()) ? 'namespaces' : 'permission-model';
}

/** `promise`, or a rejection after `ms`: nothing the sandbox waits for may hang the grader. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Longest a bundling may take. */
const BUNDLE_MS = 60_000;

let childBundle: Promise<string> | undefined;

/** A hash of the kit's own code (the child bundles solutions/ and grader/): a change means a new bundle. */
function kitHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) hash.update(path.slice(KIT.length)).update(readFileSync(path));
    }
  };
  walk(join(KIT, 'grader'));
  walk(join(KIT, 'solutions'));
  return hash.digest('hex').slice(0, 16);
}

/**
 * grader/runner/child.ts with everything it imports, as one ES module: built once per process, and
 * kept in .tcplab/cache/ for the next grading run while the kit's code is unchanged.
 */
function childCode(): Promise<string> {
  const cached = join(KIT, '.tcplab', 'cache', `sandbox-child-${kitHash()}.mjs`);
  if (!childBundle && existsSync(cached)) childBundle = Promise.resolve(readFileSync(cached, 'utf8'));
  childBundle ??= within(BUNDLE_MS, 'bundling the sandbox child', build({
    entryPoints: [join(KIT, 'grader', 'runner', 'child.ts')], bundle: true, platform: 'node', format: 'esm',
    target: 'node20', write: false, logLevel: 'silent', absWorkingDir: KIT,
  })).then((r) => {
    const code = r.outputFiles[0]!.text;
    try {
      mkdirSync(join(KIT, '.tcplab', 'cache'), { recursive: true });
      writeFileSync(cached, code);
    } catch {
      // A read-only kit bundles every run.
    }
    return code;
  });
  childBundle.catch(() => { childBundle = undefined; });
  return childBundle;
}

/** A submission's module with the framework files it imports, as one self-contained ES module beside it. */
async function bundleCandidate(p: PreparedExercise, workDir: string): Promise<{ file: string } | { line?: number; message: string }> {
  const file = p.source.replace(/\.ts$/, '.mjs');
  try {
    // tsconfigRaw: no tsconfig.json is looked for above the private copy.
    await within(BUNDLE_MS, `bundling ${p.exercise.file}`, build({
      entryPoints: [p.source], outfile: file, bundle: true, platform: 'node', format: 'esm', target: 'node20',
      logLevel: 'silent', absWorkingDir: workDir, tsconfigRaw: {},
    }));
    return { file };
  } catch (e) {
    const first = (e as Partial<BuildFailure>).errors?.[0];
    const line = first?.location?.file && p.source.endsWith(first.location.file.replace(/^.*[\\/]/, '')) ? first.location.line : undefined;
    return { message: first?.text ?? (e instanceof Error ? e.message : String(e)), ...(line ? { line } : {}) };
  }
}

// What the parent accepts from a child, checked before anything reads it.
const num = z.number().nullable();
const thrown = z.object({ name: z.string(), message: z.string() });
const wire = z.object({ ctl: z.string(), seq: num, ack: num, data: z.string() });
const observation = z.object({
  state: z.string(), sent: z.array(wire), notices: z.array(z.unknown()), timers: z.array(z.tuple([z.string(), num])),
  rules: z.array(z.string()), transition: z.string().optional(), error: thrown.optional(),
});
const segment = z.object({
  flags: z.array(z.string()), seq: num, ack: num, len: num, data: z.string().optional(), dropped: z.boolean(),
  duplicated: z.boolean().optional(), injected: z.boolean().optional(),
});
const step = z.object({
  t: num, side: z.string(), conn: z.string(), peer: z.string(), event: z.string(), segment: segment.optional(),
  from: z.string(), to: z.string(), transition: z.string(), rules: z.array(z.string()), sent: z.array(segment),
  notices: z.array(z.unknown()), timers: z.object({ set: z.array(z.object({ name: z.string(), at: num })), cancelled: z.array(z.string()) }),
});
const jobResult = z.discriminatedUnion('kind', [
  z.object({ id: z.string(), kind: z.literal('transition'), observations: z.array(observation) }),
  z.object({ id: z.string(), kind: z.literal('scenario'), steps: z.array(step), error: thrown.optional() }),
  z.object({ id: z.string(), kind: z.literal('failed'), reason: z.enum(['timeout', 'memory', 'crash']), message: z.string() }),
]);
const message = z.discriminatedUnion('t', [
  z.object({ t: z.literal('started') }),
  z.object({ t: z.literal('ready'), failed: z.record(z.string(), z.string()) }),
  z.object({ t: z.literal('result'), r: z.unknown() }),
]);
type Message = z.infer<typeof message>;

/** How a child's work ended when it did not answer. */
interface End { reason: 'timeout' | 'memory' | 'crash'; message: string }
const isEnd = (x: Message | End): x is End => 'reason' in x;

/** The result a job gets if the child's answer is well-formed and is for that job, else undefined. */
function accept(answer: unknown, job: Job): JobResult | undefined {
  const parsed = jobResult.safeParse(answer);
  if (!parsed.success) return undefined;
  const r = answer as JobResult;
  if (r.id !== job.id) return undefined;
  if (r.kind === 'failed' || (r.kind === 'transition') === (job.kind === 'transition')) return r;
  return undefined;
}

/** Longest line the parent accepts on fd 3 before it gives up on the child. */
const MAX_LINE = 32 * 1024 * 1024;

const live = new Set<Child>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function killAll(): void {
  for (const child of live) child.kill({ reason: 'crash', message: 'the grader stopped' });
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}

/** Children are in their own process groups, so the grader's end must take them along. */
function track(child: Child): void {
  if (live.size === 0) {
    process.on('exit', killAll);
    for (const s of SIGNALS) process.on(s, onSignal);
  }
  live.add(child);
}

function untrack(child: Child): void {
  if (!live.delete(child) || live.size > 0) return;
  process.removeListener('exit', killAll);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** What stderr says about the end, in a line: the fatal error, the uncaught exception. */
function lastWords(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim())
    .filter((l) => l.length > 1 && !/^(at |node:internal|file:|Node\.js v\d|\(Use `node --trace-uncaught)/.test(l));
  const said = lines.find((l) => /FATAL ERROR|out of memory/i.test(l)) ?? lines.find((l) => /^[A-Z]\w*(Error|Rejection|Exception)\b/.test(l)) ?? lines.at(-1) ?? '';
  return said.slice(0, 300);
}

/** What the sandbox uses of a started process. */
interface Spawned extends PromiseLike<{ exitCode?: number | undefined; signal?: string | undefined }> {
  readonly pid?: number | undefined;
  readonly stdin: Writable | null;
  readonly stderr: Readable | null;
  readonly stdio: readonly unknown[];
  kill(signal: 'SIGKILL'): boolean;
}

/** One child process: its answers, its end, and a watch on its memory. */
class Child {
  private readonly messages: Message[] = [];
  private waiter: ((m: Message | End) => void) | undefined;
  private ended: End | undefined;
  private killedFor: End | undefined;
  private stderr = '';
  private pending = '';
  private readonly watch: NodeJS.Timeout | undefined;
  private readonly done: Promise<void>;

  constructor(private readonly proc: Spawned, private readonly nonce: string, memoryMb: number) {
    track(this);
    const answers = proc.stdio[3] as unknown as Readable;
    answers.setEncoding('utf8');
    answers.on('data', (chunk: string) => this.onData(chunk));
    answers.on('error', () => undefined);
    proc.stdin?.on('error', () => undefined);
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => { this.stderr = (this.stderr + chunk).slice(-8_000); });
    proc.stderr?.on('error', () => undefined);
    // The end is judged once what the child wrote before it has been read (or after a short wait).
    const drained = Promise.race([
      Promise.all([answers, proc.stderr].map((s) => s && new Promise((resolve) => { s.once('close', resolve); s.once('end', resolve); }))),
      new Promise((resolve) => setTimeout(resolve, 500).unref()),
    ]);
    this.done = Promise.resolve(proc).then(
      async (r) => { await drained; this.finish(r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode ?? '?'}`); },
      async (e: unknown) => { await drained; this.finish(e instanceof Error ? e.message : String(e)); },
    );
    if (process.platform === 'linux' && proc.pid !== undefined) {
      const pid = proc.pid;
      this.watch = setInterval(() => {
        const kb = [pid, ...childrenOf(pid)].reduce((sum, p) => sum + rssKb(p), 0);
        if (kb > memoryMb * 1024) this.kill({ reason: 'memory', message: `your code used more than ${memoryMb} MiB of memory; the sandbox stopped it` });
      }, 50);
      this.watch.unref();
    }
  }

  private onData(chunk: string): void {
    this.pending += chunk;
    for (let end = this.pending.indexOf('\n'); end >= 0; end = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 1);
      const tab = line.indexOf('\t');
      // Lines without this run's nonce are not the child's: ignore them.
      if (tab < 0 || line.slice(0, tab) !== this.nonce) continue;
      let parsed;
      try {
        parsed = message.safeParse(JSON.parse(line.slice(tab + 1)));
      } catch {
        continue;
      }
      if (parsed.success) this.deliver(parsed.data);
    }
    if (this.pending.length > MAX_LINE) this.kill({ reason: 'crash', message: 'the process running your code wrote too much on the sandbox\'s channel' });
  }

  private deliver(m: Message | End): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(m);
    } else if (!isEnd(m)) {
      this.messages.push(m);
    }
  }

  private finish(how: string): void {
    if (this.watch) clearInterval(this.watch);
    untrack(this);
    const words = lastWords(this.stderr);
    this.ended = this.killedFor ?? (/heap limit|heap out of memory|allocation failed/i.test(this.stderr)
      ? { reason: 'memory', message: `your code used more memory than the sandbox allows${words ? ` (${words})` : ''}` }
      : { reason: 'crash', message: `the process running your code ended: it ${how}${words ? ` (${words})` : ''}` });
    this.deliver(this.ended);
  }

  get alive(): boolean {
    return this.ended === undefined && this.killedFor === undefined;
  }

  send(jobs: readonly Job[]): void {
    this.proc.stdin?.write(`${JSON.stringify({ jobs })}\n`);
  }

  /** The next answer, or how the child ended; after `ms` the child is killed and `timeout` returned. */
  next(ms: number, timeout: End): Promise<Message | End> {
    const queued = this.messages.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(this.ended);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        this.kill(timeout);
        resolve(timeout);
      }, Math.max(0, ms));
      this.waiter = (m) => {
        clearTimeout(timer);
        resolve(m);
      };
    });
  }

  /** Kill the child's whole process group. */
  kill(why: End): void {
    this.killedFor ??= why;
    const pid = this.proc.pid;
    if (pid === undefined || this.ended) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      this.proc.kill('SIGKILL');
    }
  }

  /** Kill it and wait (a bounded time) for it to be gone. */
  async dispose(): Promise<void> {
    this.kill({ reason: 'crash', message: 'closed' });
    await Promise.race([this.done, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    if (this.watch) clearInterval(this.watch);
    untrack(this);
  }
}

interface Setup {
  childFile: string;
  unshare: string | undefined;
  /** Bundled module by exercise, or why there is none. */
  bundles: Map<string, { file: string } | { failure: End }>;
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(2))} s`;

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
    this.prepared.errors.push({
      kind: failure.reason === 'timeout' ? 'timeout' : 'crash', message: `could not load: ${failure.message}`, exercise: this.exercise,
      ...(p ? { file: relative(process.cwd(), p.original) } : {}),
    });
    this.prepared.broken.add(this.exercise);
  }

  /** Start a child with this exercise's module; undefined (and the exercise marked broken) if it cannot load. */
  private async start(): Promise<Child | undefined> {
    const bundle = this.setup.bundles.get(this.exercise);
    if (!bundle || 'failure' in bundle) return undefined;
    const { options, setup } = this;
    const nonce = randomBytes(16).toString('hex');
    const readable = [this.prepared.workDir];
    const node = [
      permissionFlag(), ...readable.map((dir) => `--allow-fs-read=${dir}`), `--max-old-space-size=${options.heapMb}`,
      '--disallow-code-generation-from-strings', '--no-warnings',
      setup.childFile, nonce, JSON.stringify([{ exercise: this.exercise, file: bundle.file }]),
    ];
    const [file, args] = setup.unshare ? [setup.unshare, [...UNSHARE_FLAGS, '--', process.execPath, ...node]] : [process.execPath, node];
    const proc = execa(file, args, {
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'], buffer: false, reject: false, detached: true, cleanup: false,
      extendEnv: false, env: process.platform === 'win32' ? { SYSTEMROOT: process.env['SYSTEMROOT'] ?? '' } : {},
      cwd: this.prepared.workDir,
    });
    const child = new Child(proc, nonce, options.memoryMb);
    // Up to 'started' only the kit's own code has run: a failure there is the grader's, not the submission's.
    const started = await child.next(options.startTimeoutMs, { reason: 'timeout', message: `no answer in ${seconds(options.startTimeoutMs)}` });
    if (isEnd(started) || started.t !== 'started') {
      await child.dispose();
      throw new Error(`the sandbox could not start a child process (${isEnd(started) ? started.message : 'unexpected answer'})`);
    }
    const first = await child.next(options.startTimeoutMs, {
      reason: 'timeout', message: `loading the module took longer than ${seconds(options.startTimeoutMs)} (an endless loop at the top level?)`,
    });
    if (!isEnd(first) && first.t === 'ready') {
      const failed = first.failed[this.exercise];
      if (failed === undefined) return child;
      this.loadFailed({ reason: 'crash', message: failed });
    } else {
      this.loadFailed(isEnd(first) ? first : { reason: 'crash', message: 'the child did not report that it was ready' });
    }
    await child.dispose();
    return undefined;
  }

  private async runNow(jobs: readonly Job[]): Promise<JobResult[]> {
    const { options } = this;
    const out: JobResult[] = [];
    const fail = (job: Job, end: End): void => { out.push({ id: job.id, kind: 'failed', reason: end.reason, message: end.message }); };
    let i = 0;
    while (i < jobs.length) {
      if (this.spent >= options.exerciseBudgetMs) {
        const end: End = { reason: 'timeout', message: `not run: this exercise's code already used its ${seconds(options.exerciseBudgetMs)} in all` };
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
          const end: End = bundle && 'failure' in bundle ? bundle.failure : { reason: 'crash', message: 'this exercise has no code to run' };
          for (const job of jobs.slice(i)) fail(job, { reason: end.reason, message: `could not load: ${end.message}` });
          break;
        }
        const batch = jobs.slice(i, i + options.batchSize);
        child.send(batch);
        const batchEnd = performance.now() + options.batchTimeoutMs;
        for (const job of batch) {
          const now = performance.now();
          const perJob = this.timedOut ? options.afterTimeoutMs : options.jobTimeoutMs;
          const limits: { ms: number; message: string }[] = [
            { ms: perJob, message: `your code ran longer than ${seconds(perJob)} on this check (an endless loop?)` },
            { ms: batchEnd - now, message: `a batch of ${batch.length} checks ran longer than ${seconds(options.batchTimeoutMs)}` },
            { ms: options.exerciseBudgetMs - this.spent - (now - started), message: `this exercise's checks ran longer than ${seconds(options.exerciseBudgetMs)} in all` },
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
          const end = isEnd(answer) ? answer : { reason: 'crash' as const, message: 'the sandbox got an answer it did not expect' };
          fail(job, end);
          if (end.reason === 'timeout') this.timedOut = true;
          this.child = undefined;
          await child.dispose();
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
export function sandboxExecutor(prepared: Prepared, candidates: ReadonlyMap<string, unknown>, options: SandboxOptions = {}): Executor {
  const settings: Required<SandboxOptions> = { ...DEFAULTS, ...options };
  let isolation: Isolation = 'permission-model';
  let ready: Promise<Setup> | undefined;
  const runners = new Map<string, ExerciseRunner>();

  const setUp = async (): Promise<Setup> => {
    const unshare = settings.namespaces ? await unshareCommand() : undefined;
    isolation = unshare ? 'namespaces' : 'permission-model';
    const childFile = join(prepared.workDir, 'tcplab-child.mjs');
    writeFileSync(childFile, await childCode());
    const bundles: Setup['bundles'] = new Map();
    await Promise.all(prepared.exercises.filter((p) => candidates.has(p.exercise.id)).map(async (p) => {
      const bundled = await bundleCandidate(p, prepared.workDir);
      if ('file' in bundled) {
        bundles.set(p.exercise.id, bundled);
        return;
      }
      const failure: End = { reason: 'crash', message: bundled.message };
      bundles.set(p.exercise.id, { failure });
      prepared.errors.push({ kind: 'static', message: bundled.message, file: relative(process.cwd(), p.original), ...(bundled.line ? { line: bundled.line } : {}), exercise: p.exercise.id });
      prepared.broken.add(p.exercise.id);
    }));
    return { childFile, unshare, bundles };
  };

  return {
    get isolation() { return isolation; },
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
          if (!runner) runners.set(exercise, runner = new ExerciseRunner(exercise, setup, settings, prepared));
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
    },
  };
}
