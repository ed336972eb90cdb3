/**
 * `tcplab export-student`: the student's kit holds no reference source, no hidden script and no
 * generator, yet typechecks, checks exercises with the recorded packs (a stub is not started, the
 * reference passes), and refuses what it cannot do with a reason.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT } from '../runner/kit.js';
import { ExportError, exportStudent, LEFT_OUT } from './export-student.js';
import { scratch } from '../kit/kit-files.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-export-test-'));
const out = join(temp, 'student-kit');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** `tcplab ARGS` run in the student's kit. */
const tcplab = (...args: string[]) =>
  execa(process.execPath, [join(out, 'grader', 'cli', 'bin.js'), ...args], {
    cwd: out,
    reject: false,
    env: { NO_COLOR: '1' },
  });
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));

describe('export-student', () => {
  beforeAll(async () => {
    await exportStudent(out);
    // The packages of the kit itself, instead of an install.
    symlinkSync(join(KIT, 'node_modules'), join(out, 'node_modules'), 'dir');
  }, 60_000);

  it('leaves out the reference source, the hidden scripts and the generator', () => {
    const all = files(out).filter((f) => !f.startsWith(join(out, 'node_modules')));
    expect(all.filter((f) => f.endsWith('.pkt'))).toEqual([]);
    expect(
      all.filter((f) => f.startsWith(join(out, 'solutions')) && f.endsWith('.ts') && !f.endsWith('.d.ts')),
    ).toEqual([]);
    for (const { path } of LEFT_OUT.filter((l) => l.path !== 'README.md' && l.path !== 'solutions'))
      expect(existsSync(join(out, path)), path).toBe(false);
    expect(all.filter((f) => f.startsWith(join(out, 'grader')) && f.endsWith('.test.ts'))).toEqual([]);
    // The reference runs as one minified module: no comment of its source survives.
    const reference = readFileSync(join(out, 'solutions', 'modules.js'), 'utf8');
    expect(reference).not.toContain('RFC');
    expect(reference).not.toMatch(/\n.*\n/);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain("instructor's copy of the kit");
    expect(readFileSync(join(out, 'exercises', 'README.md'), 'utf8')).not.toContain('sync-exercises');
    const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['test']).toBe('tsx grader/kit/test-exercises.ts');
    // What students work with is all there.
    for (const path of [
      'lessons/en',
      'lessons/zh-CN',
      'exercises/05-time-wait/checks.json',
      'exercises/05-time-wait/hints.en.md',
      'solutions/05-time-wait/time-wait.d.ts',
    ])
      expect(existsSync(join(out, path)), path).toBe(true);
  });

  it('typechecks as it stands (nothing in it imports what was left out)', async () => {
    const tsc = await execa(
      process.execPath,
      [join(KIT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', join(out, 'tsconfig.json')],
      { reject: false },
    );
    expect(tsc.stdout).toBe('');
    expect(tsc.exitCode).toBe(0);
  }, 60_000);

  it('checks an exercise with the recorded packs: the stub is not started, the reference passes', async () => {
    const before = await tcplab('check', '05', '--json');
    expect(before.exitCode).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({
      score: 0,
      exercises: [{ id: '05-time-wait', status: 'not-started' }],
      errors: [],
    });
    cpSync(
      join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'),
      join(out, 'exercises', '05-time-wait', 'time-wait.ts'),
    );
    const after = await tcplab('check', '05', '--json');
    expect(JSON.parse(after.stdout)).toMatchObject({
      score: 6,
      maxScore: 6,
      exercises: [{ id: '05-time-wait', status: 'passed' }],
      errors: [],
    });
  }, 60_000);

  it('runs the reference for `tcplab trace`', async () => {
    const trace = await tcplab('trace', 'normal-close');
    expect(trace.exitCode).toBe(0);
    expect(trace.stdout).toContain('TIME-WAIT');
  }, 60_000);

  it('ships the launchers: ./tcplab, executable, runs from any folder and through a symlink; tcplab.cmd for Windows', async () => {
    const launcher = join(out, 'tcplab');
    // Owner, group and others may all run it, as git records an executable file (mode 100755).
    expect(statSync(launcher).mode & 0o111).toBe(0o111);
    const help = await execa(launcher, ['--help'], { cwd: out, reject: false, env: { NO_COLOR: '1' } });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: tcplab');
    expect(help.stdout).toContain('check [options] [exercise]');
    // From another folder, through a link in it: the launcher finds the kit, not the link's folder.
    const elsewhere = join(temp, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(launcher, join(elsewhere, 'tl'));
    const linked = await execa(join(elsewhere, 'tl'), ['catalogue'], { cwd: elsewhere, reject: false });
    expect(linked.exitCode).toBe(0);
    expect(linked.stdout).toContain('TIME-WAIT --rcv FIN--> TIME-WAIT');
    // Its exit code is the command's: a usage error is 2.
    expect((await execa(launcher, ['nope'], { cwd: out, reject: false })).exitCode).toBe(2);
    const cmd = readFileSync(join(out, 'tcplab.cmd'), 'utf8');
    expect(cmd).toContain('node "%~dp0grader\\cli\\bin.js" %*');
    // cmd.exe reads a batch file by CRLF lines.
    expect(cmd.split('\r\n').at(-1)).toBe('');
    expect(cmd.replaceAll('\r\n', '')).not.toContain('\n');
  }, 60_000);

  it("leaves the instructor's commands out of its help", async () => {
    const help = await tcplab('--help');
    expect(help.stdout).toContain('check [options] [exercise]');
    for (const name of ['grade [options]', 'grade-all', 'export-student', 'gradescope-bundle'])
      expect(help.stdout).not.toContain(name);
  }, 60_000);

  it('test:exercises is tcplab check: an exercise file that does not parse is an error at its file and line', async () => {
    const file = join(out, 'exercises', '01-sequence-numbers', 'sequence-numbers.ts');
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('export function segmentLength'));
    expect(at).toBeGreaterThan(0);
    lines.splice(at + 1, 0, '  )');
    writeFileSync(file, lines.join('\n'));
    try {
      const run = await execa(
        process.execPath,
        [join(KIT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join('grader', 'kit', 'test-exercises.ts'), '01'],
        { cwd: out, reject: false, env: { NO_COLOR: '1', CI: '' } },
      );
      const check = await tcplab('check', '01');
      expect(run.stdout).toMatch(/01-sequence-numbers\s+0\/54\s+error/);
      expect(run.stdout).toMatch(
        new RegExp(`static: exercises/01-sequence-numbers/sequence-numbers\\.ts:${at + 2}:\\d+ `),
      );
      // One verdict: the same words as tcplab check.
      expect(run.stdout).toBe(check.stdout);
    } finally {
      writeFileSync(file, text);
    }
  }, 90_000);

  it('refuses grading and exporting again, saying why (exit 2)', async () => {
    const grade = await tcplab('grade', 'exercises');
    expect(grade.exitCode).toBe(2);
    expect(grade.stderr).toContain('a student kit');
    const again = await tcplab('export-student', join(temp, 'again'));
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("export-student needs the instructor's kit");
  }, 60_000);

  it('never takes build products, logs, scratch folders or dotfiles from the kit (an autograder zip holds the hidden checks)', () => {
    for (const rel of [
      'autograder.zip',
      'grader/old.zip',
      'grade.log',
      '.env',
      'exercises/.env.local',
      'tmp',
      'release.tgz',
      'x.json.123.partial',
      'node_modules',
      '.git',
      '.tcplab',
      'coverage',
    ])
      expect(scratch(rel), rel).toBe(true);
    for (const rel of [
      '.gitignore',
      'package.json',
      'exercises/05-time-wait/checks.json',
      'grader/cli/bin.js',
      'lessons/en/01-sequence-numbers.md',
    ])
      expect(scratch(rel), rel).toBe(false);
  });

  it('refuses a folder inside the kit, or one that is not empty', async () => {
    await expect(exportStudent(join(KIT, 'student'))).rejects.toThrow(ExportError);
    const full = join(temp, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'notes.txt'), 'mine');
    await expect(exportStudent(full)).rejects.toThrow('not empty');
    expect(readFileSync(join(full, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
