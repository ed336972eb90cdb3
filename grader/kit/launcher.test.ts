/**
 * The launcher students type, ./tcplab: executable, it finds the kit from any folder and through
 * symlinks, passes arguments and the exit code through, and says what is missing when node is not on
 * PATH. What students read names it, not `npx tcplab`, which is the same command half a second slower.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT } from '../runner/kit.js';
import { kitFiles } from './kit-files.js';

const LAUNCHER = join(KIT, 'tcplab');
const temp = mkdtempSync(join(tmpdir(), 'tcplab-launcher-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('./tcplab', () => {
  it('is executable and valid sh', async () => {
    expect(statSync(LAUNCHER).mode & 0o111).toBe(0o111);
    expect((await execa('sh', ['-n', LAUNCHER], { reject: false })).exitCode).toBe(0);
  });

  it("runs tcplab from another folder, through a chain of relative symlinks, with the command's arguments and exit code", async () => {
    // elsewhere/t -> ../links/tl -> the launcher (relative): each link is resolved from its own folder.
    const links = join(temp, 'links');
    const elsewhere = join(temp, 'elsewhere');
    mkdirSync(links);
    mkdirSync(elsewhere);
    symlinkSync(relative(links, LAUNCHER), join(links, 'tl'));
    symlinkSync(join('..', 'links', 'tl'), join(elsewhere, 't'));
    const trace = await execa(join(elsewhere, 't'), ['trace', 'normal-close', '--json'], {
      cwd: elsewhere,
      reject: false,
    });
    expect(trace.exitCode).toBe(0);
    // RFC 9293 §3.6: the side that closes first (the client here) passes through TIME-WAIT.
    expect(trace.stdout).toContain('"TIME-WAIT"');
    const unknown = await execa(join(elsewhere, 't'), ['trace', 'no-such-scenario'], { cwd: elsewhere, reject: false });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('no-such-scenario');
    // An argument with a space stays one argument.
    const spaced = await execa(LAUNCHER, ['trace', 'two words'], { cwd: temp, reject: false });
    expect(spaced.exitCode).toBe(2);
    expect(spaced.stderr).toContain('two words');
  }, 60_000);

  it('says what is missing when node is not on PATH (exit 127, as a shell does for a missing command)', async () => {
    // A PATH with the tools the script uses but no node.
    const bin = join(temp, 'bin-without-node');
    mkdirSync(bin);
    for (const tool of ['dirname', 'readlink']) {
      const found = (await execa('sh', ['-c', `command -v ${tool}`])).stdout.trim();
      symlinkSync(found, join(bin, tool));
    }
    const r = await execa('/bin/sh', [LAUNCHER, 'catalogue'], { env: { PATH: bin }, extendEnv: false, reject: false });
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toContain('node is not on PATH');
  });
});

describe("what students read names ./tcplab, not npx's slower way", () => {
  // The lessons (and their quizzes), the exercises' READMEs and hints, the student's README, and the
  // messages of the command, the kit and the reports. Left to their owners: grader/engine/'s messages.
  const read = kitFiles().filter(
    (rel) =>
      /^(lessons\/|exercises\/|grader\/(cli|kit|report)\/|grader\/instructor\/student-README\.md$)/.test(rel) &&
      /\.(md|ya?ml|ts)$/.test(rel) &&
      !rel.endsWith('.test.ts') &&
      // The lessons' command finder, which takes npx on purpose.
      rel !== 'grader/kit/lessons.ts',
  );

  it('covers the lessons, exercises, student README and the command', () => {
    for (const rel of [
      'lessons/en/05-time-wait.md',
      'lessons/zh-CN/05-time-wait.quiz.yaml',
      'exercises/05-time-wait/README.md',
      'exercises/05-time-wait/hints.en.md',
      'grader/instructor/student-README.md',
      'grader/cli/commands/start.ts',
      'grader/kit/workflow.ts',
    ])
      expect(read, rel).toContain(rel);
  });

  it('has npx tcplab only where it says it is the same command', () => {
    const found = read.flatMap((rel) =>
      readFileSync(join(KIT, rel), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${rel}:${i + 1}`, line }))
        .filter(({ line }) => line.includes('npx tcplab') && !line.includes('is the same command')),
    );
    expect(found.map((f) => `${f.where}: ${f.line.trim()}`)).toEqual([]);
  });
});
