/**
 * One run of `tcplab`: where its commands print, whether it owns Ctrl+C, and the code it exits with.
 * Every call of main has its own (the menu runs commands inside a run of its own), so a nested run
 * never sees the code of another. A command reaches its run through the program it belongs to.
 */
import type { Command } from 'commander';

export interface CliRun {
  /** Where a command prints what it has to say. */
  readonly out: (text: string) => void;
  /** Whether this process is the `tcplab` command itself (not a test calling main), and so owns Ctrl+C. */
  readonly ownsSignals: boolean;
  /** What the run exits with: 0 unless its command returned another code (a grade below --min-score). */
  exitCode: number;
}

const runs = new WeakMap<Command, CliRun>();

/** Make `run` the run of `program` and of every command under it. */
export function attachRun(program: Command, run: CliRun): void {
  runs.set(program, run);
}

/** The run `command` belongs to. */
function runOf(command: Command): CliRun {
  let root = command;
  while (root.parent) root = root.parent;
  const run = runs.get(root);
  if (!run) throw new Error(`command '${command.name()}' is not part of a tcplab run`);
  return run;
}

/**
 * A commander action that receives its run first and returns its exit code (nothing for 0).
 * Commander hands an action its arguments, its options, then the command itself, last.
 */
export function withRun<A extends unknown[]>(
  action: (run: CliRun, ...args: A) => number | undefined | Promise<number | undefined>,
): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const run = runOf(args[args.length - 1] as Command);
    const code = await action(run, ...(args as A));
    if (typeof code === 'number') run.exitCode = code;
  };
}

/** Ctrl+C ends a command that runs a submission's code at once, with nothing left behind (./interrupt.ts). */
export async function interruptible(run: CliRun): Promise<void> {
  if (run.ownsSignals) (await import('./interrupt.js')).exitOnInterrupt();
}
