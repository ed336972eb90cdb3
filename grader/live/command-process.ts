/** COMMAND, the program a live run starts inside the namespace beside the engine. */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

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
  return 128 + (signal ? (numbers[signal] ?? 1) : 1);
}

/**
 * Why COMMAND cannot start, or undefined. Several words: the first must be a program (a path, or a
 * name on PATH). One word goes to `sh -c`, which says itself what it cannot find (exit 127).
 */
export function commandProblem(command: readonly string[]): string | undefined {
  if (command.length === 0) return 'no COMMAND given after --';
  if (command.length === 1) return undefined;
  const program = command[0]!;
  const runnable = (path: string): boolean => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (program.includes('/'))
    return runnable(program) ? undefined : `COMMAND ${program}: no such program (or not executable)`;
  const found = (process.env['PATH'] ?? '').split(delimiter).some((dir) => dir !== '' && runnable(join(dir, program)));
  return found ? undefined : `COMMAND ${program}: not found on PATH`;
}
