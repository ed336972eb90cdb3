/**
 * `tcplab hint EXERCISE`: the next level of the hint for the first transition the public checks
 * fail, one level further each time (remembered beside the student's exercises), back to the first
 * with --reset; the problem to fix first when the exercise cannot be checked; nothing when all pass.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT } from '../runner/kit.js';
import { linkKitParts } from './testing.js';
import { runCli } from './capture.js';
import { runHint } from './actions/hint.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-hint-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const REFERENCE = readFileSync(join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'), 'utf8');

/** A student's kit holding exercise 05 with `code` in it (and `crawler` with its tests, if given); the hint run there. */
function studentWith(code: string, crawler?: string): ((reset?: boolean) => Promise<string>) & { file: string } {
  const root = mkdtempSync(join(temp, 'kit-'));
  const folder = join(root, 'exercises', '05-time-wait');
  mkdirSync(folder, { recursive: true });
  for (const file of ['hints.en.md', 'hints.zh-CN.md'])
    cpSync(join(KIT, 'exercises', '05-time-wait', file), join(folder, file));
  writeFileSync(join(folder, 'time-wait.ts'), code);
  if (crawler !== undefined) {
    linkKitParts(root);
    cpSync(join(KIT, 'exercises', '05-time-wait', 'crawler.test.ts'), join(folder, 'crawler.test.ts'));
    writeFileSync(join(folder, 'crawler.ts'), crawler);
  }
  const run = async (reset?: boolean): Promise<string> => {
    const lines: string[] = [];
    // Colours come and go with the terminal (and CI); the words are what is checked.
    expect(
      await runHint('05', { lang: 'en', root, ...(reset ? { reset } : {}) }, (t) =>
        lines.push(stripVTControlCharacters(t)),
      ),
    ).toBe(0);
    return lines.join('\n');
  };
  return Object.assign(run, { file: join(folder, 'time-wait.ts') });
}

describe('tcplab hint', () => {
  it('gives the next level for the first failing transition each time, and starts again with --reset', async () => {
    // The restarted 2 MSL timer runs for one MSL only.
    const hint = studentWith(
      REFERENCE.replace(
        "ctx.setTimer('time-wait', 2 * ctx.config.mslMs);",
        "ctx.setTimer('time-wait', ctx.config.mslMs);",
      ),
    );
    const first = await hint();
    expect(first).toMatch(/^TIME-WAIT --rcv FIN--> TIME-WAIT \(fails \d+ of its \d+ public checks\)/);
    expect(first).toContain('Hint 1 of 3');
    expect(await hint()).toContain('Hint 2 of 3');
    const last = await hint();
    expect(last).toContain('Hint 3 of 3');
    expect(last).toContain('Lesson: lessons/en/05-time-wait.md#');
    expect(await hint()).toContain('Hint 3 of 3');
    expect(await hint(true)).toContain('Hint 1 of 3');
  }, 60_000);

  it('starts again from the first level once a transition read about before any code is being attempted', async () => {
    const root = mkdtempSync(join(temp, 'kit-'));
    const folder = join(root, 'exercises', '05-time-wait');
    mkdirSync(folder, { recursive: true });
    cpSync(join(KIT, 'exercises', '05-time-wait', 'hints.en.md'), join(folder, 'hints.en.md'));
    cpSync(join(KIT, 'exercises', '05-time-wait', 'time-wait.ts'), join(folder, 'time-wait.ts'));
    const run = async (): Promise<string> => {
      const lines: string[] = [];
      await runHint('05', { lang: 'en', root }, (t) => lines.push(stripVTControlCharacters(t)));
      return lines.join('\n');
    };
    expect(await run()).toMatch(/not started yet[\s\S]*Hint 1 of 3/);
    expect(await run()).toContain('Hint 2 of 3');
    writeFileSync(
      join(folder, 'time-wait.ts'),
      REFERENCE.replace(
        "ctx.setTimer('time-wait', 2 * ctx.config.mslMs);",
        "ctx.setTimer('time-wait', ctx.config.mslMs);",
      ),
    );
    expect(await run()).toMatch(/fails \d+ of its \d+ public checks\)[\s\S]*Hint 1 of 3/);
  }, 60_000);

  it('speaks Chinese with --lang zh-CN, hints and its own words, with no space where a line was wrapped', async () => {
    const root = mkdtempSync(join(temp, 'kit-'));
    const folder = join(root, 'exercises', '05-time-wait');
    mkdirSync(folder, { recursive: true });
    cpSync(join(KIT, 'exercises', '05-time-wait', 'hints.zh-CN.md'), join(folder, 'hints.zh-CN.md'));
    cpSync(join(KIT, 'exercises', '05-time-wait', 'time-wait.ts'), join(folder, 'time-wait.ts'));
    const lines: string[] = [];
    await runHint('05', { lang: 'zh-CN', root }, (t) => lines.push(stripVTControlCharacters(t)));
    expect(lines[0]).toContain('（尚未开始）'.slice(1, -1));
    expect(lines[1]).toMatch(/^提示 1\/\d+: /);
    expect(lines[1]).not.toMatch(/[\u4e00-\u9fff，。] [\u4e00-\u9fff]/);
  }, 60_000);

  it('says what to fix first when the exercise cannot be checked', async () => {
    const out = await studentWith(REFERENCE.replace('export const checkAck', 'export const checkAk'))();
    expect(out).toContain('cannot be checked yet');
    expect(out).toContain('missing exports: checkAck');
  }, 60_000);

  it("has nothing to add when every public check and the crawler's tests pass", async () => {
    const out = await studentWith(
      REFERENCE,
      readFileSync(join(KIT, 'solutions', '05-time-wait', 'crawler.ts'), 'utf8'),
    )();
    expect(out).toContain('Every public check of 05-time-wait passes: no hint needed');
  }, 60_000);

  it('turns to the crawler once the module passes: its failing tests, then what to read', async () => {
    const out = await studentWith(
      REFERENCE,
      readFileSync(join(KIT, 'exercises', '05-time-wait', 'crawler.ts'), 'utf8'),
    )();
    expect(out).toContain(
      'Every public check of 05-time-wait passes, but its application, crawler.ts, does not pass its tests yet:',
    );
    expect(out).toMatch(/\d+ of \d+ tests (fail|pass on the starting code)/);
    expect(out).not.toContain('no hint needed');
  }, 60_000);

  it('starts again from the first level when the same transition fails in a new way', async () => {
    const shortTimer = REFERENCE.replace(
      "ctx.setTimer('time-wait', 2 * ctx.config.mslMs);",
      "ctx.setTimer('time-wait', ctx.config.mslMs);",
    );
    const hint = studentWith(shortTimer);
    expect(await hint()).toContain('Hint 1 of 3');
    expect(await hint()).toContain('Hint 2 of 3');
    // The same file, now with another bug on the same transition: the timer is right, the ACK is not.
    const other = REFERENCE.replace(
      "ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt, ctl: 'ACK' });\n  ctx.setTimer('time-wait'",
      "ctx.send({ seq: tcb.snd.nxt, ack: tcb.rcv.nxt + 1, ctl: 'ACK' });\n  ctx.setTimer('time-wait'",
    );
    expect(other).not.toBe(REFERENCE);
    writeFileSync(hint.file, other);
    const again = await hint();
    expect(again).toMatch(/^TIME-WAIT --rcv FIN--> TIME-WAIT/);
    expect(again).toContain('Hint 1 of 3');
  }, 60_000);

  it('for 06, application code with no hints file, names what it has instead: every path it prints exists', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const lines: string[] = [];
      expect(await runHint('06', { lang, root: KIT }, (t) => lines.push(stripVTControlCharacters(t)))).toBe(0);
      const text = lines.join('\n');
      expect(text).not.toMatch(/hints\.(en|zh-CN)\.md/);
      const paths = [...text.matchAll(/(?:exercises|lessons)\/[\w./-]+\.(?:md|ts)/g)].map((m) => m[0]);
      expect(paths).toEqual(
        expect.arrayContaining([
          'exercises/06-close-wait/README.md',
          'exercises/06-close-wait/server.test.ts',
          `lessons/${lang}/06-close-wait.md`,
        ]),
      );
      for (const path of paths) expect(existsSync(join(KIT, path)), path).toBe(true);
      expect(text).toContain('npm run test:exercises -- 06');
    }
  });

  it('refuses an exercise that does not exist (exit 2)', async () => {
    const { code, err } = await runCli('hint', '42');
    expect(code).toBe(2);
    expect(err).toContain("no exercise '42'");
  });
});
