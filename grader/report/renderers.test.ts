import { describe, expect, it } from 'vitest';
import type { TransitionScore } from '../conformance/score.js';
import { failingTransitions, toGradebookCsv } from './csv.js';
import { toGradescope, type GradescopeResults } from './gradescope.js';
import { JUNIT_MAX_BYTES, toJUnit } from './junit.js';
import { STEP_SUMMARY_MAX_BYTES, toMarkdown } from './markdown.js';
import { makeReport, sampleReport, type Report } from './model.js';
import { toTable } from './table.js';
import { all, parseCsv, parseXml } from './testing/readers.js';

const FAILED = 'FIN-WAIT-1 --rcv FIN--> CLOSING';
const NOT_STARTED = 'TIME-WAIT --timeout 2MSL--> CLOSED';

/** The sample report with some transitions changed (and the scores made again from them). */
function variant(change: (t: TransitionScore) => Partial<TransitionScore>, base: Report = sampleReport()): Report {
  const transitions = base.transitions.map((t) => ({ ...t, ...change(t) }));
  const exercises = base.exercises.map((e) => {
    const mine = transitions.filter((t) => t.exercise === e.id);
    return { ...e, score: mine.reduce((a, t) => a + t.score, 0) };
  });
  const { schema: _s, score: _sc, maxScore: _m, ...rest } = base;
  return makeReport({ ...rest, transitions, exercises });
}

describe('toJUnit', () => {
  const xml = toJUnit(sampleReport());
  const root = parseXml(xml);

  it('is well-formed XML under a <testsuites name="tcplab"> root with the right totals', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ name: 'tcplab', tests: '6', failures: '2', skipped: '1' });
    expect(all(root, 'testcase')).toHaveLength(6);
  });

  it('has one suite per exercise, with its counts, and a suite for the errors', () => {
    const suites = Object.fromEntries(root.children.map((s) => [s.attrs['name'], s.attrs]));
    expect(Object.keys(suites).sort()).toEqual([
      '02-three-way-handshake',
      '04-four-way-close',
      '05-time-wait',
      'errors',
    ]);
    expect(suites['02-three-way-handshake']).toMatchObject({ tests: '2', failures: '0', skipped: '0' });
    expect(suites['04-four-way-close']).toMatchObject({ tests: '2', failures: '1', skipped: '0' });
    expect(suites['05-time-wait']).toMatchObject({ tests: '1', failures: '0', skipped: '1' });
    expect(suites['errors']).toMatchObject({ tests: '1', failures: '1' });
  });

  it('writes one testcase per transition with classname, name, time and the exercise file', () => {
    const cases = all(root, 'testcase').filter((c) => c.attrs['name'] === FAILED);
    expect(cases).toHaveLength(1);
    const failed = cases[0]!;
    expect(failed.attrs).toEqual({
      classname: '04-four-way-close',
      name: FAILED,
      time: '0',
      file: 'exercises/04-four-way-close/four-way-close.ts',
    });
    const failure = failed.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs['message']).toBe('2/4 checks');
    expect(failure.text).toContain('expected: state CLOSING; sent ACK seq=4294967292 ack=4294966998');
    expect(failure.text).toContain('actual:   state CLOSING; sent nothing');

    const waiting = all(root, 'testcase').find((c) => c.attrs['name'] === NOT_STARTED)!;
    expect(waiting.attrs['file']).toBe('exercises/05-time-wait/time-wait.ts');
    expect(waiting.children.map((c) => [c.name, c.attrs['message']])).toEqual([['skipped', 'not started']]);

    const passed = all(root, 'testcase').find((c) => c.attrs['name'] === 'CLOSED --OPEN active--> SYN-SENT')!;
    expect(passed.children).toEqual([]);
  });

  it('makes each error a failed testcase with its file and line', () => {
    const errors = root.children.find((s) => s.attrs['name'] === 'errors')!;
    const [tc] = errors.children;
    expect(tc!.attrs).toMatchObject({ file: 'exercises/05-time-wait/time-wait.ts', line: '17' });
    expect(tc!.children[0]!.name).toBe('failure');
    expect(tc!.children[0]!.text).toContain("Type 'string' is not assignable to type 'number'.");
    expect(tc!.children[0]!.text).toContain('(exercises/05-time-wait/time-wait.ts:17:1)');
  });

  it('escapes < & " \' in names, messages and failure texts, and replaces characters XML cannot hold', () => {
    const nasty = `a<b && "c" 'd' > e`;
    const report = variant((t) =>
      t.id === FAILED
        ? {
            id: `${FAILED} <&"'>`,
            failures: [{ check: 'c<1>', step: 1, expected: nasty, actual: `bell\u0007 and \r\n done` }],
          }
        : {},
    );
    report.errors[0]!.message = `x<"y">&'z'`;
    const out = toJUnit(report);
    expect(out).not.toContain(nasty);
    expect(out).toContain('a&lt;b &amp;&amp; &quot;c&quot; &apos;d&apos; &gt; e');
    const doc = parseXml(out);
    const tc = all(doc, 'testcase').find((c) => c.attrs['name'] === `${FAILED} <&"'>`)!;
    expect(tc.children[0]!.text).toContain(`expected: ${nasty}`);
    expect(tc.children[0]!.text).toContain('bell\uFFFD and \r\n done');
    expect(all(doc, 'failure').some((f) => f.text.includes(`x<"y">&'z'`))).toBe(true);
  });

  it('is byte-identical for the same report, with no timestamp, hostname or duration in it', () => {
    expect(toJUnit(sampleReport())).toBe(xml);
    expect(toJUnit({ ...sampleReport(), durationMs: 99_999 })).toBe(xml);
    expect(xml).not.toMatch(/timestamp|hostname/);
    expect(all(root, 'testcase').every((c) => c.attrs['time'] === '0')).toBe(true);
  });

  it('stays under 65,535 bytes by shortening failure texts, and says so', () => {
    const base = sampleReport();
    const long = 'x'.repeat(5000);
    const many: TransitionScore[] = Array.from({ length: 150 }, (_, i) => ({
      ...base.transitions[2]!,
      id: `FIN-WAIT-1 --rcv FIN ${i}--> CLOSING`,
      failures: [1, 2, 3].map((n) => ({ check: `t${n}`, step: n, expected: long, actual: long })),
    }));
    const big = { ...base, transitions: many };
    const out = toJUnit(big);
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThanOrEqual(JUNIT_MAX_BYTES);
    const doc = parseXml(out);
    expect(all(doc, 'testcase')).toHaveLength(151);
    const failures = all(doc, 'failure').filter((f) => f.attrs['message'] === '2/4 checks');
    expect(failures).toHaveLength(150);
    expect(failures.every((f) => f.text.includes('shortened to keep this report under 65,535 bytes'))).toBe(true);
    // The sample itself needs no cutting.
    expect(xml).not.toContain('shortened');
  });
});

describe('toMarkdown', () => {
  const md = toMarkdown(sampleReport());

  it('leads with the score, the mode and the seed', () => {
    expect(md).toContain('**Score: 3.5 / 5**');
    expect(md).toContain('hidden tests');
    expect(md).toContain('seed 42');
  });

  it('lists every exercise with its status in words and its score', () => {
    expect(md).toContain('| `02-three-way-handshake` | ✅ passed | 2 / 2 |');
    expect(md).toContain('| `04-four-way-close` | ❌ failed | 1.5 / 2 |');
    expect(md).toContain('| `05-time-wait` | ⏸️ not started | 0 / 1 |');
  });

  it('shows the failing transition with passed/total and its first expected vs actual', () => {
    expect(md).toContain(
      `| \`${FAILED}\` | 2/4 | \`state CLOSING; sent ACK seq=4294967292 ack=4294966998\` | \`state CLOSING; sent nothing\` |`,
    );
    expect(md).not.toContain('| `LISTEN --rcv SYN--> SYN-RECEIVED` |');
  });

  it('lists errors with file:line', () => {
    expect(md).toContain(
      "- **typecheck** `exercises/05-time-wait/time-wait.ts:17`: Type 'string' is not assignable to type 'number'.",
    );
  });

  it('puts a given Mermaid diagram beside the table of its failing transition', () => {
    const diagrams = new Map([
      [FAILED, 'sequenceDiagram\n  A->>B: FIN seq=1'],
      ['LISTEN --rcv SYN--> SYN-RECEIVED', 'sequenceDiagram\n  Note over A: unused'],
    ]);
    const out = toMarkdown(sampleReport(), { diagrams });
    expect(out).toContain('```mermaid\nsequenceDiagram\n  A->>B: FIN seq=1\n```');
    expect(out).not.toContain('unused');
    const table = out.indexOf(`| \`${FAILED}\` | 2/4 |`);
    expect(table).toBeGreaterThan(-1);
    expect(out.indexOf('```mermaid')).toBeGreaterThan(table);
  });

  it('keeps table cells in one piece when the text has pipes, backticks and newlines', () => {
    const report = variant((t) =>
      t.id === FAILED ? { failures: [{ check: 'c', step: 1, expected: 'a | b', actual: 'x `y`\nz `w`' }] } : {},
    );
    const out = toMarkdown(report);
    const row = out.split('\n').find((l) => l.startsWith(`| \`${FAILED}\``))!;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
    expect(row).toContain('`a \\| b`');
    expect(row).toContain('`` x `y` z `w` ``');
  });

  it('is byte-identical for the same report and stays under 1 MiB', () => {
    expect(toMarkdown(sampleReport())).toBe(md);
    const huge = new Map([[FAILED, `sequenceDiagram\n${'  A->>B: x\n'.repeat(200_000)}`]]);
    const out = toMarkdown(sampleReport(), { diagrams: huge });
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThan(STEP_SUMMARY_MAX_BYTES);
    expect(out).toContain('left out to stay under 1 MiB');
    expect(out).toContain(`| \`${FAILED}\` | 2/4 |`);
  });
});

describe('toGradescope', () => {
  const json = toGradescope(sampleReport());
  const results = JSON.parse(json) as GradescopeResults;

  it('has every top-level field Gradescope reads', () => {
    expect(results).toMatchObject({
      score: 3.5,
      execution_time: 1.234,
      output_format: 'md',
      visibility: 'visible',
      stdout_visibility: 'hidden',
    });
    expect(typeof results.output).toBe('string');
    expect(results.tests).toHaveLength(5);
  });

  it('has one test per transition with name, number, score, status, output and tags', () => {
    expect(results.tests.map((t) => [t.name, t.number, t.status])).toEqual([
      ['CLOSED --OPEN active--> SYN-SENT', '2.1', 'passed'],
      ['LISTEN --rcv SYN--> SYN-RECEIVED', '2.2', 'passed'],
      [FAILED, '4.1', 'failed'],
      ['FIN-WAIT-2 --rcv FIN--> TIME-WAIT', '4.2', 'passed'],
      [NOT_STARTED, '5.1', 'failed'],
    ]);
    const failed = results.tests[2]!;
    expect(failed).toMatchObject({ score: 0.5, max_score: 1, tags: ['04-four-way-close'] });
    expect(failed.output).toContain('- expected: `state CLOSING; sent ACK seq=4294967292 ack=4294966998`');
    expect(failed.output).toContain('- actual: `state CLOSING; sent nothing`');
    expect(results.tests[4]!.output).toBe('not started');
  });

  it('has test scores that add up to the total', () => {
    const sum = (ns: number[]): number => Math.round(ns.reduce((a, n) => a + n, 0) * 1000) / 1000;
    expect(sum(results.tests.map((t) => t.score))).toBe(results.score);
    expect(sum(results.tests.map((t) => t.max_score))).toBe(sampleReport().maxScore);
  });

  it("gives a hidden report's tests the chosen visibility, after the due date by default, and hides the score in the summary", () => {
    expect(results.tests.every((t) => t.visibility === 'after_due_date')).toBe(true);
    expect(results.output).not.toContain('3.5');
    expect(results.output).not.toContain('sent nothing');
    expect(results.output).toContain('exercises/05-time-wait/time-wait.ts:17');
    const hidden = JSON.parse(toGradescope(sampleReport(), { hiddenVisibility: 'hidden' })) as GradescopeResults;
    expect(hidden.tests.every((t) => t.visibility === 'hidden')).toBe(true);
    const published = JSON.parse(
      toGradescope(sampleReport(), { hiddenVisibility: 'after_published' }),
    ) as GradescopeResults;
    expect(published.tests.every((t) => t.visibility === 'after_published')).toBe(true);
  });

  it("makes a public report's tests visible whatever the option, with the score in the summary", () => {
    const pub = JSON.parse(
      toGradescope({ ...sampleReport(), mode: 'public' }, { hiddenVisibility: 'hidden' }),
    ) as GradescopeResults;
    expect(pub.tests.every((t) => t.visibility === 'visible')).toBe(true);
    expect(pub.output).toContain('**Score: 3.5 / 5**');
    expect(pub.output).toContain('❌ failed');
  });

  it('is byte-identical for the same report', () => {
    expect(toGradescope(sampleReport())).toBe(json);
  });
});

describe('toGradebookCsv', () => {
  const rows = [
    { student: 'Doe, "JJ" Jr', report: sampleReport() },
    { student: 'ann', report: undefined, error: 'timed out\nafter 60 s' },
  ];
  const csv = toGradebookCsv(rows);
  const table = parseCsv(csv);

  it('has one column per exercise between the totals and the status, then the message, seed, mode and kit', () => {
    expect(csv.split('\n')[0]).toBe(
      'student,score,maxScore,02-three-way-handshake,04-four-way-close,05-time-wait,status,message,seed,mode,kit',
    );
    expect(table.every((r) => r.length === 11)).toBe(true);
    expect(table).toHaveLength(3);
  });

  it('quotes a field with a comma or a quote, doubling its quotes', () => {
    expect(csv.split('\n')[1]!.startsWith('"Doe, ""JJ"" Jr",3.5,5,2,1.5,0,ok,')).toBe(true);
    expect(table[1]!.slice(0, 7)).toEqual(['Doe, "JJ" Jr', '3.5', '5', '2', '1.5', '0', 'ok']);
    expect(table[1]![7]).toBe(
      "typecheck exercises/05-time-wait/time-wait.ts:17: Type 'string' is not assignable to type 'number'.",
    );
    expect(table[1]!.slice(8)).toEqual(['42', 'hidden', '']);
  });

  it("leaves a missing report's scores empty and gives its error, quoted across the line break", () => {
    expect(table[2]).toEqual(['ann', '', '', '', '', '', 'error', 'timed out\nafter 60 s', '', '', '']);
    expect(csv).toContain('"timed out\nafter 60 s"');
  });

  it("gives every row the run's seed, mode and kit, and the status it was given", () => {
    const run = parseCsv(
      toGradebookCsv(
        [...rows, { student: 'bo', report: undefined, status: 'no-submission', error: 'bo: it is empty' }],
        { seed: 7, mode: 'hidden', kit: '0.1.0+abc' },
      ),
    );
    expect(run.slice(1).map((r) => r.slice(6))).toEqual([
      [
        'ok',
        "typecheck exercises/05-time-wait/time-wait.ts:17: Type 'string' is not assignable to type 'number'.",
        '7',
        'hidden',
        '0.1.0+abc',
      ],
      ['error', 'timed out\nafter 60 s', '7', 'hidden', '0.1.0+abc'],
      ['no-submission', 'bo: it is empty', '7', 'hidden', '0.1.0+abc'],
    ]);
  });
});

describe('failingTransitions', () => {
  const LISTEN = 'LISTEN --rcv SYN--> SYN-RECEIVED';
  const failListen = (t: TransitionScore): Partial<TransitionScore> =>
    t.id === LISTEN ? { status: 'failed', passed: 1, score: 0.167 } : {};
  const fixFin = (t: TransitionScore): Partial<TransitionScore> =>
    t.id === FAILED ? { status: 'passed', passed: 4, score: 1, failures: [] } : {};

  it('puts the transitions most students fail first, and does not count not started as failed', () => {
    const ranked = failingTransitions([
      variant(failListen), // LISTEN and FIN-WAIT-1 fail
      variant(failListen, variant(fixFin)), // LISTEN fails
      variant(failListen, variant(fixFin)), // LISTEN fails
      variant(fixFin), // nothing fails; TIME-WAIT is not started
    ]);
    expect(ranked).toEqual([
      { id: LISTEN, failed: 3, of: 4 },
      { id: FAILED, failed: 1, of: 4 },
      { id: 'CLOSED --OPEN active--> SYN-SENT', failed: 0, of: 4 },
      { id: 'FIN-WAIT-2 --rcv FIN--> TIME-WAIT', failed: 0, of: 4 },
      { id: NOT_STARTED, failed: 0, of: 4 },
    ]);
  });

  it('breaks a tie by the share of reports that fail it', () => {
    const sample = sampleReport();
    const onlyListen: Report = { ...sample, transitions: sample.transitions.filter((t) => t.id === LISTEN) };
    const ranked = failingTransitions([sample, variant(failListen, variant(fixFin)), onlyListen]);
    expect(ranked.slice(0, 2)).toEqual([
      { id: FAILED, failed: 1, of: 2 },
      { id: LISTEN, failed: 1, of: 3 },
    ]);
  });
});

describe('toTable', () => {
  const plain = (text: string): string => text.replace(/\x1b\[\d+m/g, '');

  it('sets off with blank lines only the exercises that print something under their row', () => {
    const base = sampleReport();
    const row = (id: string, status: Report['exercises'][number]['status']): Report['exercises'][number] => ({
      id: id as Report['exercises'][number]['id'],
      score: 0,
      maxScore: 1,
      status,
    });
    const { schema: _s, score: _sc, maxScore: _m, ...rest } = base;
    const report = makeReport({
      ...rest,
      errors: [],
      exercises: [
        row('01-sequence-numbers', 'passed'),
        row('02-three-way-handshake', 'passed'),
        row('03-handshake-failures', 'not-started'),
        row('04-four-way-close', 'failed'),
        row('07-keepalive', 'not-started'),
        row('08-resets', 'not-started'),
      ],
    });
    const lines = plain(toTable(report)).split('\n');
    const at = (id: string): number => lines.findIndex((l) => l.startsWith(id));
    // The quiet rows stack; 04 (its failing transition and first failure under it) has a blank line on each side.
    expect(at('02-three-way-handshake') - at('01-sequence-numbers')).toBe(1);
    expect(at('03-handshake-failures') - at('02-three-way-handshake')).toBe(1);
    expect(lines[at('04-four-way-close') - 1]).toBe('');
    expect(lines[at('04-four-way-close') + 1]).toMatch(/^  ✗ FIN-WAIT-1 --rcv FIN--> CLOSING/);
    expect(lines[at('07-keepalive') - 1]).toBe('');
    expect(at('08-resets') - at('07-keepalive')).toBe(1);
    expect(lines[at('01-sequence-numbers') - 1]).toBe('');
    expect(lines.filter((l, i) => l === '' && lines[i + 1] === '')).toEqual([]);
  });

  it('numbers the inputs of the first failure from 1, as the step it names is numbered', () => {
    const sketch = [
      '      1 ms  user OPEN active',
      '      2 ms  peer → SYN,ACK seq=1 ack=2',
      '    200 ms  timers due ← the step checked',
    ]
      .map((l) => `    ${l}`)
      .join('\n');
    const report = variant((t) =>
      t.id === FAILED ? { failures: [{ check: 't1', step: 3, expected: 'x', actual: 'y', sketch }] } : {},
    );
    const out = plain(toTable(report));
    expect(out).toContain('(check t1, step 3)');
    const numbers = [...out.matchAll(/^ {4} *(\d+)\. +\d+ ms  /gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual([1, 2, 3]);
    expect(out).toMatch(/^ {4} *3\. +200 ms  timers due ← the step checked$/m);
  });
});
