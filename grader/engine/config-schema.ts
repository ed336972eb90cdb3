/**
 * The configuration as a zod schema, built from CONFIG_DOCS: what `--set key=value` and a script's
 * `set` line are checked with (parseSetting), and the statement of the rules validateConfig applies to
 * every engine (./config.ts; a property test holds them to one verdict and one message).
 */
import { z } from 'zod';
import { CONFIG_DOCS, CONFIG_KEYS, ConfigError, rangeText, type Config, type ConfigKey } from './config.js';

/** The schema of one key's value, with the error that names the key. */
function keySchema(key: ConfigKey): z.ZodType<number | boolean> {
  const doc = CONFIG_DOCS[key];
  if (doc.unit === 'on/off') return z.boolean({ error: `${key} must be true or false` });
  const error = `${key} must be ${rangeText(doc)}`;
  return z
    .int({ error })
    .min(doc.min, { error })
    .max(doc.max ?? Number.MAX_SAFE_INTEGER, { error });
}

export const KEY_SCHEMAS = Object.fromEntries(CONFIG_KEYS.map((key) => [key, keySchema(key)])) as Record<
  ConfigKey,
  z.ZodType<number | boolean>
>;

/** The schema of a configuration: every key present with a value in its bounds, no other key, and an initial RTO no larger than its ceiling. */
export const CONFIG_SCHEMA = z.strictObject(KEY_SCHEMAS).check((ctx) => {
  const { initialRtoMs, maxRtoMs } = ctx.value as Record<string, unknown>;
  if (typeof initialRtoMs === 'number' && typeof maxRtoMs === 'number' && initialRtoMs > maxRtoMs) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      path: ['initialRtoMs'],
      message: `config.initialRtoMs (${initialRtoMs}) is larger than config.maxRtoMs (${maxRtoMs})`,
    });
  }
}) as unknown as z.ZodType<Config>;

/** The first problem the schema found, worded for a configuration built in code. */
function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): string {
  if (issue.code === 'custom') return issue.message;
  if (issue.code === 'unrecognized_keys') {
    return `config.${issue.keys.join(', config.')}: unknown key. Known keys: ${CONFIG_KEYS.join(', ')}`;
  }
  const key = String(issue.path[0]);
  if (!(key in input)) return `config.${key} is missing: ${issue.message}`;
  return `config.${key} = ${String(input[key])}: ${issue.message}`;
}

/** The schema's verdict on a whole configuration: the message validateConfig must also give, or undefined. */
export function schemaProblem(config: unknown): string | undefined {
  const result = CONFIG_SCHEMA.safeParse(config);
  return result.success ? undefined : describeIssue(result.error.issues[0]!, config as Record<string, unknown>);
}

/**
 * Parse one `key=value` setting as typed on the command line (or a script's `set` line). Times and
 * counts are whole non-negative numbers; switches are true/false (also on/off, 1/0). The value is
 * then checked against the key's bounds in the configuration schema.
 */
export function parseSetting(text: string): Partial<Config> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--set ${text}: expected key=value, e.g. --set mslMs=1000`);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (!Object.hasOwn(CONFIG_DOCS, key)) {
    throw new ConfigError(`--set ${text}: unknown key '${key}'. Known keys: ${CONFIG_KEYS.join(', ')}`);
  }
  const doc = CONFIG_DOCS[key as ConfigKey];
  let value: number | boolean | undefined;
  if (doc.unit === 'on/off') {
    value = { true: true, on: true, '1': true, false: false, off: false, '0': false }[raw];
    if (value === undefined) throw new ConfigError(`--set ${text}: ${key} is on/off; use true or false, not '${raw}'`);
  } else {
    if (!/^\d+$/.test(raw))
      throw new ConfigError(`--set ${text}: ${key} takes a whole number (${doc.unit}), not '${raw}'`);
    value = Number(raw);
  }
  const result = KEY_SCHEMAS[key as ConfigKey].safeParse(value);
  if (!result.success) throw new ConfigError(`--set ${text}: ${result.error.issues[0]!.message}`);
  return { [key]: result.data };
}
