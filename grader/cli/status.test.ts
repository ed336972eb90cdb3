/** `tcplab status`: one line per exercise from the public checks, and the next step named after the first exercise not passing. */
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Report } from '../report/model.js';
import { runCli } from './capture.js';
import { statusLines } from './actions/status.js';

const report = (exercises: { id: string; status: string; score: number; maxScore: number }[]): Report =>
  ({ score: exercises.reduce((s, e) => s + e.score, 0), maxScore: exercises.reduce((s, e) => s + e.maxScore, 0), exercises }) as unknown as Report;
const text = (r: Report): string => stripVTControlCharacters(statusLines(r).join('\n'));

describe('tcplab status', () => {
  it('names the first exercise not passing as the next step, with the lesson first when it is not started', () => {
    const started = text(report([{ id: '01-sequence-numbers', status: 'passed', score: 54, maxScore: 54 }, { id: '02-three-way-handshake', status: 'failed', score: 3, maxScore: 19 }]));
    expect(started).toContain('Public checks: 57 / 73');
    expect(started).toMatch(/02-three-way-handshake\s+3\/19\s+failed/);
    expect(started).toContain('Next: 02-three-way-handshake. Run npx tcplab check 02; stuck? npx tcplab hint 02');
    // Work under way comes before an exercise not started, whatever their order.
    const working = text(report([{ id: '01-sequence-numbers', status: 'not-started', score: 0, maxScore: 54 }, { id: '05-time-wait', status: 'failed', score: 2, maxScore: 4 }]));
    expect(working).toContain('Next: 05-time-wait. Run npx tcplab check 05');
    const fresh = text(report([{ id: '04-four-way-close', status: 'not-started', score: 0, maxScore: 19 }]));
    expect(fresh).toContain('Next: 04-four-way-close. Read lesson 4 (npx tcplab lesson 4), then npx tcplab check 04');
    expect(text(report([{ id: '05-time-wait', status: 'passed', score: 4, maxScore: 4 }]))).toContain('Every exercise passes its public checks.');
  });

  it('reports the kit as shipped: every exercise not started, lesson 1 first', async () => {
    const { code, out } = await runCli('status');
    expect(code).toBe(0);
    const plain = stripVTControlCharacters(out);
    expect(plain).toContain('Public checks: 0 / 177');
    expect(plain.match(/not started/g)?.length).toBe(7);
    expect(plain).toContain('Next: 01-sequence-numbers. Read lesson 1');
  }, 60_000);
});
