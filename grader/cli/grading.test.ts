/**
 * Grading as instructors rely on it: the reference scores 100% on at least 1,000 hidden checks that
 * reach every graded transition; the shipped stubs score 0 with every exercise not started; one
 * deliberate bug costs points on exactly the transition it breaks; the same submission and seed give
 * byte-identical reports (timing aside); a broken rubric is refused with file and line.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../engine/catalogue.js';
import { KIT } from '../runner/submission.js';
import { grade } from './grading.js';
import { RubricError } from '../conformance/rubric.js';
import { loadRubric } from '../conformance/rubric-yaml.js';
import { PUBLIC_SEED } from '../conformance/pack.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-grade-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A copy of solutions/ with one line of one module replaced. */
function withBug(file: string, from: string, to: string): string {
  const dir = mkdtempSync(join(temp, 'sub-'));
  cpSync(join(KIT, 'solutions'), dir, { recursive: true });
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
  return dir;
}

describe('grading', () => {
  it('counts the checks it ran, not their outcomes: the same number for the stubs and for the reference', async () => {
    const stubs = await grade(join(KIT, 'exercises'), {
      mode: 'public',
      seed: PUBLIC_SEED,
      packs: true,
      exercise: '05-time-wait',
    });
    const reference = await grade(join(KIT, 'solutions'), {
      mode: 'public',
      seed: PUBLIC_SEED,
      packs: true,
      exercise: '05-time-wait',
    });
    const pack = JSON.parse(readFileSync(join(KIT, 'exercises', '05-time-wait', 'checks.json'), 'utf8')) as {
      checks: unknown[];
      scenarios?: unknown[];
    };
    expect(stubs.checks).toBe(reference.checks);
    expect(reference.checks).toBe(pack.checks.length + (pack.scenarios?.length ?? 0));
  }, 60_000);

  it('the reference scores 100% on 1,000+ hidden checks reaching every graded transition', async () => {
    const report = await grade(join(KIT, 'solutions'), { mode: 'hidden', seed: 42 });
    expect(report.errors).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(report.checks).toBeGreaterThanOrEqual(1000);
    const graded = CATALOGUE.filter((e) => e.weight > 0).map((e) => e.id);
    expect(report.transitions.map((t) => t.id).sort()).toEqual([...graded].sort());
    for (const t of report.transitions) expect(t.total, t.id).toBeGreaterThan(0);
  }, 60_000);

  it('the exercises as shipped score 0, every exercise not started', async () => {
    const report = await grade(join(KIT, 'exercises'), { mode: 'hidden', seed: 42 });
    expect(report.score).toBe(0);
    expect(report.exercises.map((e) => e.status)).toEqual(report.exercises.map(() => 'not-started'));
  }, 60_000);

  it('one deliberate bug loses points on exactly the transition it breaks', async () => {
    // CLOSE in CLOSE-WAIT forgets to queue the FIN.
    const dir = withBug(
      '04-four-way-close/four-way-close.ts',
      "      tcb.fin = 'queued';\n      return ctx.go('CLOSE-WAIT --CLOSE--> LAST-ACK');",
      "      return ctx.go('CLOSE-WAIT --CLOSE--> LAST-ACK');",
    );
    const report = await grade(dir, { mode: 'hidden', seed: 42 });
    const lost = report.transitions.filter((t) => t.score < t.maxScore).map((t) => t.id);
    expect(lost).toEqual(['CLOSE-WAIT --CLOSE--> LAST-ACK']);
    // The first failure comes drawn: the inputs that led to it, then expected vs got.
    const failure = report.transitions
      .find((t) => t.id === 'CLOSE-WAIT --CLOSE--> LAST-ACK')!
      .failures.find((f) => f.mermaid);
    expect(failure?.mermaid?.split('\n')[0]).toBe('sequenceDiagram');
    expect(failure?.mermaid).toContain('user CLOSE');
    expect(failure?.sketch).toContain('← the step checked');
    expect(report.exercises.find((e) => e.id === '04-four-way-close')?.status).toBe('failed');
    expect(report.exercises.filter((e) => e.status !== 'passed').map((e) => e.id)).toEqual(['04-four-way-close']);
  }, 60_000);

  it('a type error is reported with file and line, and other exercises are still graded', async () => {
    const dir = withBug('07-keepalive/keepalive.ts', 'tcb.probesOut += 1;', "tcb.probesOut += '1';");
    const report = await grade(dir, { mode: 'public', seed: 1 });
    const error = report.errors.find((e) => e.kind === 'typecheck');
    expect(error).toMatchObject({ exercise: '07-keepalive', file: expect.stringContaining('keepalive.ts') as unknown });
    expect(error?.line).toBeGreaterThan(1);
    expect(report.exercises.find((e) => e.id === '07-keepalive')).toMatchObject({ status: 'error', score: 0 });
    expect(report.exercises.find((e) => e.id === '08-resets')?.status).toBe('passed');
  }, 60_000);

  it('an import outside the allowed set is refused with file:line', async () => {
    const dir = withBug(
      '05-time-wait/time-wait.ts',
      'import type { SegmentStep',
      "import { readFileSync } from 'node:fs';\nvoid readFileSync;\nimport type { SegmentStep",
    );
    const report = await grade(dir, { mode: 'public', seed: 1, exercise: '05-time-wait' });
    expect(report.errors).toContainEqual(
      expect.objectContaining({
        kind: 'static',
        exercise: '05-time-wait',
        line: 8,
        message: expect.stringContaining("import 'node:fs' is not allowed") as unknown,
      }),
    );
    expect(report.exercises).toEqual([{ id: '05-time-wait', score: 0, maxScore: 6, status: 'error' }]);
  }, 60_000);

  it('refuses a file reached through a symbolic link, one that is not a regular file, and one too big to be an exercise', async () => {
    const linked = mkdtempSync(join(temp, 'linked-'));
    symlinkSync(join(KIT, 'solutions', '05-time-wait'), join(linked, '05-time-wait'), 'dir');
    const throughExercises = mkdtempSync(join(temp, 'linked-'));
    symlinkSync(join(KIT, 'solutions'), join(throughExercises, 'exercises'), 'dir');
    const folder = mkdtempSync(join(temp, 'folder-'));
    mkdirSync(join(folder, '05-time-wait', 'time-wait.ts'), { recursive: true });
    const big = mkdtempSync(join(temp, 'big-'));
    mkdirSync(join(big, '05-time-wait'));
    writeFileSync(
      join(big, '05-time-wait', 'time-wait.ts'),
      `${readFileSync(join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'), 'utf8')}\n//${'x'.repeat(1_100_000)}\n`,
    );
    for (const [dir, message] of [
      [linked, 'symbolic link'],
      [throughExercises, 'symbolic link'],
      [folder, 'not a regular file'],
      [big, 'at most 1 MB'],
    ] as const) {
      const report = await grade(dir, { mode: 'public', seed: 1, exercise: '05-time-wait' });
      expect(report.errors, dir).toEqual([
        expect.objectContaining({
          kind: 'static',
          exercise: '05-time-wait',
          message: expect.stringContaining(message) as unknown,
        }),
      ]);
      expect(report.score).toBe(0);
    }
  }, 60_000);

  it('the same submission and seed give the same report, byte for byte (timing aside)', async () => {
    const a = await grade(join(KIT, 'solutions'), { mode: 'hidden', seed: 7, exercise: '04-four-way-close' });
    const b = await grade(join(KIT, 'solutions'), { mode: 'hidden', seed: 7, exercise: '04-four-way-close' });
    expect(JSON.stringify({ ...a, durationMs: 0 })).toBe(JSON.stringify({ ...b, durationMs: 0 }));
  }, 60_000);
});

describe('rubric', () => {
  it('is refused with file, line and field when it names an unknown transition or a bad weight', () => {
    const file = join(temp, 'rubric.yaml');
    writeFileSync(
      file,
      'exercises: [04-four-way-close]\nweights:\n  "FIN-WAIT-1 --rcv FIN--> CLOSING": 3\n  "NOT --a--> THING": 2\n',
    );
    expect(() => loadRubric(file)).toThrow(RubricError);
    expect(() => loadRubric(file)).toThrow(/rubric\.yaml:4: weights: 'NOT --a--> THING' is not a catalogue transition/);
    writeFileSync(file, 'weights:\n  "FIN-WAIT-1 --rcv FIN--> CLOSING": -1\n');
    expect(() => loadRubric(file)).toThrow(/rubric\.yaml:2: weights\.FIN-WAIT-1 --rcv FIN--> CLOSING: /);
    writeFileSync(file, 'exercises: [04-four-way-close]\nweights:\n  "FIN-WAIT-1 --rcv FIN--> CLOSING": 3\n');
    const rubric = loadRubric(file);
    expect([...rubric.exercises]).toEqual(['04-four-way-close']);
    expect(rubric.weights.get('FIN-WAIT-1 --rcv FIN--> CLOSING')).toBe(3);
  });
});
