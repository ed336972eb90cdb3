/** What the refusals say: the most a grade can score, a damaged pack's field, an input file's kind and cap. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIT } from '../../runner/kit.js';
import { runCli } from '../capture.js';
import { readInputFile } from '../input-file.js';
import { readPack } from '../pack-file.js';
import { at, useInputs } from './harness.js';

useInputs({ scratchKit: false });

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
