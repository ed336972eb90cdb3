/**
 * What the bad-input tests share (one file per command family beside this one): files and folders
 * of every bad kind in a scratch folder, a copy of the kit whose packs and hints can be damaged,
 * argument slots with their good and bad values, and the run of one case as `tcplab` in a child
 * process. Each case must exit 2 within seconds, name its one bad input on stderr, print no stack,
 * and leave an existing output file as it was.
 */
import { execFileSync } from 'node:child_process';
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
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT } from '../../runner/kit.js';
import { shown } from '../input-file.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-bad-input-'));
/** A path in this test file's scratch folder. */
export const at = (...parts: string[]): string => join(temp, ...parts);

/** A report from an earlier run: every run that fails must leave it as it is. */
export const KEEP = at('keep.txt');
const KEEP_TEXT = 'the report of an earlier run\n';
const mkfifo = (path: string): void => void execFileSync('mkfifo', [path]);

/** What a planted file (a pack, a hints file) is made into for one run. */
export type Kind = 'missing' | 'empty' | 'folder' | 'fifo' | 'device' | 'truncated' | 'null' | 'object' | 'wrong';
export const PACK_KINDS: readonly Kind[] = [
  'missing',
  'empty',
  'folder',
  'fifo',
  'device',
  'truncated',
  'null',
  'object',
  'wrong',
];
const TEXT: Partial<Record<Kind, string>> = {
  empty: '',
  truncated: '{"schema":"tcplab.pack/1","exercise":"07-keep',
  null: 'null',
  object: '{}',
  wrong: '{"schema":"tcplab.pack/1","exercise":"07-keepalive","checks":{"id":5},"scenarios":[]}',
};

function plant(path: string, kind: Kind): void {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(dirname(path), { recursive: true });
  if (kind === 'folder') mkdirSync(path);
  else if (kind === 'fifo') mkfifo(path);
  else if (kind === 'device') symlinkSync('/dev/zero', path);
  else if (kind !== 'missing') writeFileSync(path, TEXT[kind]!);
}

/** A copy of the kit whose packs and hints can be damaged without touching the real one. */
export const SCRATCH = at('kit');
export const PACK = join(SCRATCH, 'exercises', '07-keepalive', 'checks.json');
export const HINTS = join(SCRATCH, 'exercises', '07-keepalive', 'hints.en.md');
export const HINT_RECORD = join(SCRATCH, '.tcplab', 'hints.json');

/** Rubrics of every bad kind. */
export const RUBRICS: Record<string, string> = {
  missing: at('missing.yaml'),
  empty: at('empty.yaml'),
  folder: at('folder'),
  fifo: at('fifo'),
  device: '/dev/zero',
  truncated: at('truncated.yaml'),
  wrong: at('wrong.yaml'),
  'empty path': '',
};
/** Outputs that cannot be written. */
export const OUTS = [
  '',
  at('no-such-folder', 'out.txt'),
  at('folder'),
  at('fifo'),
  '/dev/zero',
  '/proc/tcplab-out.txt',
  at('keep.txt', 'below-a-file.txt'),
];
/** Results folders grade-all cannot write: a file, a folder that is not one, or where nothing can be written. */
export const RESULTS_OUTS = [
  '',
  KEEP,
  at('full'),
  at('fifo'),
  '/dev/zero',
  '/proc/tcplab-results',
  at('no-such-folder', 'results'),
  at('keep.txt', 'below-a-file'),
];
/** A real capture of one flow (grader/capture/captures/CAPTURED.md). */
export const CAPTURE = join(KIT, 'grader', 'capture', 'captures', 'client-closes-first.pcap');
/** Folders a student's kit cannot be exported to. */
export const EXPORTS = [
  '',
  '/proc/tcplab-kit',
  '/sys/tcplab-kit',
  at('full'),
  KEEP,
  at('fifo'),
  at('no-such-folder', 'kit'),
];

/**
 * Make the scratch folder's inputs before this file's tests, and the copy of the kit when they damage
 * its packs or hints (`scratchKit`); remove it all after them.
 */
export function useInputs({ scratchKit }: { scratchKit: boolean }): void {
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  beforeAll(() => {
    makeInputs();
    if (scratchKit) makeScratchKit();
  });
}

function makeInputs(): void {
  writeFileSync(KEEP, KEEP_TEXT);
  writeFileSync(at('empty.yaml'), '');
  writeFileSync(at('truncated.yaml'), 'exercises: [05-time-wait, 07-keep');
  writeFileSync(at('wrong.yaml'), 'exercises: 5\nweights: [1, 2]\n');
  writeFileSync(at('rubric.yaml'), 'exercises: [05-time-wait, 07-keepalive]\n');
  mkdirSync(at('folder'));
  mkdirSync(at('full'));
  writeFileSync(at('full', 'notes.txt'), 'mine');
  mkfifo(at('fifo'));
  mkdirSync(at('class', 'alice', 'exercises', '05-time-wait'), { recursive: true });
  cpSync(join(KIT, 'exercises', '05-time-wait'), at('class', 'alice', 'exercises', '05-time-wait'), {
    recursive: true,
  });
}

function makeScratchKit(): void {
  for (const name of ['grader', 'exercises', 'package.json', 'tsconfig.json'])
    cpSync(join(KIT, name), join(SCRATCH, name), { recursive: true });
  for (const name of ['node_modules', 'solutions', 'lessons']) symlinkSync(join(KIT, name), join(SCRATCH, name));
}

/** One part of an argument vector; `name` is how the message must name it when it is the bad one. */
export interface Part {
  args: string[];
  name?: string;
  plant?: [string, Kind];
}
export interface Case {
  argv: string[];
  name: string;
  plants: [string, Kind][];
  scratch: boolean;
}
/** One argument or file of a command: what it may be when good (left out, or a valid value), and when bad. */
export interface Slot {
  good: Part[];
  bad: fc.Arbitrary<Part>;
}

export const ok = (...args: string[]): Part => ({ args });
export const none = ok();
export const bad = (name: string, ...args: string[]): Part => ({ args, name });
export const badOf = (...parts: Part[]): fc.Arbitrary<Part> => fc.constantFrom(...parts);
export const quoted = (value: string): string => `'${value}'`;

export const out: Slot = {
  good: [ok('--out', KEEP)],
  bad: fc.constantFrom(...OUTS).map((path) => bad(`--out ${shown(path)}`, '--out', path)),
};
export const rubric: Slot = {
  good: [none, ok('--rubric', at('rubric.yaml'))],
  bad: fc.constantFrom(...Object.values(RUBRICS)).map((path) => bad(shown(path), '--rubric', path)),
};
export const seed: Slot = {
  good: [none, ok('--seed', '7')],
  bad: fc
    .constantFrom('-1', '1.5', 'abc', '', '1e3', '99999999999999999999', '0x10')
    .map((n) => bad(`--seed ${shown(n)}`, '--seed', n)),
};
export const minScore: Slot = {
  good: [none, ok('--min-score', '1')],
  bad: fc
    .constantFrom('-1', 'abc', '', '1e999', '0x10', '100000')
    .map((n) => bad(`--min-score ${shown(n)}`, '--min-score', n)),
};
export const exercise: Slot = {
  good: [none, ok('--exercise', '05')],
  bad: badOf(
    bad("''", '--exercise', ''),
    bad(quoted('99'), '--exercise', '99'),
    bad('06-close-wait', '--exercise', '06'),
  ),
};
export const format: Slot = { good: [none, ok('--format', 'json')], bad: badOf(bad(quoted('pdf'), '--format', 'pdf')) };
export const lang: Slot = { good: [none, ok('--lang', 'zh-CN')], bad: badOf(bad('--lang fr', '--lang', 'fr')) };
export const planted = (path: string, kinds: readonly Kind[]): Slot => ({
  good: [none],
  bad: fc.constantFrom(...kinds).map((kind): Part => ({ args: [], name: path, plant: [path, kind] })),
});
export const word = (good: Part[], bad: string[]): Slot => ({
  good,
  bad: fc.constantFrom(...bad).map((w) => ({ args: [w], name: w === '' ? "''" : quoted(w) })),
});
export const path = (good: string, bads: string[], named: (path: string) => string = shown): Slot => ({
  good: [ok(good)],
  bad: fc.constantFrom(...bads).map((p) => bad(named(p), p)),
});

/** A run of `name` with exactly one bad input among good ones, so the message must name that one. */
export const command = (name: string, scratch: boolean, ...slots: Slot[]): fc.Arbitrary<Case> =>
  fc
    .nat(slots.length - 1)
    .chain((which) => fc.tuple(...slots.map((s, i) => (i === which ? s.bad : fc.constantFrom(...s.good)))))
    .map((parts) => ({
      argv: [name, ...parts.flatMap((p) => p.args)],
      name: parts.find((p) => p.name !== undefined)!.name!,
      plants: parts.flatMap((p) => (p.plant ? [p.plant] : [])),
      scratch,
    }));

const STACK = /^\s+at /m;
const LIMIT_MS = 15_000;

async function run(c: Case): Promise<{ code: number | undefined; stdout: string; stderr: string; timedOut: boolean }> {
  const kit = c.scratch ? SCRATCH : KIT;
  const saved = c.plants.map(([path]) => [path, existsSync(path) ? readFileSync(path) : undefined] as const);
  for (const [path, kind] of c.plants) plant(path, kind);
  try {
    const r = await execa(process.execPath, [join(kit, 'grader', 'cli', 'bin.js'), ...c.argv], {
      cwd: c.scratch ? SCRATCH : temp,
      reject: false,
      timeout: LIMIT_MS,
      stdin: 'ignore',
      env: { CI: 'true', NO_COLOR: '1' },
    });
    return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut };
  } finally {
    for (const [path, data] of saved) {
      rmSync(path, { recursive: true, force: true });
      if (data !== undefined) writeFileSync(path, data);
    }
  }
}

/** A command, how many runs it gets, and its cases. */
export type Refused = [string, number, fc.Arbitrary<Case>];

/** One test per command: every run of its cases is refused as the header of this file says. */
export function refusesEach(commands: readonly Refused[]): void {
  describe('bad input: exit 2, a message naming it, no stack, nothing lost', () => {
    for (const [name, numRuns, arbitrary] of commands) {
      it(
        `tcplab ${name}`,
        async () => {
          const before = statSync(KEEP).mtimeMs;
          await fc.assert(
            fc.asyncProperty(arbitrary, async (c) => {
              const r = await run(c);
              const what = `tcplab ${c.argv.map(shown).join(' ')}${c.plants.map(([p, k]) => ` [${p} is ${k}]`).join('')}\n${r.stderr}`;
              expect(r.timedOut, what).toBe(false);
              expect(r.code, what).toBe(2);
              expect(r.stderr, what).toContain(c.name);
              expect(STACK.test(r.stderr) || STACK.test(r.stdout), what).toBe(false);
              expect(readFileSync(KEEP, 'utf8'), what).toBe(KEEP_TEXT);
              expect(statSync(KEEP).mtimeMs, what).toBe(before);
              expect(
                readdirSync(temp).filter((f) => f.endsWith('.partial')),
                what,
              ).toEqual([]);
            }),
            { seed: 20_240_611, numRuns, endOnFailure: true },
          );
        },
        numRuns * LIMIT_MS + 30_000,
      );
    }
  });
}
