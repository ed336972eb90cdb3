/**
 * `tcplab watch`: checks at start, then again when the exercise file is saved, and stops when told;
 * a save that breaks the file is reported and watching goes on.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { KIT } from '../runner/kit.js';
import { linkKitParts, processesIn } from './testing.js';
import { runWatch } from './actions/watch.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-watch-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const REFERENCE = readFileSync(join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'), 'utf8');
const LOOPING = REFERENCE.replace("ctx.setTimer('time-wait', 2 * ctx.config.mslMs);", 'for (;;) { /* stuck */ }');
const BUGGY = REFERENCE.replace(
  "ctx.setTimer('time-wait', 2 * ctx.config.mslMs);",
  "ctx.setTimer('time-wait', ctx.config.mslMs);",
);

/** Resolves with the first output that passes `test`, polling what has been printed. */
async function until(outputs: string[], test: (text: string) => boolean, ms = 30_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const found = outputs.find(test);
    if (found) return found;
    if (Date.now() > end) throw new Error(`not printed within ${ms} ms; printed:\n${outputs.join('\n---\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A student's kit with exercise 05's module holding `source`. */
function kitWith(source: string): { root: string; file: string } {
  const root = mkdtempSync(join(temp, 'kit-'));
  const folder = join(root, 'exercises', '05-time-wait');
  mkdirSync(folder, { recursive: true });
  cpSync(join(KIT, 'exercises', '05-time-wait', 'hints.en.md'), join(folder, 'hints.en.md'));
  const file = join(folder, 'time-wait.ts');
  writeFileSync(file, source);
  return { root, file };
}

describe('tcplab watch', () => {
  it('checks at start and again on each save, until stopped', async () => {
    const { root, file } = kitWith(BUGGY);
    const outputs: string[] = [];
    const stop = new AbortController();
    const watching = runWatch('05', (t) => outputs.push(stripVTControlCharacters(t)), { root, signal: stop.signal });

    const first = await until(outputs, (t) => t.includes('checked at start'));
    expect(first).toMatch(/05-time-wait\s+[\d.]+\/\d+\s+failed/);

    writeFileSync(file, `${REFERENCE.split('\n').slice(0, 10).join('\n')}\nexport const broken = ;\n`);
    const broken = await until(
      outputs,
      (t) => t.includes('changed: exercises/05-time-wait/time-wait.ts') && /05-time-wait\s+0\/\d+\s+error/.test(t),
    );
    expect(broken).toContain('time-wait.ts');

    writeFileSync(file, REFERENCE);
    await until(outputs, (t) => t.includes('changed:') && /05-time-wait\s+(\d+)\/\1\s+passed/.test(t));

    stop.abort();
    expect(await watching).toBe(0);
  }, 150_000); // above the three 30 s waits, so a slow check fails with what was printed

  it('drops a check that a newer save made stale: its report is never shown, and stopping does not wait for it', async () => {
    const { root, file } = kitWith(LOOPING);
    const outputs: string[] = [];
    const started: string[] = [];
    const stop = new AbortController();
    const watching = runWatch('05', (t) => outputs.push(stripVTControlCharacters(t)), {
      root,
      signal: stop.signal,
      onCheck: (why) => started.push(why),
    });

    // The endless loop keeps the first check busy for its time limits; the fix is saved meanwhile.
    await until(started, (why) => why === 'checked at start');
    writeFileSync(file, REFERENCE);
    await until(outputs, (t) => t.includes('changed:') && /05-time-wait\s+(\d+)\/\1\s+passed/.test(t));
    expect(outputs.filter((t) => t.includes('checked at start'))).toEqual([]);

    // Saved again with the loop, and stopped while that check runs: it ends without its report.
    writeFileSync(file, LOOPING);
    await until(started, (why) => why.startsWith('changed:') && started.length >= 3);
    stop.abort();
    expect(await watching).toBe(0);
    expect(outputs.filter((t) => /05-time-wait\s+[\d.]+\/\d+\s+failed/.test(t))).toEqual([]);
  }, 150_000);

  it("runs the crawler's tests too, and again when crawler.ts is saved", async () => {
    const root = mkdtempSync(join(temp, 'kit-'));
    linkKitParts(root);
    const folder = join(root, 'exercises', '05-time-wait');
    mkdirSync(folder, { recursive: true });
    cpSync(join(KIT, 'exercises', '05-time-wait'), folder, { recursive: true });
    writeFileSync(join(folder, 'time-wait.ts'), REFERENCE);
    const crawler = join(folder, 'crawler.ts');
    writeFileSync(crawler, readFileSync(join(KIT, 'solutions', '05-time-wait', 'crawler.ts'), 'utf8'));
    const outputs: string[] = [];
    const stop = new AbortController();
    const watching = runWatch('05', (t) => outputs.push(stripVTControlCharacters(t)), { root, signal: stop.signal });

    await until(
      outputs,
      (t) => t.includes('checked at start') && /05-time-wait\s+done: all \d+ tests pass/.test(t),
      60_000,
    );
    // The crawler that closes every connection itself: TIME-WAIT piles up on the crawler's host.
    writeFileSync(crawler, readFileSync(join(KIT, 'exercises', '05-time-wait', 'crawler.ts'), 'utf8'));
    await until(
      outputs,
      (t) =>
        t.includes('changed: exercises/05-time-wait/crawler.ts') &&
        /05-time-wait\s+.*\d+ of \d+ tests (fail|pass on the starting code)/.test(t),
      60_000,
    );
    stop.abort();
    expect(await watching).toBe(0);
  }, 150_000);

  it('ends everything it started on Ctrl+C, pressed twice at once, while a looping crawler is tested', async () => {
    const root = mkdtempSync(join(temp, 'kit-'));
    linkKitParts(root);
    const folder = join(root, 'exercises', '05-time-wait');
    mkdirSync(folder, { recursive: true });
    cpSync(join(KIT, 'exercises', '05-time-wait'), folder, { recursive: true });
    writeFileSync(join(folder, 'time-wait.ts'), REFERENCE);
    const crawler = readFileSync(join(KIT, 'solutions', '05-time-wait', 'crawler.ts'), 'utf8');
    writeFileSync(
      join(folder, 'crawler.ts'),
      crawler.replace(
        'const pages = new Map<string, string>();',
        'const pages = new Map<string, string>();\n  for (;;) { /* stuck */ }',
      ),
    );
    const child = execa(process.execPath, [join(KIT, 'grader', 'cli', 'bin.js'), 'watch', '05'], {
      cwd: root,
      reject: false,
      env: { CI: 'true' },
    });
    // The check reaches the crawler's tests: vitest starts, and its worker enters the loop.
    for (
      const deadline = Date.now() + 60_000;
      Date.now() < deadline && !processesIn(root).some((l) => l.includes('vitest'));
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(processesIn(root).some((l) => l.includes('vitest'))).toBe(true);
    child.kill('SIGINT');
    child.kill('SIGINT');
    await child;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(processesIn(root)).toEqual([]);
  }, 150_000);
});
