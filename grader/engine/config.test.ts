/**
 * One schema for a configuration, whichever way it comes in: built in code (makeConfig, and
 * validateConfig, which createEngine applies) or typed as `--set key=value`. Each bound is tested
 * from both sides: a value just inside passes, one just outside is refused with an error that names
 * the key (and, for --set, the argument). The bounds below are written by hand, not read back from
 * CONFIG_DOCS, so a changed bound shows up here.
 */
import { describe, expect, it } from 'vitest';
import { modules } from '../../solutions/modules.js';
import {
  CONFIG_DOCS,
  CONFIG_KEYS,
  ConfigError,
  makeConfig,
  PROFILES,
  validateConfig,
  type Config,
  type ConfigKey,
} from './config.js';
import { parseSetting } from './config-schema.js';
import { createEngine } from './engine.js';

const MAX = Number.MAX_SAFE_INTEGER;
const SWITCHES = [
  'rfc5961',
  'rfc1337',
  'rstAck',
  'dupSynSynAck',
  'synRecvSynRst',
  'timeWaitAcks',
  'timeWaitReopen',
  'trimToWindow',
] as const;

/** Every numeric key with its smallest and largest value. */
const BOUNDS: Record<Exclude<ConfigKey, (typeof SWITCHES)[number]>, readonly [min: number, max: number]> = {
  mslMs: [1, MAX],
  initialRtoMs: [1, MAX],
  maxRtoMs: [1, MAX],
  measuredRtoMs: [0, MAX], // 0 = keep initialRtoMs
  synLinearTimeouts: [0, MAX],
  synRetries: [0, MAX],
  synAckRetries: [0, MAX],
  dataRetries: [0, MAX],
  keepAliveIdleMs: [1, MAX],
  keepAliveIntervalMs: [1, MAX],
  keepAliveCount: [0, MAX],
  userTimeoutMs: [0, MAX], // 0 = off
  delayedAckMs: [0, MAX], // 0 = at once
  quickAckSegments: [0, MAX],
  finWait2TimeoutMs: [0, MAX], // 0 = never
  mss: [1, 65_535],
  rcvWnd: [0, 65_535],
};

/** A configuration that lets `key` take any value in its range (initialRtoMs is held under maxRtoMs). */
function around(key: ConfigKey, value: unknown): Config {
  const base: Config = { ...PROFILES.rfc, initialRtoMs: 1, maxRtoMs: MAX };
  return { ...base, [key]: value } as Config;
}

/** The ConfigError a call throws (fails the test if it throws nothing or something else). */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('configuration bounds (makeConfig, validateConfig, createEngine)', () => {
  it('cover every key of CONFIG_DOCS, numbers and switches', () => {
    expect([...Object.keys(BOUNDS), ...SWITCHES].sort()).toEqual([...CONFIG_KEYS].sort());
  });

  for (const [key, [min, max]] of Object.entries(BOUNDS) as [ConfigKey, readonly [number, number]][]) {
    it(`${key}: ${min} passes, ${min - 1} is refused naming ${key}`, () => {
      expect(validateConfig(around(key, min))[key]).toBe(min);
      expect(refusal(() => validateConfig(around(key, min - 1)))).toMatch(
        new RegExp(`^config\\.${key} = ${min - 1}: ${key} must be a whole number`),
      );
    });

    it(`${key}: ${max} passes, ${max + 1} is refused naming ${key}`, () => {
      expect(validateConfig(around(key, max))[key]).toBe(max);
      expect(refusal(() => validateConfig(around(key, max + 1)))).toMatch(
        new RegExp(`^config\\.${key} = ${max + 1}: ${key} must be`),
      );
    });

    it(`${key}: a fraction, a string or NaN is refused naming ${key}`, () => {
      for (const bad of [min + 0.5, String(min), Number.NaN]) {
        expect(refusal(() => validateConfig(around(key, bad)))).toContain(
          `config.${key} = ${String(bad)}: ${key} must be a whole number`,
        );
      }
    });
  }

  for (const key of SWITCHES) {
    it(`${key}: true and false pass; 1 and 'on' are refused naming ${key}`, () => {
      for (const ok of [true, false]) expect(validateConfig(around(key, ok))[key]).toBe(ok);
      for (const bad of [1, 'on'])
        expect(refusal(() => validateConfig(around(key, bad)))).toBe(
          `config.${key} = ${String(bad)}: ${key} must be true or false`,
        );
    });
  }

  it('initialRtoMs may equal maxRtoMs, not exceed it', () => {
    expect(makeConfig('rfc', { initialRtoMs: 5_000, maxRtoMs: 5_000 }).initialRtoMs).toBe(5_000);
    expect(refusal(() => makeConfig('rfc', { initialRtoMs: 5_001, maxRtoMs: 5_000 }))).toBe(
      'config.initialRtoMs (5001) is larger than config.maxRtoMs (5000)',
    );
  });

  it('a key missing or unknown is refused by name', () => {
    const { mss: _mss, ...noMss } = PROFILES.rfc;
    expect(refusal(() => validateConfig(noMss as Config))).toMatch(/^config\.mss is missing: mss must be/);
    expect(refusal(() => validateConfig({ ...PROFILES.rfc, msl: 5 } as Config))).toMatch(
      /^config\.msl: unknown key\. Known keys: mslMs, /,
    );
  });

  it('both profiles pass, and keys documented "0 = …" accept 0', () => {
    for (const profile of ['rfc', 'linux'] as const) expect(makeConfig(profile)).toEqual(PROFILES[profile]);
    const zeroMeans = CONFIG_KEYS.filter((key) => /\(0 = [^)]+\)/.test(CONFIG_DOCS[key].meaning));
    expect(zeroMeans).toEqual(['measuredRtoMs', 'userTimeoutMs', 'delayedAckMs', 'finWait2TimeoutMs']);
    for (const key of zeroMeans) expect(makeConfig('rfc', { [key]: 0 })[key]).toBe(0);
  });

  it('makeConfig refuses what createEngine would choke on: mss 0 (a SEND would loop forever), rcvWnd above 65535', () => {
    expect(refusal(() => makeConfig('rfc', { mss: 0 }))).toMatch(
      /^config\.mss = 0: mss must be a whole number from 1 to 65535/,
    );
    expect(refusal(() => makeConfig('rfc', { rcvWnd: 65_536 }))).toMatch(
      /^config\.rcvWnd = 65536: rcvWnd must be a whole number from 0 to 65535/,
    );
  });

  it('createEngine refuses a configuration built by hand past makeConfig', () => {
    expect(refusal(() => createEngine(modules, { config: { ...PROFILES.rfc, mss: 0 } }))).toMatch(/^config\.mss = 0: /);
    expect(refusal(() => createEngine(modules, { config: { ...PROFILES.linux, rcvWnd: 70_000 } }))).toMatch(
      /^config\.rcvWnd = 70000: /,
    );
  });
});

describe('--set key=value (parseSetting)', () => {
  for (const [key, [min, max]] of Object.entries(BOUNDS) as [ConfigKey, readonly [number, number]][]) {
    it(`${key}: --set ${key}=${min} passes, ${min === 0 ? '-1' : min - 1} is refused naming the argument and ${key}`, () => {
      expect(parseSetting(`${key}=${min}`)).toEqual({ [key]: min });
      const below = min - 1;
      expect(refusal(() => parseSetting(`${key}=${below}`))).toMatch(
        below < 0
          ? new RegExp(`^--set ${key}=-1: ${key} takes a whole number \\(\\w+\\), not '-1'$`)
          : new RegExp(`^--set ${key}=${below}: ${key} must be a whole number`),
      );
    });

    it(`${key}: --set ${key}=${max} passes, ${max + 1} is refused naming the argument and ${key}`, () => {
      expect(parseSetting(`${key}=${max}`)).toEqual({ [key]: max });
      expect(refusal(() => parseSetting(`${key}=${max + 1}`))).toMatch(
        new RegExp(`^--set ${key}=${max + 1}: ${key} must be a whole number`),
      );
    });
  }

  for (const key of SWITCHES) {
    it(`${key}: true/false, on/off and 1/0 pass; anything else is refused naming the argument and ${key}`, () => {
      for (const [text, value] of [
        ['true', true],
        ['on', true],
        ['1', true],
        ['false', false],
        ['off', false],
        ['0', false],
      ] as const) {
        expect(parseSetting(`${key}=${text}`)).toEqual({ [key]: value });
      }
      expect(refusal(() => parseSetting(`${key}=yes`))).toBe(
        `--set ${key}=yes: ${key} is on/off; use true or false, not 'yes'`,
      );
    });
  }

  it('refuses an unknown key (inherited names included) and a setting without =', () => {
    expect(refusal(() => parseSetting('msl=5'))).toMatch(/^--set msl=5: unknown key 'msl'\. Known keys: mslMs, /);
    expect(refusal(() => parseSetting('constructor=1'))).toMatch(/^--set constructor=1: unknown key 'constructor'/);
    expect(refusal(() => parseSetting('mslMs'))).toBe('--set mslMs: expected key=value, e.g. --set mslMs=1000');
  });
});
