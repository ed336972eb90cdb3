/**
 * One sandboxed child process, parent side: starting it confined (permission flags, namespaces,
 * scrubbed environment, own process group), reading its answers on fd 3, watching its memory, and
 * killing its whole group when it runs too long, grows too big or dies. Every live child is killed
 * if the grader itself is stopped.
 */
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { asciiJson } from './ascii.js';
import type { Job } from './jobs.js';
import { isEnd, message, type End, type Message } from './protocol.js';

/** Longest line the parent accepts on fd 3 before it gives up on the child. */
const MAX_LINE = 32 * 1024 * 1024;

const live = new Set<Child>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Kill every sandbox child still running (an interrupted command on its way out). */
export function killAll(): void {
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
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 1 && !/^(at |node:internal|file:|Node\.js v\d|\(Use `node --trace-uncaught)/.test(l));
  const said =
    lines.find((l) => /FATAL ERROR|out of memory/i.test(l)) ??
    lines.find((l) => /^[A-Z]\w*(Error|Rejection|Exception)\b/.test(l)) ??
    lines.at(-1) ??
    '';
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
export class Child {
  private readonly messages: Message[] = [];
  private waiter: ((m: Message | End) => void) | undefined;
  private ended: End | undefined;
  private killedFor: End | undefined;
  private stderr = '';
  private pending = '';
  private readonly watch: NodeJS.Timeout | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly proc: Spawned,
    private readonly nonce: string,
    memoryMb: number,
  ) {
    track(this);
    // The nonce is the child's first line in, read before anything of the submission loads.
    proc.stdin?.write(`${nonce}\n`);
    const answers = proc.stdio[3] as unknown as Readable;
    answers.setEncoding('utf8');
    answers.on('data', (chunk: string) => this.onData(chunk));
    answers.on('error', () => undefined);
    proc.stdin?.on('error', () => undefined);
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-8_000);
    });
    proc.stderr?.on('error', () => undefined);
    // The end is judged once what the child wrote before it has been read (or after a short wait).
    const drained = Promise.race([
      Promise.all(
        [answers, proc.stderr].map(
          (s) =>
            s &&
            new Promise((resolve) => {
              s.once('close', resolve);
              s.once('end', resolve);
            }),
        ),
      ),
      new Promise((resolve) => setTimeout(resolve, 500).unref()),
    ]);
    this.done = Promise.resolve(proc).then(
      async (r) => {
        await drained;
        this.finish(r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode ?? '?'}`);
      },
      async (e: unknown) => {
        await drained;
        this.finish(e instanceof Error ? e.message : String(e));
      },
    );
    if (process.platform === 'linux' && proc.pid !== undefined) {
      const pid = proc.pid;
      this.watch = setInterval(() => {
        const kb = [pid, ...childrenOf(pid)].reduce((sum, p) => sum + rssKb(p), 0);
        if (kb > memoryMb * 1024)
          this.kill({
            reason: 'memory',
            message: `your code used more than ${memoryMb} MiB of memory; the sandbox stopped it`,
          });
      }, 50);
      this.watch.unref();
    }
  }

  private onData(chunk: string): void {
    this.pending += chunk;
    for (let end = this.pending.indexOf('\n'); end >= 0; end = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 1);
      // Only the child knows the nonce: a line without it is not the child's, and whatever stands
      // before it (the submission may write to fd 3 too) is not either.
      const at = line.indexOf(`${this.nonce}\t`);
      if (at < 0) continue;
      let parsed;
      try {
        parsed = message.safeParse(JSON.parse(line.slice(at + this.nonce.length + 1)));
      } catch {
        continue;
      }
      if (parsed.success) this.deliver(parsed.data);
    }
    if (this.pending.length > MAX_LINE)
      this.kill({ reason: 'crash', message: "the process running your code wrote too much on the sandbox's channel" });
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
    this.ended =
      this.killedFor ??
      (/heap limit|heap out of memory|allocation failed/i.test(this.stderr)
        ? {
            reason: 'memory',
            message: `your code used more memory than the sandbox allows${words ? ` (${words})` : ''}`,
          }
        : { reason: 'crash', message: `the process running your code ended: it ${how}${words ? ` (${words})` : ''}` });
    this.deliver(this.ended);
  }

  get alive(): boolean {
    return this.ended === undefined && this.killedFor === undefined;
  }

  /** Tell a child started ahead which topic it will grade: it loads the reference for the others while it waits. */
  prepare(order: { topic: string; reference: { topics: Record<string, string> } | { set: string } }): void {
    this.proc.stdin?.write(`${asciiJson({ prepare: order })}\n`);
  }

  /** Tell a started child which modules to load (the submission's, once it passed the static checks). */
  load(order: {
    topic: string;
    candidate: string;
    reference: { topics: Record<string, string> } | { set: string };
  }): void {
    this.proc.stdin?.write(`${asciiJson({ load: order })}\n`);
  }

  /** Jobs to run, each stopped by the child itself after `limitMs` if given. */
  send(jobs: readonly Job[], limitMs?: number): void {
    this.proc.stdin?.write(`${asciiJson(limitMs === undefined ? { jobs } : { jobs, limitMs })}\n`);
  }

  /** The next answer, or how the child ended; after `ms` the child is killed and `timeout` returned. */
  next(ms: number, timeout: End): Promise<Message | End> {
    const queued = this.messages.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(this.ended);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiter = undefined;
          this.kill(timeout);
          resolve(timeout);
        },
        Math.max(0, ms),
      );
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
