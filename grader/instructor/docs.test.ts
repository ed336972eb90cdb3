import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../engine/config.js';
import { configTable, withTable } from './docs.js';
import { main } from '../cli/main.js';

describe('README', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

  it('has the quick start commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });

  it('documents every configuration key under both profiles (run `npm run docs` if this fails)', () => {
    expect(withTable(readme)).toBe(readme);
    for (const key of CONFIG_KEYS) expect(configTable()).toContain(`\`${key}\``);
  });

  it('shows the real output of `tcplab trace normal-close`', async () => {
    const lines: string[] = [];
    expect(await main(['trace', 'normal-close'], (t) => lines.push(t))).toBe(0);
    // Colour codes (on in CI logs) are not part of what a reader of the README sees.
    const plain = stripVTControlCharacters(lines.join('\n'));
    expect(readme).toContain(
      plain
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n'),
    );
  });
});
