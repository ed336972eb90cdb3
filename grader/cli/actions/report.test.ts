/**
 * `tcplab report REPORT.json --format …` renders a saved report in every format, with the same
 * thresholds as `grade`; and what a student is shown of a hidden report follows the rubric's
 * visibility in every place a student reads it: the feedback file, Gradescope's results.json, the
 * step summary and the annotations.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toAnnotations } from '../../report/annotations.js';
import { toFeedback } from '../../report/feedback.js';
import type { GradescopeResults } from '../../report/gradescope.js';
import { toGradescope } from '../../report/gradescope.js';
import { toJson } from '../../report/json.js';
import { sampleReport } from '../../report/model.js';
import { studentView, type Visibility } from '../../report/visibility.js';
import { KIT } from '../../runner/kit.js';
import { runCli } from '../capture.js';
import { makeZip } from '../intake/testing.js';
import { locateIn } from './report.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-report-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const at = (...parts: string[]): string => join(temp, ...parts);
const FAILED = 'FIN-WAIT-1 --rcv FIN--> CLOSING';
const saved = at('report.json');
writeFileSync(saved, toJson(sampleReport()));

describe('tcplab report', () => {
  it('renders a saved report in each format', async () => {
    for (const [format, mark] of [
      ['json', '"schema": "tcplab.report/1"'],
      ['markdown', '## tcplab results'],
      ['junit', '<testsuites'],
      ['gradescope', '"tests"'],
      ['table', 'score 3.5 / 5'],
    ] as const) {
      const r = await runCli('report', saved, '--format', format);
      expect(r.code, format).toBe(0);
      expect(r.out, format).toContain(mark);
    }
  });

  it("annotations: workflow commands on the student's file, at the line that names the transition", async () => {
    mkdirSync(at('repo', 'exercises', '04-four-way-close'), { recursive: true });
    writeFileSync(
      at('repo', 'exercises', '04-four-way-close', 'four-way-close.ts'),
      `// ${FAILED}: a comment first\nexport const x = 1;\n  ctx.go('${FAILED}');\n`,
    );
    const locate = locateIn(at('repo'));
    expect(locate('04-four-way-close', FAILED)).toEqual({
      file: 'exercises/04-four-way-close/four-way-close.ts',
      line: 3,
    });
    expect(locate('05-time-wait', 'TIME-WAIT --timeout 2MSL--> CLOSED')).toBeUndefined();
    // A rule that keeps the state is found where ctx.stay names its event; no other rule is.
    mkdirSync(at('repo', 'exercises', '01-sequence-numbers'), { recursive: true });
    writeFileSync(
      at('repo', 'exercises', '01-sequence-numbers', 'sequence-numbers.ts'),
      "  ctx.stay('rcv data');\n  ctx.stay('rcv ACK');\n",
    );
    expect(locate('01-sequence-numbers', 'FIN-WAIT-2 --rcv ACK--> FIN-WAIT-2')).toEqual({
      file: 'exercises/01-sequence-numbers/sequence-numbers.ts',
      line: 2,
    });
    expect(locate('01-sequence-numbers', 'ESTABLISHED --rcv ACK--> CLOSED')).toEqual({
      file: 'exercises/01-sequence-numbers/sequence-numbers.ts',
    });
    const lines = toAnnotations(sampleReport(), { results: true, transitions: true, firstFailure: true }, locate)
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe(
      "::error file=exercises/05-time-wait/time-wait.ts,line=17,title=tcplab typecheck::Type 'string' is not assignable to type 'number'.",
    );
    expect(lines[1]).toMatch(
      /^::error file=exercises\/04-four-way-close\/four-way-close\.ts,line=3,title=FIN-WAIT-1 --rcv FIN--> CLOSING::2 of 4 checks passed\. First failure/,
    );
    expect(lines.at(-1)).toBe('::notice title=tcplab::score 3.5 / 5 (70%25), hidden checks');
  });

  it('annotations: a message cannot end its line or start a command of its own', () => {
    const report = sampleReport();
    report.errors = [{ kind: 'static', message: 'bad\n::set-env name=X::1\r%0A', file: 'a,b:c.ts', line: 2 }];
    const out = toAnnotations(report, { results: true, transitions: false, firstFailure: false }, () => undefined);
    expect(out.split('\n')[0]).toBe(
      '::error file=a%2Cb%3Ac.ts,line=2,title=tcplab static::bad%0A::set-env name=X::1\\x0d%250A',
    );
  });

  it('--min-score and --min-percent exit 1 below them; bad input exits 2 naming it', async () => {
    expect((await runCli('report', saved, '--min-percent', '70')).code).toBe(0);
    const below = await runCli('report', saved, '--min-percent', '70.5');
    expect(below.code).toBe(1);
    expect(below.err).toContain('score 3.5 / 5 is 70%, below --min-percent 70.5');
    expect((await runCli('report', saved, '--min-score', '4')).code).toBe(1);
    // 100%, what npm run test:exercises asks for, is said as what it means.
    const all = await runCli('report', saved, '--min-percent', '100');
    expect(all.code).toBe(1);
    expect(all.err).toContain('score 3.5 / 5: not every check passes yet');
    expect((await runCli('report', saved, '--min-percent', '101')).err).toContain(
      '--min-percent 101: expected a number from 0 to 100',
    );
    writeFileSync(at('not.json'), '{"schema":"tcplab.report/1","mode":"hidden"}');
    const damaged = await runCli('report', at('not.json'));
    expect(damaged.code).toBe(2);
    expect(damaged.err).toContain('not.json: not a tcplab report: seed:');
    expect((await runCli('report', at('missing.json'))).code).toBe(2);
  });
});

describe("what a student sees of a hidden grade, by the rubric's visibility", () => {
  const report = sampleReport();
  const before = new Date('2027-01-01T00:00:00Z');
  const after = new Date('2027-02-01T00:00:00Z');
  const due = '2027-01-15T23:59:00.000Z';
  const see = (v: Partial<Visibility>, now = before) =>
    studentView(report, { failures: 'first-failure', totalBeforeDue: false, due, ...v }, now);

  it("before the due date, when the total waits: only the errors in the student's own code, everywhere", () => {
    const view = see({});
    expect(view).toEqual({ results: false, transitions: false, firstFailure: false });
    const feedback = toFeedback('ann', report, view, { due });
    expect(feedback).toContain('the results are shown after the due date (2027-01-15T23:59:00.000Z)');
    expect(feedback).toContain("Type 'string' is not assignable");
    expect(feedback).not.toContain('Score');
    expect(feedback).not.toContain(FAILED);
    const annotations = toAnnotations(report, view, () => undefined);
    expect(annotations).not.toContain('score');
    expect(annotations).not.toContain(FAILED);
    const gs = JSON.parse(
      toGradescope(report, { visibility: { failures: 'first-failure', totalBeforeDue: false } }),
    ) as GradescopeResults;
    expect(gs.tests.every((t) => t.visibility === 'after_due_date')).toBe(true);
    expect(gs.visibility).toBe('visible');
    expect(gs.output).not.toContain('Score');
  });

  it('after the due date, or at once with totalBeforeDue: the total, and failures at the chosen level', () => {
    expect(see({}, after)).toEqual({ results: true, transitions: true, firstFailure: true });
    expect(see({ totalBeforeDue: true })).toEqual({ results: true, transitions: true, firstFailure: true });
    const name = toFeedback('ann', report, see({ failures: 'transition' }, after));
    expect(name).toContain('**Score: 3.5 / 5**');
    expect(name).toContain(`- \`${FAILED}\`: 2 of 4 checks passed`);
    expect(name).not.toContain('state CLOSING; sent nothing');
    const whole = toFeedback('ann', report, see({ failures: 'first-failure' }, after));
    expect(whole).toContain('state CLOSING; sent nothing');
    const nothing = toFeedback('ann', report, see({ failures: 'nothing' }, after));
    expect(nothing).toContain('**Score: 3.5 / 5**');
    expect(nothing).not.toContain(FAILED);
  });

  it('Gradescope: tests per exercise, per transition, or with the first failure drawn; visible at once with totalBeforeDue; the submission as set', () => {
    const gs = (v: Visibility): GradescopeResults =>
      JSON.parse(toGradescope(report, { visibility: v })) as GradescopeResults;
    const nothing = gs({ failures: 'nothing', totalBeforeDue: true });
    expect(nothing.tests.map((t) => [t.name, t.score, t.max_score, t.visibility])).toEqual([
      ['02-three-way-handshake', 2, 2, 'visible'],
      ['04-four-way-close', 1.5, 2, 'visible'],
      ['05-time-wait', 0, 1, 'visible'],
    ]);
    const names = gs({ failures: 'transition', totalBeforeDue: false });
    expect(names.tests.find((t) => t.name === FAILED)!.output).toBe('2/4 checks passed');
    const whole = gs({ failures: 'first-failure', totalBeforeDue: false, submission: 'after_published' });
    expect(whole.tests.find((t) => t.name === FAILED)!.output).toContain('- actual: `state CLOSING; sent nothing`');
    expect(whole.visibility).toBe('after_published');
  });

  it('a public report is shown whole whatever the rubric says', () => {
    expect(studentView({ ...report, mode: 'public' }, { failures: 'nothing', totalBeforeDue: false }, before)).toEqual({
      results: true,
      transitions: true,
      firstFailure: true,
    });
  });

  it('tcplab report --rubric shows a hidden report as the rubric lets a student see it', async () => {
    writeFileSync(at('rubric.yaml'), 'visibility:\n  failures: transition\n  totalBeforeDue: true\n');
    const md = await runCli('report', saved, '--format', 'markdown', '--rubric', at('rubric.yaml'));
    expect(md.out).toContain(`- \`${FAILED}\`: 2 of 4 checks passed`);
    expect(md.out).not.toContain('sent nothing');
    const full = await runCli('report', saved, '--format', 'markdown');
    expect(full.out).toContain('sent nothing');
    writeFileSync(at('bad.yaml'), 'visibility:\n  failures: all\n');
    const bad = await runCli('report', saved, '--rubric', at('bad.yaml'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('bad.yaml:2: visibility.failures:');
  });
});

describe('grade and check: --min-percent, and what grade is given', () => {
  it('check --min-percent exits 1 below that share of the most the grade can score', async () => {
    // The kit's own exercises/ are the stubs: 0%.
    const r = await runCli('check', '05', '--min-percent', '50', '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.err).toContain('is 0%, below --min-percent 50');
    expect((await runCli('check', '05', '--min-percent', '0', '--format', 'json')).code).toBe(0);
  }, 60_000);

  it('grade takes a zip of loose files and names them as handed in', async () => {
    const zip = at('hw5.zip');
    const solution = readFileSync(join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'), 'utf8');
    writeFileSync(zip, makeZip({ 'hw5/time-wait.ts': `${solution}\nexport const oops: number = 'no';\n` }));
    const r = await runCli('grade', zip, '--exercise', '05', '--format', 'json', '--min-percent', '100');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { errors: { file?: string }[] };
    expect(report.errors.map((e) => e.file)).toEqual([`${zip}/hw5/time-wait.ts`]);
    expect(r.out).not.toContain('tcplab-intake-');
  }, 60_000);
});
