/**
 * The sandbox as the CLI and the grader use it: the permission flag for each Node, `tcplab grade` in the
 * sandbox unless told `--no-sandbox`, `tcplab check` in-process, one child per exercise kept across
 * runs, and nothing left running after `close()`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli/capture.js';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../engine/catalogue.js';
import { scenarioReplay } from '../conformance/scenario-checks.js';
import { modules as reference } from '../../solutions/modules.js';
import type { Job } from './jobs.js';
import { permissionFlag, prestart, sandboxExecutor, sandboxIsolation } from './sandbox.js';
import { inspect } from './inspect/index.js';
import { cleanup, KIT, prepare } from './submission.js';
import { processesWith } from './testing.js';

const cli = runCli;

/** A scenario job: the client side of normal-close, as the reference played it. */
const normalClose: Job = {
  kind: 'replay',
  id: 'normal-close',
  exercise: '05-time-wait',
  replay: scenarioReplay(reference, { scenario: 'normal-close', side: 'client', seed: 1 }),
};

describe('the sandbox', () => {
  it('uses --experimental-permission before Node 22.13 and 23.5, --permission from then on', () => {
    expect(permissionFlag('20.20.2')).toBe('--experimental-permission');
    expect(permissionFlag('22.12.0')).toBe('--experimental-permission');
    expect(permissionFlag('22.13.0')).toBe('--permission');
    expect(permissionFlag('23.4.0')).toBe('--experimental-permission');
    expect(permissionFlag('23.5.0')).toBe('--permission');
    expect(permissionFlag('24.0.0')).toBe('--permission');
  });

  it('tcplab grade runs the code in the sandbox, --no-sandbox in-process; tcplab check in the sandbox', async () => {
    const args = ['grade', join(KIT, 'solutions'), '--exercise', '05', '--format', 'json'];
    const sandboxed = await cli(...args);
    expect(sandboxed.code).toBe(0);
    // The reference earns every point of 05 (one per graded transition of the catalogue) either way.
    const graded = CATALOGUE.filter((e) => e.exercise === '05-time-wait' && !e.provided).length;
    expect(JSON.parse(sandboxed.out)).toMatchObject({
      isolation: await sandboxIsolation(),
      score: graded,
      maxScore: graded,
    });
    const trusted = await cli(...args, '--no-sandbox');
    expect(JSON.parse(trusted.out)).toMatchObject({ isolation: 'none', score: graded });
    // A student's own checks run in child processes too, for their time limits.
    const check = await cli('check', '05', '--json');
    expect(JSON.parse(check.out)).toMatchObject({ isolation: await sandboxIsolation() });
  }, 60_000);

  it('hidden grading outside the namespaces warns on stderr', async () => {
    const { code, err } = await cli(
      'grade',
      join(KIT, 'solutions'),
      '--exercise',
      '05',
      '--hidden',
      '--no-sandbox',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(err).toContain("WARNING: hidden grading with isolation 'none'");
  }, 60_000);

  it.runIf(process.platform === 'linux')(
    'starts a child before the static verdict with nothing of the submission in reach, and uses it once the verdict comes',
    async () => {
      const prepared = prepare(join(KIT, 'solutions'), '05-time-wait');
      try {
        const release = prestart(prepared);
        for (let waited = 0; processesWith(prepared.workDir) === 0 && waited < 10_000; waited += 50)
          await new Promise((r) => setTimeout(r, 50));
        const spare = processesWith(prepared.workDir);
        expect(spare).toBeGreaterThan(0);
        // No copy of the code exists yet, let alone a bundle a child could load.
        expect(readdirSync(prepared.workDir).filter((n) => n === '05-time-wait')).toEqual([]);
        const inspection = inspect(prepared);
        await inspection.checked;
        expect(await inspection.types).toEqual([]);
        const executor = sandboxExecutor(prepared, new Map([['05-time-wait', undefined]]));
        const [result] = await executor.run([normalClose]);
        expect(result?.kind).toBe('replay');
        // The spare did the work: no other child was started.
        expect(processesWith(prepared.workDir)).toBe(spare);
        await executor.close();
        await release();
        expect(processesWith(prepared.workDir)).toBe(0);
      } finally {
        cleanup(prepared);
      }
    },
    60_000,
  );

  it.runIf(process.platform === 'linux')(
    'keeps one child per exercise across runs, and leaves nothing running after close()',
    async () => {
      {
        const prepared = prepare(join(KIT, 'solutions'), '05-time-wait');
        try {
          const inspection = inspect(prepared);
          await inspection.checked;
          expect(await inspection.types).toEqual([]);
          const executor = sandboxExecutor(prepared, new Map([['05-time-wait', undefined]]));
          const [first] = await executor.run([normalClose]);
          const running = processesWith(prepared.workDir);
          expect(running).toBeGreaterThan(0);
          const [second] = await executor.run([normalClose]);
          expect(second).toEqual(first);
          expect(first?.kind).toBe('replay');
          expect(processesWith(prepared.workDir)).toBe(running);
          await executor.close();
          expect(processesWith(prepared.workDir)).toBe(0);
        } finally {
          cleanup(prepared);
        }
      }
    },
    60_000,
  );
});
