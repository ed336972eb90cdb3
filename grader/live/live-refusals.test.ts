/**
 * Where `tcplab live` cannot run, or is given what it cannot run: a missing tool or namespace, a
 * wrong --exercise or --impl, a COMMAND that is not a program, a module the inspection refuses.
 * Each says what is wrong, exits 2 and shows no stack.
 */
import { execa } from 'execa';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_ACK, LIMIT, removeScratch, scratch, studentWith, tcplab } from './testing.js';

afterAll(removeScratch);

describe('where it cannot run', () => {
  it(
    'without socat: says what is missing and the Debian package, exit 2, no stack',
    async () => {
      const bin = join(scratch, 'bin-no-socat');
      mkdirSync(bin, { recursive: true });
      for (const tool of ['unshare', 'ip', 'ss', 'sh']) {
        const found = await execa('sh', ['-c', `command -v ${tool}`]);
        symlinkSync(found.stdout.trim(), join(bin, tool));
      }
      const run = await tcplab(['live', 'server', '--', 'true'], { PATH: bin });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain("missing socat (it relays the TUN device's packets): apt-get install socat");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
    LIMIT,
  );

  it(
    'without unprivileged user namespaces: says so and how to allow them, exit 2',
    async () => {
      const bin = join(scratch, 'bin-no-userns');
      mkdirSync(bin, { recursive: true });
      for (const tool of ['socat', 'ip', 'ss', 'sh']) {
        const found = await execa('sh', ['-c', `command -v ${tool}`]);
        symlinkSync(found.stdout.trim(), join(bin, tool));
      }
      // What unshare prints where the kernel refuses (user.max_user_namespaces = 0, or an AppArmor policy).
      writeFileSync(
        join(bin, 'unshare'),
        '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n',
        { mode: 0o755 },
      );
      const run = await tcplab(['live', 'server', '--', 'true'], { PATH: bin });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(
        'missing a private user and network namespace (unshare -rn failed: unshare: unshare failed: Operation not permitted)',
      );
      expect(run.stderr).toContain('sysctl kernel.unprivileged_userns_clone=1');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
    LIMIT,
  );

  it(
    'an --exercise without a topic module, or with the reference: exit 2, named',
    async () => {
      const six = await tcplab(['live', 'server', '--impl', 'exercises', '--exercise', '06', '--', 'true']);
      expect(six.exitCode).toBe(2);
      expect(six.stderr).toMatch(/--exercise 06: not an exercise with a topic module \(01-sequence-numbers, /);
      const ref = await tcplab(['live', 'server', '--exercise', '02', '--', 'true']);
      expect(ref.exitCode).toBe(2);
      expect(ref.stderr).toContain('--exercise 02: it picks one exercise from --impl exercises or a folder');
    },
    LIMIT,
  );

  it(
    'a COMMAND that is not a program: exit 2, named, before anything starts',
    async () => {
      const run = await tcplab(['live', 'server', '--', 'no-such-program-here', '-s']);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('COMMAND no-such-program-here: not found on PATH');
      expect(run.stdout).not.toContain('tcplab live server ·');
    },
    LIMIT,
  );

  it(
    'a module the inspection refuses (it imports node:fs): exit 2 with its file and line, nothing run',
    async () => {
      const dir = studentWith('imports-fs', CHECK_ACK, `${CHECK_ACK}\n    readFileSync('/etc/hostname');`);
      const file = join(dir, '02-three-way-handshake', 'three-way-handshake.ts');
      writeFileSync(file, `import { readFileSync } from 'node:fs';\n${readFileSync(file, 'utf8')}`);
      const run = await tcplab(['live', 'server', '--impl', dir, '--', 'true']);
      expect(run.exitCode, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toMatch(
        /--impl .*imports-fs: the code cannot run:\n {2}\S*three-way-handshake\.ts:1(:\d+)?: .*node:fs/,
      );
      expect(run.stdout).not.toContain('tcplab live server ·');
    },
    LIMIT,
  );

  it(
    'a folder for --impl that is not there: exit 2, named',
    async () => {
      const run = await tcplab(['live', 'server', '--impl', join(scratch, 'nowhere'), '--', 'true']);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/--impl .*nowhere: no such folder/);
    },
    LIMIT,
  );
});
