import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../engine/config.js';
import { configTable, withTable } from './docs.js';
import { main } from './main.js';

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
    // picocolors is off outside a terminal, so this is the plain text a reader sees.
    expect(readme).toContain(lines.join('\n').split('\n').map((l) => l.trimEnd()).join('\n'));
  });
});
