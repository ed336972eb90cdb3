/**
 * The intake: every way a student hands work in becomes a folder to grade (the kit, its exercises/,
 * a kit nested one or two folders down, loose files placed by their exports, a .zip or .tar.gz), or
 * the reason there is nothing to grade; and a hostile archive (a path leaving the folder, a link, a
 * device, a bomb, too many files) is refused whole with its reason, having written nothing.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT } from '../../runner/kit.js';
import { MAX_FILES } from './archive.js';
import { intake, type Intake } from './intake.js';
import { exportNames } from './loose.js';
import { claimSize, makeTarGz, makeZip } from './testing.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-intake-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const SOLUTION = readFileSync(join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'), 'utf8');
const KEEPALIVE = readFileSync(join(KIT, 'solutions', '07-keepalive', 'keepalive.ts'), 'utf8');
let n = 0;

/** Lay out `files` (path → text) under a new folder; returns it. */
function folder(files: Record<string, string | Uint8Array>): string {
  const dir = join(temp, `sub-${++n}`);
  mkdirSync(dir);
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), data);
  }
  return dir;
}

async function take(path: string, label = 'alice'): Promise<Intake> {
  return intake(path, join(temp, `scratch-${++n}`), label);
}

/** The exercise files the intake's folder holds, relative to it. */
const graded = (t: Intake): string[] =>
  t.kind === 'ready'
    ? readdirSync(t.dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => join(d.parentPath, d.name).slice(t.dir.length + 1))
        .sort()
    : [];

describe('intake: what is graded', () => {
  it('a copy of the kit, its exercises/ folder, or the exercise folders themselves', async () => {
    for (const layout of ['exercises/05-time-wait/time-wait.ts', '05-time-wait/time-wait.ts']) {
      const dir = folder({ [layout]: SOLUTION });
      expect(await take(dir)).toEqual({ kind: 'ready', dir, notes: [], shown: [] });
    }
  });

  it('a kit nested one or two folders down, as unzipping leaves it; two kits are not guessed between', async () => {
    const one = folder({ 'tcp-lab-main/exercises/05-time-wait/time-wait.ts': SOLUTION, 'notes.txt': 'hi' });
    expect(await take(one)).toMatchObject({ kind: 'ready', dir: join(one, 'tcp-lab-main') });
    const two = folder({ 'download/tcp-lab-main/exercises/05-time-wait/time-wait.ts': SOLUTION });
    expect(await take(two)).toMatchObject({ kind: 'ready', dir: join(two, 'download', 'tcp-lab-main') });
    const both = folder({
      'a/exercises/05-time-wait/time-wait.ts': SOLUTION,
      'b/exercises/05-time-wait/time-wait.ts': SOLUTION,
    });
    expect(await take(both)).toEqual({
      kind: 'none',
      reason: 'alice: more than one copy of the kit (a, b); hand in one',
    });
  });

  it('loose module files, placed in their exercises by what they export, whatever their names', async () => {
    const dir = folder({
      'my-answer.ts': SOLUTION,
      'ka.ts': KEEPALIVE,
      'helper.ts': 'export const x = 1;\n',
      'README.md': 'mine',
    });
    const t = await take(dir);
    expect(graded(t)).toEqual(['05-time-wait/time-wait.ts', '07-keepalive/keepalive.ts']);
    expect(t).toMatchObject({
      kind: 'ready',
      notes: ['alice: helper.ts: exports nothing an exercise does (x), so it was not graded'],
    });
    if (t.kind === 'ready')
      expect(t.shown.map(([, label]) => label).sort()).toEqual(['alice/ka.ts', 'alice/my-answer.ts']);
  });

  it('of two files for one exercise, the one named as the exercise file; the other is said to be left out', async () => {
    const t = await take(folder({ 'time-wait.ts': SOLUTION, 'time-wait-old.ts': SOLUTION }));
    expect(t.kind === 'ready' && readFileSync(join(t.dir, '05-time-wait', 'time-wait.ts'), 'utf8')).toBe(SOLUTION);
    expect(t).toMatchObject({
      notes: ['alice: time-wait-old.ts: 05-time-wait was graded from time-wait.ts, so time-wait-old.ts was left out'],
    });
  });

  it('one .ts file given on its own', async () => {
    const dir = folder({ 'tw.ts': SOLUTION });
    const t = await take(join(dir, 'tw.ts'), 'tw.ts');
    expect(graded(t)).toEqual(['05-time-wait/time-wait.ts']);
    expect(t.kind === 'ready' && t.shown[0]![1]).toBe('tw.ts');
  });

  it('a .zip or .tar.gz, with the kit inside at any of those places, or loose files; only TypeScript is taken out', async () => {
    const zip = join(folder({}), 'hw.zip');
    writeFileSync(
      zip,
      makeZip({
        'tcp-lab-main/exercises/05-time-wait/time-wait.ts': SOLUTION,
        'tcp-lab-main/package.json': '{}',
        'tcp-lab-main/node_modules/x/index.ts': 'x',
        '__MACOSX/._a.ts': 'x',
      }),
    );
    const z = await take(zip, 'hw.zip');
    expect(graded(z)).toEqual(['exercises/05-time-wait/time-wait.ts']);
    expect(z.kind === 'ready' && z.shown.at(-1)![1]).toBe('hw.zip');
    const tgz = join(folder({}), 'hw.tar.gz');
    writeFileSync(
      tgz,
      makeTarGz([
        { name: 'hw/', type: '5' },
        { name: 'hw/time-wait.ts', data: SOLUTION },
      ]),
    );
    expect(graded(await take(tgz, 'hw.tar.gz'))).toEqual(['05-time-wait/time-wait.ts']);
    // One archive in the student's folder, as a course site's download gives it.
    const wrapped = folder({ 'submission.zip': makeZip({ 'time-wait.ts': SOLUTION }) });
    expect(graded(await take(wrapped))).toEqual(['05-time-wait/time-wait.ts']);
  });

  it('nothing to grade: the reason says what was found', async () => {
    expect(await take(folder({}))).toEqual({
      kind: 'none',
      reason: 'alice: no exercise folders, exercise files or archive found (it is empty)',
    });
    expect(await take(folder({ 'notes.txt': 'x', 'pics/a.png': 'x' }))).toEqual({
      kind: 'none',
      reason: 'alice: no exercise folders, exercise files or archive found (it holds notes.txt, pics/)',
    });
    expect(await take(folder({ 'a.ts': 'export const nothing = 1;\n' }))).toMatchObject({
      kind: 'none',
      reason: 'alice: no exercise folders, and no TypeScript file exports what an exercise does (a.ts)',
    });
    const zip = join(folder({}), 'pics.zip');
    writeFileSync(zip, makeZip({ 'a.png': 'x' }));
    expect(await take(zip, 'pics.zip')).toEqual({
      kind: 'none',
      reason: 'pics.zip: the archive holds no TypeScript file (it holds a.png)',
    });
    expect(await take(join(temp, 'nowhere'), 'nowhere')).toEqual({ kind: 'none', reason: 'nowhere: not found' });
  });

  it('a linked loose file is not followed', async () => {
    const dir = folder({});
    symlinkSync(join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'), join(dir, 'time-wait.ts'));
    const t = await take(dir);
    expect(t.kind).toBe('none');
  });

  it('reads the export names of declarations and export lists, not of comments', () => {
    expect([
      ...exportNames(
        'export const a = 1;\nexport function b() {}\nexport async function c() {}\nexport class D {}\n// export const e = 1\nexport { f, g as h, type I };\n',
      ),
    ]).toEqual(['a', 'b', 'c', 'D', 'f', 'h', 'I']);
  });
});

describe('intake: hostile archives are refused whole, and nothing of them is written', () => {
  const refused = async (name: string, bytes: Uint8Array, why: string | RegExp): Promise<void> => {
    const dir = folder({});
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const scratch = join(temp, `scratch-${++n}`);
    const t = await intake(path, scratch, name);
    expect(t.kind, name).toBe('refused');
    if (t.kind === 'refused') expect(t.reason).toMatch(why);
    expect(
      existsSync(join(scratch, 'unpacked')) ? readdirSync(join(scratch, 'unpacked'), { recursive: true }) : [],
      name,
    ).toEqual([]);
  };

  it('a path that leaves the folder, or an absolute one', async () => {
    await refused(
      'up.zip',
      makeZip({ 'ok.ts': SOLUTION, '../evil.ts': 'x' }),
      'up.zip: refused: ../evil.ts leaves the folder it is unpacked in (..)',
    );
    await refused('deep.zip', makeZip({ 'a/../../evil.ts': 'x' }), /leaves the folder/);
    await refused('abs.zip', makeZip({ '/etc/evil.ts': 'x' }), /is an absolute path/);
    await refused('up.tar.gz', makeTarGz([{ name: '../evil.ts', data: 'x' }]), /leaves the folder/);
  });

  it('a link or a device', async () => {
    await refused(
      'link.zip',
      makeZip({ 'time-wait.ts': { data: '/etc/passwd', mode: 0o120777 } }),
      'link.zip: refused: time-wait.ts is a link; hand in files only',
    );
    await refused('dev.zip', makeZip({ tty: { data: '', mode: 0o020644 } }), /tty is a device or FIFO/);
    await refused(
      'link.tar.gz',
      makeTarGz([{ name: 'time-wait.ts', type: '2', link: '/etc/passwd' }]),
      /time-wait.ts is a link/,
    );
    await refused(
      'hard.tar.gz',
      makeTarGz([{ name: 'time-wait.ts', type: '1', link: 'solutions/05-time-wait/time-wait.ts' }]),
      /time-wait.ts is a link/,
    );
    await refused(
      'dev.tar.gz',
      makeTarGz([
        { name: 'ok.ts', data: SOLUTION },
        { name: 'null', type: '3' },
      ]),
      'dev.tar.gz: refused: null is a device or FIFO, not a file',
    );
    await refused('fifo.tar.gz', makeTarGz([{ name: 'pipe', type: '6' }]), /pipe is a device or FIFO/);
  });

  it('a zip bomb, honest or lying about its size, a gzip bomb, and too many files', async () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    await refused(
      'bomb.zip',
      makeZip({ 'big.ts': zeros }),
      /big.ts unpacks to 20971520 bytes; at most 1000000 are taken from one file/,
    );
    await refused(
      'liar.zip',
      claimSize(makeZip({ 'big.ts': zeros }), 1000),
      /big.ts inflates to more than the 1000 bytes it claims/,
    );
    await refused('bomb.tar.gz', makeTarGz([{ name: 'big.ts', data: zeros }]), /big.ts is 20971520 bytes/);
    const many = Object.fromEntries(Array.from({ length: MAX_FILES + 1 }, (_, i) => [`f${i}.ts`, 'x']));
    await refused('many.zip', makeZip(many), /more than 500 TypeScript files/);
  });

  it('what is not an archive', async () => {
    await refused('not.zip', new TextEncoder().encode('hello'), /not a zip archive/);
    await refused('not.tar.gz', new TextEncoder().encode('hello'), /not gzip data/);
  });
});

describe('intake: the files of a student kit copied in', () => {
  it('grades what is under exercises/ and leaves the rest', async () => {
    const dir = folder({});
    cpSync(join(KIT, 'exercises', '05-time-wait'), join(dir, 'exercises', '05-time-wait'), { recursive: true });
    expect(await take(dir)).toMatchObject({ kind: 'ready', dir });
  });
});
