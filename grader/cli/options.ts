/** Option values several commands share: each parser refuses a bad value with a usage error naming the option. */
import { type Command, Option } from 'commander';
import type { Config } from '../engine/config.js';
import { parseSetting } from '../engine/config-schema.js';
import { UsageError } from './errors.js';
import { FORMATS } from './formats.js';
import { shown } from './input-file.js';

export function parseLang(value: string): 'en' | 'zh-CN' {
  if (value !== 'en' && value !== 'zh-CN') throw new UsageError(`--lang ${value}: use one of en, zh-CN`);
  return value;
}

/** `--set key=value`, repeatable: each one checked by the configuration's schema as it comes. */
export function collectSetting(value: string, previous: Partial<Config>): Partial<Config> {
  return { ...previous, ...parseSetting(value) };
}

export function parseSeed(value: string): number {
  // A seed names cache files (suite-hidden-42): a sign or an exponent would make a second name for one suite.
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--seed ${shown(value)}: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  }
  return Number(value);
}

export function parseScore(value: string): number {
  // Number('') is 0 and Number('0x10') is 16: only plain decimals are scores.
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) {
    throw new UsageError(`--min-score ${shown(value)}: expected a number ≥ 0`);
  }
  return n;
}

export function parsePercent(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n > 100) {
    throw new UsageError(`--min-percent ${shown(value)}: expected a number from 0 to 100`);
  }
  return n;
}

export function parseJobs(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) {
    throw new UsageError(`--jobs ${shown(value)}: expected a whole number from 1 to 256`);
  }
  return n;
}

/** What any report takes; `check` (the recorded public packs) has no seed and no --exercise (its argument). */
export function reportOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('table'))
    .option('--out <file>', 'write the report to a file instead of the terminal')
    .option('--min-score <score>', 'exit with 1 when the score is lower', parseScore)
    .option(
      '--min-percent <percent>',
      'exit with 1 when the score is a lower share of the most it can be',
      parsePercent,
    )
    .option('--rubric <file>', 'weights, exercises to count and what students see (YAML)');
}

/** Whether `--seed` was typed (a default seed is not a choice the command should remark on). */
export const seedGiven = (cmd: Command): boolean => cmd.getOptionValueSource('seed') === 'cli';
