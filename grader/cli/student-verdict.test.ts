/**
 * A student's commands as a student runs them, in a copy of the kit: `tcplab check`, `status`, `hint`
 * and `npm run test:exercises` give one verdict for the same code (they run the same checks through
 * the same judge), and none of them hangs on an endless loop or outlives Ctrl+C.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../report/model.js';
import { KIT } from '../runner/kit.js';
import { processesWith } from '../runner/testing.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-student-'));
const kit = join(temp, 'kit');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const tcplab = (...args: string[]) =>
  execa(process.execPath, [join(kit, 'grader', 'cli', 'bin.js'), ...args], {
    cwd: kit,
    reject: false,
    env: { NO_COLOR: '1', CI: 'true' },
  });
const testExercises = (...args: string[]) =>
  execa(
    process.execPath,
    [join(KIT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join('grader', 'kit', 'test-exercises.ts'), ...args],
    { cwd: kit, reject: false, env: { NO_COLOR: '1', CI: 'true' } },
  );

/** Put the reference's module for `exercise` in the student's exercises/, changed by `change`. */
function handIn(exercise: string, file: string, change: (text: string) => string): void {
  const text = readFileSync(join(KIT, 'solutions', exercise, file), 'utf8');
  const changed = change(text);
  expect(changed).not.toBe(text);
  writeFileSync(join(kit, 'exercises', exercise, file), changed);
}

const LOOP = (text: string): string =>
  text.replace(
    /(export const listenCheckSyn: SegmentStep = \([^)]*\) => \{\n)/,
    '$1  while (ctx.now >= 0) { /* spin */ }\n',
  );

beforeAll(() => {
  cpSync(KIT, kit, { recursive: true, filter: (src) => !/[\\/](node_modules|\.git|\.tcplab)$/.test(src) });
  symlinkSync(join(KIT, 'node_modules'), join(kit, 'node_modules'), 'dir');
});

describe("a student's commands", () => {
  it('give one verdict: check, status, hint and test:exercises name the same score and the same failing rule', async () => {
    // A one-line bug: TIME-WAIT kept for one MSL instead of two.
    handIn('05-time-wait', 'time-wait.ts', (t) => t.replace(/2 \* ctx\.config\.mslMs/g, 'ctx.config.mslMs'));
    const check = await tcplab('check', '05', '--json');
    const report = JSON.parse(check.stdout) as Report;
    const failing = report.transitions.filter((t) => t.status === 'failed').map((t) => t.id);
    expect(failing.length).toBeGreaterThan(0);
    const score = `${report.exercises[0]!.score}/${report.exercises[0]!.maxScore}`;
    const status = await tcplab('status');
    expect(status.stdout).toMatch(new RegExp(`05-time-wait\\s+${score.replace('.', '\\.')}\\s+failed`));
    const hint = await tcplab('hint', '05');
    expect(hint.stdout.split('\n')[0]).toContain(failing[0]);
    const table = await tcplab('check', '05');
    const tests = await testExercises('05');
    expect(tests.stdout).toContain(table.stdout);
  }, 180_000);

  it('an endless loop in a handler: check, status and test:exercises finish, charging it to the rule that loops', async () => {
    handIn('02-three-way-handshake', 'three-way-handshake.ts', LOOP);
    const started = performance.now();
    const check = await tcplab('check', '02', '--json');
    expect(check.exitCode).toBe(0);
    const report = JSON.parse(check.stdout) as Report;
    const loops = report.transitions.find((t) => t.id === 'LISTEN --rcv SYN--> SYN-RECEIVED')!;
    expect(loops.status).toBe('failed');
    expect(loops.failures[0]?.actual).toMatch(
      /^timeout: your code ran longer than .*; it was running listenCheckSyn; the sandbox stopped it \[listenCheckSyn is at \S*three-way-handshake\.ts:\d+\]$/,
    );
    // Nothing else is blamed for it: every other rule of the exercise passes or was never reached.
    for (const t of report.transitions.filter((x) => x.exercise === '02-three-way-handshake' && x.id !== loops.id))
      expect(t.status, t.id).not.toBe('failed');
    const status = await tcplab('status');
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/02-three-way-handshake\s+\S+\s+failed/);
    const tests = await testExercises('02');
    expect(tests.stdout).toContain('LISTEN --rcv SYN--> SYN-RECEIVED');
    // A test run that fails says so with its exit code.
    expect(tests.exitCode).toBe(1);
    // Generous for a busy machine; without the limits this never ends.
    expect(performance.now() - started).toBeLessThan(120_000);
  }, 180_000);

  it.runIf(process.platform === 'linux')(
    'Ctrl+C ends check at once and leaves no process behind',
    async () => {
      handIn('02-three-way-handshake', 'three-way-handshake.ts', LOOP);
      const run = tcplab('check', '02');
      // Wait until children run the looping code.
      const children = `-${run.pid ?? 0}/tcplab-child.mjs`;
      for (let waited = 0; processesWith(children) === 0 && waited < 20_000; waited += 100)
        await new Promise((r) => setTimeout(r, 100));
      expect(processesWith(children)).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 1_500));
      const sent = performance.now();
      run.kill('SIGINT');
      const result = await run;
      expect(performance.now() - sent).toBeLessThan(5_000);
      expect(result.exitCode).toBe(130);
      // No report of a grade that did not finish, and nothing left behind.
      expect(result.stderr).toContain('tcplab: interrupted');
      expect(result.stdout).not.toContain('score');
      await new Promise((r) => setTimeout(r, 500));
      expect(processesWith(children)).toBe(0);
      expect(
        existsSync(join(tmpdir(), readdirSync(tmpdir()).find((n) => n.endsWith(`-${run.pid ?? 0}`)) ?? 'none')),
      ).toBe(false);
    },
    60_000,
  );
});
