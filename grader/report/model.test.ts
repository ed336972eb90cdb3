/** The result model every report format renders: made the same way whatever order its parts arrived in. */
import { describe, expect, it } from 'vitest';
import { makeReport, sampleReport, type Report } from './model.js';

describe('makeReport', () => {
  it('lists the errors in one order whatever order they were found in (by exercise, file, line)', () => {
    const errors: Report['errors'] = [
      { kind: 'typecheck', message: 'b', file: 'x/07-keepalive/keepalive.ts', line: 9, exercise: '07-keepalive' },
      { kind: 'crash', message: 'could not load', file: 'x/05-time-wait/time-wait.ts', exercise: '05-time-wait' },
      { kind: 'static', message: 'a', file: 'x/05-time-wait/time-wait.ts', line: 3, exercise: '05-time-wait' },
      { kind: 'timeout', message: 'the typecheck took longer than 60 s' },
    ];
    const made = (list: Report['errors']) => makeReport({ ...sampleReport(), errors: list });
    const forward = made(errors);
    expect(forward.errors.map((e) => e.message)).toEqual([
      'the typecheck took longer than 60 s',
      'could not load',
      'a',
      'b',
    ]);
    expect(JSON.stringify(made([...errors].reverse()))).toBe(JSON.stringify(forward));
  });
});
