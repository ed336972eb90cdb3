/**
 * validateConfig (run for every engine, reading CONFIG_DOCS directly) and the zod schema (what
 * `--set` and scripts use) are two statements of one set of rules: on any configuration, valid or
 * not, they give the same verdict and the same message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, PROFILES, validateConfig, type Config } from './config.js';
import { schemaProblem } from './config-schema.js';

const verdict = (config: unknown): string | undefined => {
  try {
    validateConfig(config as Config);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};

/** A profile with some keys replaced by values near or past their bounds, or of the wrong type, or dropped, or one key added. */
const configs = fc
  .record({
    base: fc.constantFrom(PROFILES.rfc, PROFILES.linux),
    changes: fc.array(
      fc.tuple(
        fc.constantFrom(...CONFIG_KEYS),
        fc.oneof(
          fc.integer({ min: -2, max: 70_000 }),
          fc.constantFrom(0, 1, 65_535, 65_536, 1.5, Number.NaN, true, false, '1', null),
          fc.constant(undefined),
        ),
      ),
      { maxLength: 3 },
    ),
    extra: fc.option(fc.constantFrom('msl', 'window', 'constructor'), { nil: undefined }),
  })
  .map(({ base, changes, extra }) => {
    const config: Record<string, unknown> = { ...base };
    for (const [key, value] of changes) {
      if (value === undefined) delete config[key];
      else config[key] = value;
    }
    if (extra) config[extra] = 1;
    return config;
  });

describe('the configuration rules', () => {
  it('validateConfig and the zod schema agree on every configuration, message included', () => {
    fc.assert(
      fc.property(configs, (config) => {
        expect(verdict(config)).toBe(schemaProblem(config));
      }),
      { seed: 15, numRuns: 2_000 },
    );
  });

  it('both refuse an initial RTO above its ceiling, naming both keys', () => {
    const config = { ...PROFILES.rfc, initialRtoMs: 70_000, maxRtoMs: 60_000 };
    expect(verdict(config)).toBe('config.initialRtoMs (70000) is larger than config.maxRtoMs (60000)');
    expect(schemaProblem(config)).toBe(verdict(config));
  });
});
