/**
 * `tcplab gradescope-bundle`: the zip has Gradescope's two scripts at its root, executable, and the
 * kit with its hidden checks; the same kit gives the same bytes; neither script names /autograder;
 * and its `run_autograder`, tried in a folder laid out like /autograder (under another name), grades
 * loose files or a zip into results.json as the rubric's visibility says, with no temporary path in
 * what the student reads, or says why it could not.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT } from '../runner/kit.js';
import { BundleError, gradescopeBundle } from './gradescope-bundle.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-gradescope-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface Results {
  score: number;
  output?: string;
  visibility?: string;
  tests?: { name: string; score: number; max_score: number; visibility?: string; tags?: string[]; output?: string }[];
}

/** Lay the zip out as Gradescope does (ROOT/source), hand in `files` (and `links`, name to target), run run_autograder; results.json. */
async function autograde(
  zip: string,
  files: Record<string, string | Uint8Array>,
  links: Record<string, string> = {},
): Promise<Results> {
  const root = mkdtempSync(join(temp, 'autograder-'));
  for (const [name, data] of Object.entries(unzipSync(readFileSync(zip)))) {
    const path = join(root, 'source', name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }
  chmodSync(join(root, 'source', 'run_autograder'), 0o755);
  // The packages setup.sh would install.
  symlinkSync(join(KIT, 'node_modules'), join(root, 'source', 'kit', 'node_modules'), 'dir');
  mkdirSync(join(root, 'submission'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'submission', name), text);
  for (const [name, target] of Object.entries(links)) symlinkSync(target, join(root, 'submission', name));
  // No AUTOGRADER_ROOT: the script finds the submission beside its own folder.
  const run = await execa(join(root, 'source', 'run_autograder'), { cwd: tmpdir(), reject: false });
  expect(run.exitCode).toBe(0);
  return JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as Results;
}

describe('gradescope-bundle', () => {
  const zip = join(temp, 'autograder.zip');

  it('holds setup.sh and run_autograder at the root, executable, and the kit with its hidden checks; the same kit gives the same bytes', () => {
    gradescopeBundle(zip, { seed: 42 });
    const first = readFileSync(zip);
    const entries = Object.keys(unzipSync(first));
    expect(entries.slice(0, 2)).toEqual(['setup.sh', 'run_autograder']);
    expect(entries).toContain('kit/package-lock.json');
    expect(entries).toContain('kit/solutions/05-time-wait/time-wait.ts');
    expect(entries.some((e) => e.startsWith('kit/grader/instructor/packs/scripts/') && e.endsWith('.pkt'))).toBe(true);
    expect(entries.filter((e) => /(^|\/)(node_modules|\.git|\.tcplab)\//.test(e))).toEqual([]);
    // Unix mode in the high half of the external attributes (central directory, offset 38).
    const central = first.indexOf(Buffer.from('PK\x01\x02', 'latin1'));
    expect((first.readUInt32LE(central + 38) >>> 16) & 0o777).toBe(0o755);
    gradescopeBundle(zip, { seed: 42 });
    expect(readFileSync(zip).equals(first)).toBe(true);
    const scripts = unzipSync(first, { filter: (f) => !f.name.startsWith('kit/') });
    for (const name of ['setup.sh', 'run_autograder'])
      expect(new TextDecoder().decode(scripts[name]), name).not.toContain('/autograder');
  });

  it('refuses a folder for the zip', () => {
    expect(() => gradescopeBundle(temp, { seed: 42 })).toThrow(BundleError);
  });

  it('grades loose exercise files with the hidden suite: each transition a test, hidden until the due date', async () => {
    const results = await autograde(zip, {
      'time-wait.ts': readFileSync(join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'), 'utf8'),
    });
    const timeWait = results.tests?.filter((t) => t.tags?.includes('05-time-wait')) ?? [];
    expect(timeWait.length).toBe(6);
    for (const t of timeWait) expect(t.score, t.name).toBe(t.max_score);
    expect(results.tests?.filter((t) => !t.tags?.includes('05-time-wait') && t.score > 0)).toEqual([]);
    expect(results.tests?.every((t) => t.visibility === 'after_due_date')).toBe(true);
  }, 90_000);

  it("takes no credit from a handed-in link to the kit's own solution", async () => {
    const results = await autograde(
      zip,
      {},
      { 'time-wait.ts': join(KIT, 'solutions', '05-time-wait', 'time-wait.ts') },
    );
    expect(results.score).toBe(0);
    expect(results.tests ?? []).toEqual([]);
  }, 90_000);

  it('tells the student why nothing could be graded', async () => {
    const results = await autograde(zip, { 'notes.txt': 'my answers' });
    expect(results.score).toBe(0);
    expect(results.output).toContain(
      'submission: no exercise folders, exercise files or archive found (it holds notes.txt)',
    );
    expect(results.output).toContain('Hand in your exercise files');
  }, 90_000);

  it('follows the rubric: its exercises only, scored out of their maximum, results at once with each first failure, no temporary path', async () => {
    const rubric = join(temp, 'rubric.yaml');
    writeFileSync(
      rubric,
      'exercises: [05-time-wait]\nvisibility:\n  failures: first-failure\n  totalBeforeDue: true\n',
    );
    const one = join(temp, 'one.zip');
    gradescopeBundle(one, { seed: 42, rubric });
    const broken = readFileSync(join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'), 'utf8').replace(
      "  ctx.setTimer('time-wait', 2 * ctx.config.mslMs);\n",
      '',
    );
    const zipped = zipSync({ 'hw5/time-wait.ts': new TextEncoder().encode(broken) });
    const results = await autograde(one, { 'hw5.zip': zipped });
    expect(results.tests?.map((t) => t.tags?.[0])).toEqual(Array.from({ length: 6 }, () => '05-time-wait'));
    expect(results.tests?.reduce((a, t) => a + t.max_score, 0)).toBe(6);
    expect(results.tests?.every((t) => t.visibility === 'visible')).toBe(true);
    expect(results.visibility).toBe('visible');
    const fin = results.tests?.find((t) => t.name === 'TIME-WAIT --rcv FIN--> TIME-WAIT');
    expect(fin?.score).toBeLessThan(1);
    expect(fin?.output).toContain('first failure');
    const all = JSON.stringify(results);
    expect(all).not.toMatch(/tmp|tcplab-intake|\.\.\//);
  }, 90_000);
});
