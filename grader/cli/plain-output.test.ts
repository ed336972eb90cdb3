/** Piped output carries no escape codes, even where CI is set (picocolors alone would colour it); FORCE_COLOR still colours it. */
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { KIT } from '../runner/kit.js';

const tcplab = (env: Record<string, string>) =>
  execa(process.execPath, [join(KIT, 'grader', 'cli', 'bin.js')], {
    env: { ...env, NO_COLOR: undefined },
    extendEnv: true,
    reject: false,
  });

describe('colours', () => {
  it('are left out of piped output when CI is set, and kept when FORCE_COLOR asks for them', async () => {
    const plain = await tcplab({ CI: 'true' });
    expect(plain.stdout).toContain('Start here');
    expect(plain.stdout).not.toContain('\x1B[');
    const forced = await tcplab({ CI: 'true', FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\x1B[');
  }, 60_000);
});
