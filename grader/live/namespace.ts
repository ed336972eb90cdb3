/**
 * Entering the private namespace: `unshare -rn` makes a user namespace (we are root inside it and
 * nobody outside) and a network namespace with only a loopback device. The tcplab command runs again
 * in there with the same arguments; the namespace, its TUN device and every connection in it vanish
 * when the run ends, so nothing on the host changes and nothing is left behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { exitCodeOf } from './command-process.js';

/** Set in the environment of the run inside the namespace. */
export const INSIDE = 'TCPLAB_LIVE_INSIDE';

export const insideNamespace = (): boolean => process.env[INSIDE] === '1';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));

/**
 * Run `tcplab <args>` inside a new namespace; resolves with its exit code. A PID namespace too, with
 * the inner tcplab as its first process: when it exits, the kernel ends every process left in there
 * (COMMAND's children included), so nothing outlives the run.
 */
export function runInNamespace(
  args: readonly string[],
  out: (line: string) => void,
  ownsSignals: boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    // A process group of its own (so the terminal's Ctrl+C reaches us, not it); unshare ignores
    // SIGINT and SIGTERM while it waits, so a signal is passed to the inner run itself.
    const child = spawn('unshare', ['-rn', '--pid', '--fork', '--kill-child', '--', process.execPath, BIN, ...args], {
      // Its output comes back through `out`, line by line, so whoever ran the command gets it.
      stdio: ['inherit', 'pipe', 'inherit'],
      detached: true,
      env: { ...process.env, [INSIDE]: '1' },
    });
    const lines = child.stdout ? createInterface({ input: child.stdout, crlfDelay: Infinity }) : undefined;
    lines?.on('line', out);
    const closed = lines ? new Promise<void>((resolve) => lines.once('close', resolve)) : Promise.resolve();
    // A signal that came before the inner run could take it is ignored there (the first process of
    // a PID namespace has no default actions): if the run has not ended 10 s later (it takes a
    // moment to list both sides), end it.
    let killer: NodeJS.Timeout | undefined;
    const forward = (signal: NodeJS.Signals): void => {
      signalRun(child, signal);
      killer ??= setTimeout(() => {
        process.stderr.write('\ntcplab live: interrupted\n');
        signalGroup(child, 'SIGKILL');
      }, 10_000);
    };
    // Only the tcplab command itself takes Ctrl+C over; a test calling main keeps its signals.
    if (ownsSignals) {
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
    }
    const done = (): void => {
      if (killer) clearTimeout(killer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    child.on('error', (e) => {
      done();
      reject(e);
    });
    child.on('exit', (code, signal) => {
      done();
      // Interrupted is interrupted (130), whichever process ended it.
      void closed.then(() => resolve(killer ? 130 : exitCodeOf(code, signal)));
    });
  });
}

/** A signal to the namespace's whole process group. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * A signal to the inner run alone (unshare's one child): a signal to the whole group could also catch
 * COMMAND in the instant between its fork and its own process group, and kill it first.
 */
function signalRun(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  let inner: number[] = [];
  try {
    inner = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    // unshare has not forked yet, or is gone
  }
  if (inner.length === 0) return signalGroup(child, signal);
  for (const p of inner) {
    try {
      process.kill(p, signal);
    } catch {
      // already gone
    }
  }
}
