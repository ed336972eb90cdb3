/** `tcplab status`: one line per exercise from the public checks, and the next step named after the first exercise not passing. */
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../engine/catalogue.js';
import type { Report } from '../report/model.js';
import { runCli } from './capture.js';
import { statusLines } from './actions/status.js';
import { APP_EXERCISES, type AppTests } from './app-tests.js';
import { EXERCISES } from '../engine/exercises.js';

const report = (exercises: { id: string; status: string; score: number; maxScore: number }[]): Report =>
  ({
    score: exercises.reduce((s, e) => s + e.score, 0),
    maxScore: exercises.reduce((s, e) => s + e.maxScore, 0),
    exercises,
  }) as unknown as Report;
const text = (r: Report, apps?: AppTests): string => stripVTControlCharacters(statusLines(r, apps).join('\n'));

describe('tcplab status', () => {
  it('names the first exercise not passing as the next step, with the lesson first when it is not started', () => {
    const started = text(
      report([
        { id: '01-sequence-numbers', status: 'passed', score: 54, maxScore: 54 },
        { id: '02-three-way-handshake', status: 'failed', score: 3, maxScore: 19 },
      ]),
    );
    expect(started).toContain('Public checks: 57 / 73');
    expect(started).toMatch(/02-three-way-handshake\s+3\/19\s+failed/);
    expect(started).toContain('Next: 02-three-way-handshake. Run ./tcplab check 02; stuck? ./tcplab hint 02');
    // Work under way comes before an exercise not started, whatever their order.
    const working = text(
      report([
        { id: '01-sequence-numbers', status: 'not-started', score: 0, maxScore: 54 },
        { id: '05-time-wait', status: 'failed', score: 2, maxScore: 4 },
      ]),
    );
    expect(working).toContain('Next: 05-time-wait. Run ./tcplab check 05');
    const fresh = text(report([{ id: '04-four-way-close', status: 'not-started', score: 0, maxScore: 19 }]));
    expect(fresh).toContain('Next: 04-four-way-close. Read lesson 4 (./tcplab lesson 4), then ./tcplab check 04');
    expect(text(report([{ id: '05-time-wait', status: 'passed', score: 4, maxScore: 4 }]))).toContain(
      'Every exercise passes its public checks and tests.',
    );
  });

  it('shows the application tests, and sends the student to a failing one once every module passes', () => {
    const passed = report([{ id: '05-time-wait', status: 'passed', score: 4, maxScore: 4 }]);
    const apps: AppTests = {
      text: '',
      results: [
        { exercise: '05-time-wait', passed: 5, total: 5, untouched: false },
        { exercise: '06-close-wait', passed: 5, total: 7, untouched: true },
      ],
    };
    const shown = text(passed, apps);
    expect(shown).toMatch(/05 crawler\.ts\s+5\/5\s+passed/);
    // As handed out: not started, as check says.
    expect(shown).toMatch(/06 server\.ts\s+5\/7\s+not started/);
    expect(shown).toContain('Next: exercises/06-close-wait/server.ts. Run ./tcplab check 06');
    expect(shown).not.toContain('Every exercise passes');
    const stopped = text(passed, {
      text: '',
      results: [
        {
          exercise: '05-time-wait',
          passed: 0,
          total: 0,
          error: 'its tests ran longer than 30 s and were stopped',
          untouched: false,
        },
      ],
    });
    expect(stopped).toMatch(/05 crawler\.ts\s+0\/0\s+cannot run\n\s+05 crawler\.ts: its tests ran longer than 30 s/);
  });

  it('puts an application being worked on before an exercise not started, and after a module that fails', () => {
    const crawler = (untouched: boolean): AppTests => ({
      text: '',
      results: [{ exercise: '05-time-wait', passed: 3, total: 5, untouched }],
    });
    const fresh = report([
      { id: '01-sequence-numbers', status: 'not-started', score: 0, maxScore: 54 },
      { id: '05-time-wait', status: 'passed', score: 6, maxScore: 6 },
    ]);
    expect(text(fresh, crawler(false))).toContain('Next: exercises/05-time-wait/crawler.ts. Run ./tcplab check 05');
    // As handed out, the crawler waits its turn.
    expect(text(fresh, crawler(true))).toContain('Next: 01-sequence-numbers. Read lesson 1');
    const failing = report([
      { id: '03-handshake-failures', status: 'failed', score: 3, maxScore: 32 },
      { id: '05-time-wait', status: 'passed', score: 6, maxScore: 6 },
    ]);
    expect(text(failing, crawler(false))).toContain('Next: 03-handshake-failures. Run ./tcplab check 03');
  });

  it('reports the kit as shipped: every exercise not started, lesson 1 first', async () => {
    const { code, out } = await runCli('status');
    expect(code).toBe(0);
    const plain = stripVTControlCharacters(out);
    // Every graded rule of the catalogue counts once.
    expect(plain).toContain(`Public checks: 0 / ${CATALOGUE.reduce((sum, e) => sum + e.weight, 0)}`);
    // Every topic module and every application.
    expect(plain.match(/not started/g)?.length).toBe(
      EXERCISES.filter((e) => e.module).length + Object.keys(APP_EXERCISES).length,
    );
    expect(plain).toContain('Next: 01-sequence-numbers. Read lesson 1');
    // The application exercises as shipped: their tests run, and some fail until the student fixes the code.
    expect(plain).toMatch(/05 crawler\.ts\s+\d+\/\d+\s+not started/);
    expect(plain).toMatch(/06 server\.ts\s+\d+\/\d+\s+not started/);
  }, 120_000);
});
