/**
 * The jobs of one exercise, in the sandbox child that holds its module: started (or taken from the
 * children started ahead) when needed, started again after each failure, each job under the
 * shortest of its limits (the job's, the batch's, the exercise's budget).
 */
import { EXERCISES } from '../engine/exercises.js';
import type { Child } from './child-process.js';
import { type Setup, spawnChild } from './child-spawn.js';
import type { Job, JobResult } from './jobs.js';
import { spareFor } from './prestart.js';
import { accept, type End, isEnd } from './protocol.js';
import { type SandboxSettings, seconds } from './sandbox-options.js';
import { located, type Prepared } from './submission.js';

/** What V8 says when code changes a frozen built-in, and what that means to the student. */
const FROZEN =
  /Cannot (assign to read only property|add property|define property|redefine property)|object is not extensible/;
const FROZEN_WHY = " (JavaScript's built-ins are frozen in the sandbox: a module may use them, not change them)";

/** How long past a child's own limit the parent waits before it kills the child. */
const BACKSTOP_MS = 2_000;

const failed = (job: Job, end: End): JobResult => ({
  id: job.id,
  kind: 'failed',
  reason: end.reason,
  message: end.message,
});

/** The jobs of one exercise, in the child that holds its module (started again after each failure). */
export class ExerciseRunner {
  private child: Child | undefined;
  private timedOut = false;
  private spent = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly exercise: string,
    private readonly setup: Setup,
    private readonly options: SandboxSettings,
    private readonly prepared: Prepared,
  ) {}

  run(jobs: readonly Job[]): Promise<JobResult[]> {
    const run = this.queue.then(() => this.runNow(jobs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.child?.dispose();
    this.child = undefined;
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

  /** Why this exercise's code cannot run: its load failure, or no code at all. */
  private loadFailure(): End {
    const bundle = this.setup.bundles.get(this.exercise);
    return bundle && 'failure' in bundle
      ? bundle.failure
      : { reason: 'crash', message: 'this exercise has no code to run' };
  }

  /** Start a child with this exercise's module; undefined (and the exercise marked broken) if it cannot load. */
  private async start(): Promise<Child | undefined> {
    const bundle = this.setup.bundles.get(this.exercise);
    if (!bundle || 'failure' in bundle) return undefined;
    const { options, setup } = this;
    const child = await this.booted();
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

  /** A child that has started, nothing of the submission loaded: the one started ahead if still well, or a new one. */
  private async booted(): Promise<Child> {
    const { options } = this;
    let child: Child | undefined;
    const spare = await spareFor(this.prepared.workDir, this.exercise);
    if (spare?.alive) child = spare;
    else await spare?.dispose();
    child ??= spawnChild(this.setup, this.prepared, options);
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
    return child;
  }

  /** The child holding the module: the one there, unless it died while idle, or a new one. */
  private async liveChild(): Promise<Child | undefined> {
    // A child that died while idle (a timer of the submission's) is replaced, not blamed on the next job.
    if (this.child && !this.child.alive) {
      await this.child.dispose();
      this.child = undefined;
    }
    this.child ??= await this.start();
    return this.child;
  }

  private async runNow(jobs: readonly Job[]): Promise<JobResult[]> {
    const { options } = this;
    const out: JobResult[] = [];
    let i = 0;
    while (i < jobs.length) {
      if (this.spent >= options.exerciseBudgetMs) {
        const end: End = {
          reason: 'timeout',
          message: `not run: this exercise's code already used its ${seconds(options.exerciseBudgetMs)} in all`,
        };
        for (const job of jobs.slice(i)) out.push(failed(job, end));
        break;
      }
      const started = performance.now();
      try {
        const child = await this.liveChild();
        if (!child) {
          const end = this.loadFailure();
          const message = `could not load: ${end.message}`;
          for (const job of jobs.slice(i)) out.push(failed(job, { reason: end.reason, message }));
          break;
        }
        i += await this.runBatch(child, jobs.slice(i, i + options.batchSize), started, out);
      } finally {
        this.spent += performance.now() - started;
      }
    }
    return out;
  }

  /**
   * One batch in `child`, its answers added to `out`, until the first job without a good answer
   * (the child is then gone). Returns how many of its jobs are done: the first one to run over is
   * not, as it is run again.
   */
  private async runBatch(child: Child, batch: readonly Job[], started: number, out: JobResult[]): Promise<number> {
    const { options } = this;
    // Once a check has run over, the child stops each later one itself at the shorter limit (no
    // new process per endless loop); the parent's own limit stays as a backstop.
    const inChild = this.timedOut ? options.afterTimeoutMs : undefined;
    child.send(batch, inChild);
    const batchEnd = performance.now() + options.batchTimeoutMs;
    let done = 0;
    for (const job of batch) {
      const limit = this.limit(batch.length, inChild, batchEnd, started);
      const timeout: End = { reason: 'timeout', message: `${limit.message}; the sandbox stopped it` };
      const answer = await child.next(limit.ms, timeout);
      const result = !isEnd(answer) && answer.t === 'result' ? accept(answer.r, job) : undefined;
      done++;
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
        return done - 1;
      }
      out.push(failed(job, end));
      if (end.reason === 'timeout') this.timedOut = true;
      return done;
    }
    return done;
  }

  /** The shortest of the job's, the batch's and the exercise's limits on the next answer, with what it means. */
  private limit(
    batchLength: number,
    inChild: number | undefined,
    batchEnd: number,
    started: number,
  ): { ms: number; message: string } {
    const { options } = this;
    const now = performance.now();
    const perJob = inChild === undefined ? options.jobTimeoutMs : inChild + BACKSTOP_MS;
    const limits: { ms: number; message: string }[] = [
      { ms: perJob, message: `your code ran longer than ${seconds(perJob)} on this check (an endless loop?)` },
      {
        ms: batchEnd - now,
        message: `a batch of ${batchLength} checks ran longer than ${seconds(options.batchTimeoutMs)}`,
      },
      {
        ms: options.exerciseBudgetMs - this.spent - (now - started),
        message: `this exercise's checks ran longer than ${seconds(options.exerciseBudgetMs)} in all`,
      },
    ];
    return limits.reduce((a, b) => (b.ms < a.ms ? b : a));
  }
}
