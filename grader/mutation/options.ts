/** `npm run mutation`'s options, parsed with commander; a bad one is named with the usage, exit 2. */
import { Command } from 'commander';
import { findExercise, type Exercise } from '../engine/exercises.js';

/** The seed hidden grading uses here (the tests grade the reference with it too). */
const DEFAULT_SEED = 42;

export interface Options {
  exercise: Exercise | undefined;
  max: number | undefined;
  /** Also list every killed mutant with the check that killed it. */
  verbose: boolean;
  /** The hidden suite's seed. */
  seed: number;
}

/** A bad option: its message, the usage, exit 2. */
function usage(message: string): never {
  process.stderr.write(
    `mutation: ${message}\nusage: npm run mutation -- [--exercise NN] [--max N] [--seed N] [--verbose]\n`,
  );
  process.exit(2);
}

function parseExercise(value: string): Exercise {
  const exercise = findExercise(value);
  if (!exercise) usage(`unknown exercise '${value}'`);
  if (!exercise.module) usage(`exercise ${exercise.id} is application code, not a topic module: nothing to mutate`);
  return exercise;
}

function wholeNumber(flag: string, min: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min)
      usage(`${flag} takes a whole number${min > 0 ? ` > ${min - 1}` : ''}, not '${value}'`);
    return Number(value);
  };
}

export function parseArgs(argv: readonly string[]): Options {
  const program = new Command('mutation')
    .description('how strong is the hidden suite: mutate each reference topic module and grade every mutant')
    .option('--exercise <NN>', 'one exercise only', parseExercise)
    .option('--max <N>', 'at most N mutants per module, spread over the file', wholeNumber('--max', 1))
    .option('--seed <N>', 'seed of the hidden suite', wholeNumber('--seed', 0), DEFAULT_SEED)
    .option('--verbose', 'also list each killed mutant with the check that killed it')
    .configureOutput({ writeErr: () => {} })
    .exitOverride((e) => (e.exitCode === 0 ? process.exit(0) : usage(e.message.replace(/^error: /, ''))))
    .parse([...argv], { from: 'user' });
  const opts = program.opts<{ exercise?: Exercise; max?: number; seed: number; verbose?: boolean }>();
  return { exercise: opts.exercise, max: opts.max, seed: opts.seed, verbose: opts.verbose === true };
}
