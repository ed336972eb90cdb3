/**
 * Bad input never costs work and never shows a stack. Every command, run as `tcplab` in a child
 * process, is given argument vectors with one bad input among good ones: a file that is missing,
 * empty, a folder, a FIFO, /dev/zero, truncated or of the wrong shape; an empty path; an output
 * where nothing can be written; a negative, huge or non-numeric number. Each run must exit 2 within
 * seconds, name that input on stderr, print no stack, and leave an existing output file as it was.
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
import { KIT } from '../runner/kit.js';
import { runCli } from './capture.js';
import { readInputFile, shown } from './input-file.js';
import { readPack } from './pack-file.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-bad-input-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const at = (...parts: string[]): string => join(temp, ...parts);

/** A report from an earlier run: every run that fails must leave it as it is. */
const KEEP = at('keep.txt');
const KEEP_TEXT = 'the report of an earlier run\n';
const mkfifo = (path: string): void => void execFileSync('mkfifo', [path]);

/** What a planted file (a pack, a hints file) is made into for one run. */
type Kind = 'missing' | 'empty' | 'folder' | 'fifo' | 'device' | 'truncated' | 'null' | 'object' | 'wrong';
const PACK_KINDS: readonly Kind[] = [
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
const SCRATCH = at('kit');
const PACK = join(SCRATCH, 'exercises', '07-keepalive', 'checks.json');
const HINTS = join(SCRATCH, 'exercises', '07-keepalive', 'hints.en.md');
const HINT_RECORD = join(SCRATCH, '.tcplab', 'hints.json');

/** Rubrics of every bad kind. */
const RUBRICS: Record<string, string> = {
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
const OUTS = [
  '',
  at('no-such-folder', 'out.txt'),
  at('folder'),
  at('fifo'),
  '/dev/zero',
  '/proc/tcplab-out.txt',
  at('keep.txt', 'below-a-file.txt'),
];
/** Results folders grade-all cannot write: a file, a folder that is not one, or where nothing can be written. */
const RESULTS_OUTS = [
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
const CAPTURE = join(KIT, 'grader', 'capture', 'captures', 'client-closes-first.pcap');
/** Folders a student's kit cannot be exported to. */
const EXPORTS = ['', '/proc/tcplab-kit', '/sys/tcplab-kit', at('full'), KEEP, at('fifo'), at('no-such-folder', 'kit')];

beforeAll(() => {
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
  for (const name of ['grader', 'exercises', 'package.json', 'tsconfig.json'])
    cpSync(join(KIT, name), join(SCRATCH, name), { recursive: true });
  for (const name of ['node_modules', 'solutions', 'lessons']) symlinkSync(join(KIT, name), join(SCRATCH, name));
});

/** One part of an argument vector; `name` is how the message must name it when it is the bad one. */
interface Part {
  args: string[];
  name?: string;
  plant?: [string, Kind];
}
interface Case {
  argv: string[];
  name: string;
  plants: [string, Kind][];
  scratch: boolean;
}
/** One argument or file of a command: what it may be when good (left out, or a valid value), and when bad. */
interface Slot {
  good: Part[];
  bad: fc.Arbitrary<Part>;
}

const ok = (...args: string[]): Part => ({ args });
const none = ok();
const bad = (name: string, ...args: string[]): Part => ({ args, name });
const badOf = (...parts: Part[]): fc.Arbitrary<Part> => fc.constantFrom(...parts);
const quoted = (value: string): string => `'${value}'`;

const out: Slot = {
  good: [ok('--out', KEEP)],
  bad: fc.constantFrom(...OUTS).map((path) => bad(`--out ${shown(path)}`, '--out', path)),
};
const rubric: Slot = {
  good: [none, ok('--rubric', at('rubric.yaml'))],
  bad: fc.constantFrom(...Object.values(RUBRICS)).map((path) => bad(shown(path), '--rubric', path)),
};
const seed: Slot = {
  good: [none, ok('--seed', '7')],
  bad: fc
    .constantFrom('-1', '1.5', 'abc', '', '1e3', '99999999999999999999', '0x10')
    .map((n) => bad(`--seed ${shown(n)}`, '--seed', n)),
};
const minScore: Slot = {
  good: [none, ok('--min-score', '1')],
  bad: fc
    .constantFrom('-1', 'abc', '', '1e999', '0x10', '100000')
    .map((n) => bad(`--min-score ${shown(n)}`, '--min-score', n)),
};
const exercise: Slot = {
  good: [none, ok('--exercise', '05')],
  bad: badOf(
    bad("''", '--exercise', ''),
    bad(quoted('99'), '--exercise', '99'),
    bad('06-close-wait', '--exercise', '06'),
  ),
};
const format: Slot = { good: [none, ok('--format', 'json')], bad: badOf(bad(quoted('pdf'), '--format', 'pdf')) };
const lang: Slot = { good: [none, ok('--lang', 'zh-CN')], bad: badOf(bad('--lang fr', '--lang', 'fr')) };
const planted = (path: string, kinds: readonly Kind[]): Slot => ({
  good: [none],
  bad: fc.constantFrom(...kinds).map((kind): Part => ({ args: [], name: path, plant: [path, kind] })),
});
const word = (good: Part[], bad: string[]): Slot => ({
  good,
  bad: fc.constantFrom(...bad).map((w) => ({ args: [w], name: w === '' ? "''" : quoted(w) })),
});
const path = (good: string, bads: string[], named: (path: string) => string = shown): Slot => ({
  good: [ok(good)],
  bad: fc.constantFrom(...bads).map((p) => bad(named(p), p)),
});

/** A run of `name` with exactly one bad input among good ones, so the message must name that one. */
const command = (name: string, scratch: boolean, ...slots: Slot[]): fc.Arbitrary<Case> =>
  fc
    .nat(slots.length - 1)
    .chain((which) => fc.tuple(...slots.map((s, i) => (i === which ? s.bad : fc.constantFrom(...s.good)))))
    .map((parts) => ({
      argv: [name, ...parts.flatMap((p) => p.args)],
      name: parts.find((p) => p.name !== undefined)!.name!,
      plants: parts.flatMap((p) => (p.plant ? [p.plant] : [])),
      scratch,
    }));

/** Every command with its bad inputs, and how many runs it gets (37 in all). */
const COMMANDS: [string, number, fc.Arbitrary<Case>][] = [
  [
    'grade',
    5,
    command(
      'grade',
      false,
      path(join(KIT, 'solutions'), ['', at('missing'), at('fifo'), '/dev/zero', at('empty.yaml')]),
      out,
      rubric,
      seed,
      minScore,
      exercise,
      format,
    ),
  ],
  [
    'grade-all',
    4,
    command(
      'grade-all',
      false,
      path(at('class'), ['', at('missing'), at('fifo'), at('folder')]),
      {
        good: [ok('--out', at('results'))],
        bad: fc.constantFrom(...RESULTS_OUTS).map((p) => bad(`--out ${shown(p)}`, '--out', p)),
      },
      rubric,
      {
        good: [none, ok('--hidden', '--seed', '7')],
        bad: fc.constantFrom('-1', 'abc', '').map((n) => bad(`--seed ${shown(n)}`, '--hidden', '--seed', n)),
      },
      {
        good: [none, ok('--shard', '2/3')],
        bad: fc.constantFrom('3/2', '0/0', '1/0', 'x', '').map((k) => bad(`--shard ${shown(k)}`, '--shard', k)),
      },
      {
        good: [none, ok('--jobs', '2')],
        bad: fc.constantFrom('0', '-1', 'two').map((n) => bad(`--jobs ${shown(n)}`, '--jobs', n)),
      },
    ),
  ],
  [
    'check',
    5,
    command(
      'check',
      true,
      word([none, ok('07')], ['', '99']),
      planted(PACK, PACK_KINDS),
      { good: [none, ...out.good], bad: out.bad },
      rubric,
      minScore,
      format,
    ),
  ],
  [
    'status',
    3,
    command('status', true, planted(PACK, PACK_KINDS), { good: [none], bad: badOf(bad(quoted('status'), 'extra')) }),
  ],
  [
    'hint',
    4,
    command(
      'hint',
      true,
      word([ok('07')], ['', 'zz']),
      lang,
      planted(PACK, PACK_KINDS),
      planted(HINTS, ['missing', 'folder', 'fifo', 'device']),
      planted(HINT_RECORD, ['folder', 'fifo', 'device']),
    ),
  ],
  [
    'trace',
    2,
    command(
      'trace',
      false,
      word([none, ok('refused')], ['', 'nope']),
      seed,
      { good: [none, ok('--profile', 'linux')], bad: badOf(bad(quoted('bsd'), '--profile', 'bsd')) },
      {
        good: [none, ok('--set', 'mslMs=1000')],
        bad: badOf(bad('mslMs', '--set', 'mslMs=soon'), bad(quoted('msl'), '--set', 'msl=5')),
      },
    ),
  ],
  ['lesson', 2, command('lesson', false, word([ok('1')], ['', '0', '99', 'abc']), lang)],
  ['quiz', 2, command('quiz', false, word([ok('1')], ['', '0', 'abc']), lang)],
  [
    'export-student',
    3,
    command(
      'export-student',
      false,
      path(at('new-kit'), EXPORTS, (p) => `export-student ${shown(p)}`),
    ),
  ],
  [
    'gradescope-bundle',
    2,
    command(
      'gradescope-bundle',
      false,
      path(KEEP, OUTS, (p) => `gradescope-bundle ${shown(p)}`),
      seed,
    ),
  ],
  [
    'replay',
    3,
    command(
      'replay',
      false,
      path(CAPTURE, ['', at('missing'), at('fifo'), '/dev/zero', at('folder'), KEEP, at('empty.yaml')]),
      { good: [none, ok('--side', 'client')], bad: badOf(bad(quoted('middle'), '--side', 'middle')) },
      {
        good: [none, ok('--flow', '1')],
        bad: fc.constantFrom('x', '-1', '0', '').map((n) => bad(`--flow ${shown(n)}`, '--flow', n)),
      },
      { good: [none, ok('--profile', 'rfc')], bad: badOf(bad(quoted('bsd'), '--profile', 'bsd')) },
      {
        good: [none, ok('--set', 'mslMs=1000')],
        bad: badOf(bad('mslMs', '--set', 'mslMs=soon'), bad(quoted('msl'), '--set', 'msl=5')),
      },
      { good: [none], bad: fc.constantFrom(...OUTS).map((p) => bad(`--to-script ${shown(p)}`, '--to-script', p)) },
    ),
  ],
  // Refused before any namespace or relay is made: nothing of COMMAND runs.
  [
    'live',
    2,
    command(
      'live',
      false,
      word([ok('server')], ['', 'proxy']),
      { good: [none, ok('--profile', 'rfc')], bad: badOf(bad(quoted('bsd'), '--profile', 'bsd')) },
      { good: [none], bad: fc.constantFrom('0', '70000', 'http').map((n) => bad(`--port ${shown(n)}`, '--port', n)) },
      { good: [none], bad: fc.constantFrom(at('missing'), '').map((p) => bad(`--impl ${shown(p)}`, '--impl', p)) },
      { good: [ok('--', 'true')], bad: badOf(bad("'command'")) },
    ),
  ],
  [
    'catalogue',
    1,
    command('catalogue', false, {
      good: [none, ok('--json')],
      bad: badOf(bad(quoted('catalogue'), 'extra'), bad(quoted('--nope'), '--nope')),
    }),
  ],
];

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

describe('bad input: exit 2, a message naming it, no stack, nothing lost', () => {
  for (const [name, numRuns, arbitrary] of COMMANDS) {
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

describe('what the refusals say', () => {
  it('--min-score above the most a grade can score names that maximum, before anything is graded', async () => {
    const all = await runCli('check', '--min-score', '100000');
    expect(all.code).toBe(2);
    expect(all.err).toMatch(/--min-score 100000: above the most this grade can score, \d+/);
    const one = await runCli(
      'grade',
      join(KIT, 'solutions'),
      '--exercise',
      '05',
      '--min-score',
      '7',
      '--rubric',
      at('rubric.yaml'),
    );
    expect(one.err).toContain('--min-score 7: above the most this grade can score, 6 (exercise 05-time-wait)');
  });

  it('a damaged pack is refused with its file and the field', () => {
    const file = at('pack.json');
    writeFileSync(file, '{"schema":"tcplab.pack/1","exercise":"07-keepalive","checks":[],"scenarios":[{"id":1}]}');
    expect(() => readPack(file, '07-keepalive')).toThrow(`${file}: not a recorded pack: scenarios.0.id:`);
    writeFileSync(file, '{"schema":"tcplab.pack/1",\n"exercise":"07-');
    expect(() => readPack(file, '07-keepalive')).toThrow(/pack\.json: not a recorded pack: not JSON \(line 2, column/);
    expect(readPack(join(KIT, 'exercises', '07-keepalive', 'checks.json'), '07-keepalive').exercise).toBe(
      '07-keepalive',
    );
  });

  it('an input file is read only when it is a regular file under its cap', () => {
    writeFileSync(at('big.yaml'), 'x'.repeat(2048));
    expect(() => readInputFile(at('big.yaml'), 'rubric', 1024)).toThrow(
      'big.yaml: the rubric is 2048 bytes; at most 1024 are read',
    );
    expect(() => readInputFile(at('fifo'), 'rubric', 1024)).toThrow(
      'fifo: the rubric is a FIFO (named pipe), not a regular file',
    );
    expect(readInputFile(at('rubric.yaml'), 'rubric', 1024)).toBe('exercises: [05-time-wait, 07-keepalive]\n');
  });
});
