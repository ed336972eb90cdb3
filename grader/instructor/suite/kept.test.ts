/** What a grade keeps between runs (./kept.ts): read back as made, made once, and made again when unreadable. */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT } from '../../runner/kit.js';
import { kept } from './kept.js';

const DIR = join(KIT, '.tcplab', 'cache');
const name = `kept-test-${process.pid}`;
const files = (): string[] => readdirSync(DIR).filter((f) => f.startsWith(`${name}-`));

afterAll(() => {
  for (const f of files()) rmSync(join(DIR, f), { force: true });
});

describe('kept', () => {
  const value = { config: { userTimeoutMs: Number.POSITIVE_INFINITY }, sides: new Map([['client', [1, 2, 3]]]) };

  it('reads back what it made, Maps and Infinity included, without making it again', () => {
    let made = 0;
    const make = () => {
      made++;
      return value;
    };
    expect(kept(name, make)).toEqual(value);
    const again = kept(name, make);
    expect(made).toBe(1);
    expect(again).toEqual(value);
    expect(again).not.toBe(value);
    expect(again.config.userTimeoutMs).toBe(Number.POSITIVE_INFINITY);
    expect(again.sides.get('client')).toEqual([1, 2, 3]);
    expect(files()).toHaveLength(1);
  });

  it('makes it again when the kept file cannot be read', () => {
    for (const f of files()) writeFileSync(join(DIR, f), 'not a serialized value');
    let made = 0;
    expect(
      kept(name, () => {
        made++;
        return value;
      }),
    ).toEqual(value);
    expect(made).toBe(1);
  });
});
