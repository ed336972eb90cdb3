/** COMMAND, the program a live run starts inside the namespace beside the engine. */
import { spawn, type ChildProcess } from 'node:child_process';

const NAME = 'TCPLAB_LIVE_ADDR';

/**
 * Start COMMAND with TCPLAB_LIVE_ADDR set. One word is run by `sh -c` (so a quoted
 * 'curl http://$TCPLAB_LIVE_ADDR/' works); several are run as they are, with `$TCPLAB_LIVE_ADDR`
 * written in them replaced (for a caller without a shell, or one who escaped the dollar).
 */
export function startCommand(command: readonly string[], addr: string): ChildProcess {
  const env = { ...process.env, [NAME]: addr };
  const [first, ...rest] = command;
  if (first === undefined) throw new Error('no COMMAND given');
  // Its own process group, so that stopping it stops what it started (a shell's children).
  if (rest.length === 0) return spawn('sh', ['-c', first], { stdio: 'inherit', env, detached: true });
  const words = command.map((w) => w.replaceAll(`\${${NAME}}`, addr).replaceAll(`$${NAME}`, addr));
  return spawn(words[0]!, words.slice(1), { stdio: 'inherit', env, detached: true });
}

/** Send `signal` to COMMAND and everything in its process group. */
export function signalCommand(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** The exit code a shell would report: the code, or 128 + the signal's number. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return 128 + (signal ? numbers[signal] ?? 1 : 1);
}
