/** Ctrl+C on `tcplab live`: COMMAND and socat stop, exit 130, nothing of the run is left, at any moment. */
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMIT, removeScratch, tcplab } from './testing.js';

afterAll(removeScratch);

describe('Ctrl+C', () => {
  it(
    'stops COMMAND and socat, says so and exits 130; nothing of the run is left',
    async () => {
      const marker = `31.${process.pid}`; // a sleep no one else runs
      const run = tcplab(['live', 'server', '--', 'sleep', marker]);
      let seen = '';
      await new Promise<void>((resolve) => {
        run.stdout?.on('data', (d: Buffer) => {
          seen += d.toString();
          if (seen.includes('tcplab live server')) resolve();
        });
      });
      run.kill('SIGINT');
      const done = await run;
      expect(done.exitCode, done.stdout + done.stderr).toBe(130);
      expect(done.stdout, done.stderr).toContain('tcplab live: interrupted');
      const left = await execa('pgrep', ['-f', `sleep ${marker}`], { reject: false });
      expect(left.stdout).toBe('');
    },
    LIMIT,
  );

  it(
    'ends a run interrupted at any moment, even before it has started: exit 130, nothing left',
    async () => {
      for (const afterMs of [300, 1_500]) {
        const marker = `32.${process.pid}${afterMs}`;
        const run = tcplab(['live', 'server', '--', 'sleep', marker]);
        await new Promise((resolve) => setTimeout(resolve, afterMs));
        run.kill('SIGINT');
        const done = await run;
        // Interrupted: 130, or, before the command had even taken the signal over, ended by it.
        expect(
          done.exitCode === 130 || done.signal === 'SIGINT',
          `after ${afterMs} ms: ${String(done.exitCode)} ${String(done.signal)} ${done.stdout}${done.stderr}`,
        ).toBe(true);
        const left = await execa('pgrep', ['-f', `sleep ${marker}`], { reject: false });
        expect(left.stdout).toBe('');
      }
    },
    LIMIT,
  );
});
