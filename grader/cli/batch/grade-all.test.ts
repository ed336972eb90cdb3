/**
 * `tcplab grade-all` as an instructor runs it, on classes made here (public checks of exercise 05,
 * two at a time, to keep it quick): a class of every kind of submission gets the right row each,
 * reports, feedback and summaries, and its hostile archive is refused without costing the others;
 * a rerun skips what has not changed; a run stopped with Ctrl+C keeps what finished, leaves no
 * temporary folder, and once run again writes the same files as a run never stopped; two shards
 * merged write the same files as one run; and bad input is refused before anything is graded.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT } from '../../runner/kit.js';
import { runCli } from '../capture.js';
import { makeTarGz, makeZip } from '../intake/testing.js';
import { parseCsv } from '../../report/testing/readers.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-grade-all-test-'));
// The runs' temporary folders go here, where a test can see that none is left.
const scratch = join(temp, 'tmp');
mkdirSync(scratch);
const savedTmp = process.env['TMPDIR'];
process.env['TMPDIR'] = scratch;
afterAll(() => {
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
  rmSync(temp, { recursive: true, force: true });
});
const at = (...parts: string[]): string => join(temp, ...parts);

const SOLUTION = readFileSync(join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'), 'utf8');
const STUB = readFileSync(join(KIT, 'exercises', '05-time-wait', 'time-wait.ts'), 'utf8');
/** The 2*MSL timer not restarted on a retransmitted FIN: fails TIME-WAIT --rcv FIN--> TIME-WAIT. */
const BUGGY = SOLUTION.replace("  ctx.setTimer('time-wait', 2 * ctx.config.mslMs);\n", '');
const ONE = ['--exercise', '05', '--jobs', '2'];

function lay(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), data);
  }
}

/** A class of every kind: kits (flat, nested one and two levels), exercises/ alone, loose files, archives, nothing, and hostile archives. */
function everyKind(dir: string): void {
  lay(dir, {
    'kit/exercises/05-time-wait/time-wait.ts': SOLUTION,
    'flat/05-time-wait/time-wait.ts': SOLUTION,
    'nested/tcp-lab-main/exercises/05-time-wait/time-wait.ts': SOLUTION,
    'deep/Downloads/tcp-lab-main/exercises/05-time-wait/time-wait.ts': BUGGY,
    'loose/answer.ts': BUGGY,
    'stub/exercises/05-time-wait/time-wait.ts': STUB,
    'broken/exercises/05-time-wait/time-wait.ts': `${SOLUTION}\nexport const oops: number = 'text';\n`,
    'zipped.zip': makeZip({ 'tcp-lab-main/exercises/05-time-wait/time-wait.ts': SOLUTION }),
    'tarred.tar.gz': makeTarGz([{ name: 'time-wait.ts', data: SOLUTION }]),
    'notes/notes.txt': 'I did not get to it',
    'evil.zip': makeZip({ 'time-wait.ts': SOLUTION, '../../escape.ts': 'x' }),
    'device.tar.gz': makeTarGz([
      { name: 'time-wait.ts', data: SOLUTION },
      { name: 'zero', type: '3' },
    ]),
    'README.txt': 'not a submission',
  });
  mkdirSync(join(dir, 'empty'));
}

/** A small class for the runs that are compared. */
function small(dir: string): void {
  lay(dir, {
    'ann/exercises/05-time-wait/time-wait.ts': SOLUTION,
    'ben/exercises/05-time-wait/time-wait.ts': BUGGY,
    'cat/time-wait.ts': SOLUTION,
    'dan/exercises/05-time-wait/time-wait.ts': STUB,
    'eve.zip': makeZip({ 'x/exercises/05-time-wait/time-wait.ts': BUGGY }),
  });
  mkdirSync(join(dir, 'fay'));
}

/** Every file of a results folder, durations aside (the one thing that differs between two runs of one submission). */
function files(results: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of readdirSync(results, { recursive: true, withFileTypes: true })) {
    if (!d.isFile()) continue;
    const rel = join(d.parentPath, d.name).slice(results.length + 1);
    out[rel] = readFileSync(join(d.parentPath, d.name), 'utf8').replace(/"durationMs": \d+/g, '"durationMs": 0');
  }
  return out;
}

const rows = (results: string): Record<string, string>[] => {
  const [head, ...body] = parseCsv(readFileSync(join(results, 'gradebook.csv'), 'utf8'));
  return body.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]!])));
};

const leftovers = (): string[] => readdirSync(scratch).filter((n) => n.startsWith('tcplab-'));

describe('grade-all: a class of every kind', () => {
  const klass = at('every');
  const results = at('every-results');
  let run: { code: number; out: string; err: string };
  beforeAll(async () => {
    everyKind(klass);
    run = await runCli('grade-all', klass, '--out', results, ...ONE);
  }, 120_000);

  it('grades the others, and exits 2 naming the archives it refused', () => {
    expect(run.code).toBe(2);
    expect(run.err).toContain('tcplab: 2 submissions refused (the others are graded)');
    expect(run.err).toContain('evil.zip: refused: ../../escape.ts leaves the folder it is unpacked in (..)');
    expect(run.err).toContain('device.tar.gz: refused: zero is a device or FIFO, not a file');
    expect(run.err).toContain('not submissions, left aside: README.txt');
    expect(run.out).toContain('9 graded, 0 unchanged and skipped, 2 with nothing to grade, 2 not graded; 13 students');
  });

  it('writes a row per submission with its status, score, message, seed, mode and kit', () => {
    const book = rows(results);
    expect(book.map((r) => [r['student'], r['status'], r['score'], r['maxScore']])).toEqual([
      ['broken', 'ok', '0', '6'],
      ['deep', 'ok', '5', '6'],
      ['device', 'error', '', ''],
      ['empty', 'no-submission', '', ''],
      ['evil', 'error', '', ''],
      ['flat', 'ok', '6', '6'],
      ['kit', 'ok', '6', '6'],
      ['loose', 'ok', '5', '6'],
      ['nested', 'ok', '6', '6'],
      ['notes', 'no-submission', '', ''],
      ['stub', 'ok', '0', '6'],
      ['tarred', 'ok', '6', '6'],
      ['zipped', 'ok', '6', '6'],
    ]);
    expect(new Set(book.map((r) => `${r['seed']} ${r['mode']}`))).toEqual(new Set(['1 public']));
    expect(book.every((r) => /^\d+\.\d+\.\d+\+[0-9a-f]{12}$/.test(r['kit']!))).toBe(true);
    const by = (id: string): Record<string, string> => book.find((r) => r['student'] === id)!;
    expect(by('notes')['message']).toBe(
      'notes: no exercise folders, exercise files or archive found (it holds notes.txt)',
    );
    expect(by('empty')['message']).toBe('empty: no exercise folders, exercise files or archive found (it is empty)');
    // The student's file as handed in, from the submission down.
    expect(by('broken')['message']).toMatch(/^typecheck broken\/exercises\/05-time-wait\/time-wait\.ts:\d+:\d+: /);
  });

  it('keeps each report and writes feedback, with files named as handed in and no temporary path', () => {
    for (const id of ['kit', 'deep', 'loose', 'zipped', 'tarred', 'stub', 'broken']) {
      const report = JSON.parse(readFileSync(join(results, 'students', id, 'report.json'), 'utf8')) as {
        schema: string;
        exercises: { id: string }[];
      };
      expect(report.schema, id).toBe('tcplab.report/1');
      expect(
        report.exercises.map((e) => e.id),
        id,
      ).toEqual(['05-time-wait']);
    }
    for (const id of ['notes', 'evil'])
      expect(existsSync(join(results, 'students', id, 'report.json')), id).toBe(false);
    const feedback = readFileSync(join(results, 'students', 'loose', 'feedback.md'), 'utf8');
    expect(feedback).toContain('# tcp-lab feedback: loose');
    expect(feedback).toContain('`TIME-WAIT --rcv FIN--> TIME-WAIT`');
    expect(readFileSync(join(results, 'students', 'notes', 'feedback.md'), 'utf8')).toContain(
      'Nothing was graded: notes: no exercise folders',
    );
    const all = Object.values(files(results)).join('\n');
    expect(all).not.toMatch(/tcplab-intake-|tcplab-grade-all-|\/tmp\//);
    expect(leftovers()).toEqual([]);
  });

  it('summarises the class: pass rates counted in students, worst first, a histogram, and who could not be graded', () => {
    const md = readFileSync(join(results, 'class.md'), 'utf8');
    expect(md).toContain(
      '13 submissions: 9 graded, 2 with nothing to grade, 2 that could not be graded · public checks · seed 1',
    );
    const table = md.split('\n').filter((l) => l.startsWith('| `'));
    // Passed by 5 of the 9 graded; the buggy two fail it; the stub and the type error did not make it pass.
    expect(table[0]).toMatch(
      /^\| `TIME-WAIT --rcv FIN--> TIME-WAIT` \| 05-time-wait \| 5 \| [2-4] \| [1-3] \| 56% \|$/,
    );
    expect(md).toMatch(/\| 100 \| 5 \| █+ \|/);
    expect(md).toContain('- evil: evil.zip: refused');
    const long = parseCsv(readFileSync(join(results, 'transitions.csv'), 'utf8'));
    expect(long[0]).toEqual(['student', 'exercise', 'transition', 'status', 'passed', 'total', 'score', 'maxScore']);
    expect(long).toHaveLength(1 + 9 * 6);
  });

  it('skips on a rerun what has not changed, grades again what has, and everything with --force', async () => {
    writeFileSync(join(klass, 'stub', 'exercises', '05-time-wait', 'time-wait.ts'), SOLUTION);
    const again = await runCli('grade-all', klass, '--out', results, ...ONE);
    // The refused archives are tried again (an error may be passing); the rest but the changed one is skipped.
    expect(again.out).toContain(
      '1 graded, 10 unchanged and skipped, 0 with nothing to grade, 2 not graded; 13 students',
    );
    expect(rows(results).find((r) => r['student'] === 'stub')!['score']).toBe('6');
  }, 120_000);
});

describe('grade-all: stopped and resumed, sharded and merged', () => {
  const klass = at('small');
  const whole = at('whole');
  beforeAll(async () => {
    small(klass);
    const run = await runCli('grade-all', klass, '--out', whole, ...ONE);
    expect(run.code, run.err).toBe(0);
  }, 120_000);

  it('Ctrl+C keeps what finished and cleans up; run again, the results are those of a run never stopped', async () => {
    const stopped = at('stopped');
    const child = execa(
      process.execPath,
      [join(KIT, 'grader', 'cli', 'bin.js'), 'grade-all', klass, '--out', stopped, '--exercise', '05', '--jobs', '1'],
      {
        cwd: KIT,
        reject: false,
        env: { CI: 'true', NO_COLOR: '1', TMPDIR: scratch },
      },
    );
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('[2/6]')) child.kill('SIGINT');
    });
    const r = await child;
    expect(r.exitCode, r.stderr).toBe(130);
    expect(r.stderr).toContain('run the same command again to go on');
    const kept = readdirSync(join(stopped, 'students')).filter((n) => !n.startsWith('.'));
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(6);
    expect(rows(stopped).map((row) => row['student'])).toEqual(kept.sort());
    expect(leftovers()).toEqual([]);
    const resumed = await runCli('grade-all', klass, '--out', stopped, ...ONE);
    expect(resumed.out).toContain(`${6 - kept.length - 1} graded, ${kept.length} unchanged and skipped`);
    expect(files(stopped)).toEqual(files(whole));
  }, 120_000);

  it('two shards merged write the files one run writes', async () => {
    const first = await runCli('grade-all', klass, '--out', at('shard1'), ...ONE, '--shard', '1/2');
    const second = await runCli('grade-all', klass, '--out', at('shard2'), ...ONE, '--shard', '2/2');
    expect([first.code, second.code]).toEqual([0, 0]);
    const one = readdirSync(join(at('shard1'), 'students'));
    const two = readdirSync(join(at('shard2'), 'students'));
    expect(one.filter((id) => two.includes(id))).toEqual([]);
    expect([...one, ...two].sort()).toEqual(['ann', 'ben', 'cat', 'dan', 'eve', 'fay']);
    const merged = await runCli('gradebook', 'merge', at('shard1'), at('shard2'), '--out', at('merged'));
    expect(merged.code, merged.err).toBe(0);
    expect(files(at('merged'))).toEqual(files(whole));
  }, 120_000);

  it('refuses to merge results graded differently, or one student graded from different files', async () => {
    const other = at('other-seed');
    cpSync(whole, other, { recursive: true });
    const marker = join(other, 'tcplab-results.json');
    writeFileSync(marker, readFileSync(marker, 'utf8').replace('"seed": 1', '"seed": 7'));
    const seeds = await runCli('gradebook', 'merge', whole, other, '--out', at('never'));
    expect(seeds.code).toBe(2);
    expect(seeds.err).toContain('graded with seed 7, not 1');
    writeFileSync(
      marker,
      readFileSync(join(whole, 'tcplab-results.json'), 'utf8').replace(/"kit": "[^"]+"/, '"kit": "0.0.1+000000000000"'),
    );
    const kits = await runCli('gradebook', 'merge', whole, other, '--out', at('never'));
    expect(kits.err).toContain('graded with kit 0.0.1+000000000000');
    writeFileSync(marker, readFileSync(join(whole, 'tcplab-results.json'), 'utf8'));
    const entry = join(other, 'students', 'ann', 'entry.json');
    writeFileSync(entry, readFileSync(entry, 'utf8').replace(/"hash": "[0-9a-f]+"/, `"hash": "${'0'.repeat(64)}"`));
    const clash = await runCli('gradebook', 'merge', whole, other, '--out', at('never'));
    expect(clash.err).toContain('ann: graded from different files in');
    expect(existsSync(at('never'))).toBe(false);
  });
});

describe('grade-all: bad input is refused before anything is graded (exit 2)', () => {
  beforeAll(() => {
    mkdirSync(at('bad-class', 'ann'), { recursive: true });
    writeFileSync(at('a-file'), 'x');
    mkdirSync(at('full'));
    writeFileSync(at('full', 'mine.txt'), 'x');
    mkdirSync(at('no-subs'));
    writeFileSync(at('no-subs', 'notes.txt'), 'x');
  });

  const refused = async (args: string[], message: string): Promise<void> => {
    const r = await runCli('grade-all', ...args);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/^\s+at /m);
  };

  it('a folder with no submissions, or none at all', async () => {
    await refused(
      [at('no-subs'), '--out', at('r1')],
      'no submissions (expected one folder, .zip or .tar.gz per student; found only notes.txt)',
    );
    await refused([at('nowhere'), '--out', at('r1')], 'not a folder of submissions');
    expect(existsSync(at('r1'))).toBe(false);
  });

  it('results that are a file, a folder of something else, under a missing folder, or the class itself', async () => {
    await refused(
      [at('bad-class'), '--out', at('a-file')],
      `--out ${at('a-file')}: it is a file; give a folder for the results`,
    );
    await refused([at('bad-class'), '--out', at('full')], 'the folder is not empty and holds no earlier results');
    await refused([at('bad-class'), '--out', at('missing', 'r')], 'does not exist');
    await refused([at('bad-class'), '--out', at('bad-class')], 'the folder is not empty');
    expect(readFileSync(at('a-file'), 'utf8')).toBe('x');
  });

  it('a shard out of range, a seed without --hidden, two submissions for one student', async () => {
    await refused([at('bad-class'), '--out', at('r2'), '--shard', '3/2'], '--shard 3/2: expected K/N with 1 ≤ K ≤ N');
    await refused([at('bad-class'), '--out', at('r2'), '--shard', '0/0'], '--shard 0/0');
    await refused(
      [at('bad-class'), '--out', at('r2'), '--seed', '7'],
      '--seed 7: the public checks have one fixed seed',
    );
    writeFileSync(at('bad-class', 'ann.zip'), makeZip({ 'a.ts': 'x' }));
    await refused([at('bad-class'), '--out', at('r2')], 'two submissions for ann (ann and ann.zip)');
    expect(existsSync(at('r2'))).toBe(false);
  });
});
