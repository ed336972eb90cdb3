/**
 * JUnit XML for GitHub test reporters (dorny/test-reporter's jest-junit parser, action-junit-report):
 * root <testsuites>, one <testsuite> per exercise, one <testcase> per transition, and a suite named
 * "errors" for the report's errors. Made only from the report, so the same report gives the same
 * bytes: every time is "0", and there is no timestamp or hostname. Failure texts are shortened, and
 * say so, until the document fits in 65,535 bytes, the most a reporter reads.
 */
import { EXERCISES } from '../engine/exercises.js';
import type { Failure, TransitionScore } from '../conformance/score.js';
import { inert } from './inert.js';
import type { Report, ReportError } from './model.js';

export const JUNIT_MAX_BYTES = 65_535;

/** Characters XML 1.0 cannot hold at all (controls, U+FFFE/U+FFFF, lone surrogates): shown as U+FFFD. */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes text for XML content or a double- or single-quoted attribute; keeps newlines and tabs in
 * attributes. XML may hold DEL, C1 and bidi controls, but a viewer would act on them: made inert.
 */
function escapeXml(s: string): string {
  return inert(s.replace(NOT_XML, '\uFFFD'))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

const attr = (s: string): string => escapeXml(s).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');

/** Cuts to `max` code points (never inside a surrogate pair), marking the cut. */
function cut(s: string, max: number): { text: string; cut: boolean } {
  const points = Array.from(s);
  return points.length <= max ? { text: s, cut: false } : { text: `${points.slice(0, max).join('')}…`, cut: true };
}

const CUT_NOTE = '(shortened to keep this report under 65,535 bytes; the JSON report has it in full)';

/** How much failure text to keep: how many failures per transition, and how long each field may be. */
interface Detail {
  failures: number;
  chars: number;
}
const DETAILS: Detail[] = [
  { failures: Infinity, chars: Infinity },
  { failures: 1, chars: Infinity },
  { failures: 1, chars: 1000 },
  { failures: 1, chars: 200 },
  { failures: 1, chars: 60 },
  { failures: 0, chars: 0 },
];

function failureText(t: TransitionScore, d: Detail): string {
  if (t.failures.length === 0) return t.total === 0 ? 'no check reached this transition' : '';
  let shortened = t.failures.length > d.failures;
  const parts = t.failures.slice(0, d.failures).map((f: Failure) => {
    const expected = cut(f.expected, d.chars);
    const actual = cut(f.actual, d.chars);
    shortened ||= expected.cut || actual.cut;
    return `check ${f.check}, step ${f.step}\nexpected: ${expected.text}\nactual:   ${actual.text}`;
  });
  if (shortened) parts.push(CUT_NOTE);
  return parts.join('\n\n');
}

function fileOf(exercise: string): string | undefined {
  const found = EXERCISES.find((e) => e.id === exercise);
  return found ? `exercises/${exercise}/${found.file}` : undefined;
}

function transitionCase(t: TransitionScore, d: Detail): string {
  const file = fileOf(t.exercise);
  const open = `    <testcase classname="${attr(t.exercise)}" name="${attr(t.id)}" time="0"${file ? ` file="${attr(file)}"` : ''}`;
  if (t.status === 'passed') return `${open}/>`;
  if (t.status === 'not-started') return `${open}>\n      <skipped message="not started"/>\n    </testcase>`;
  if (t.status === 'blocked')
    return `${open}>\n      <skipped message="${attr(t.failures[0]?.actual ?? 'blocked by an earlier failure')}"/>\n    </testcase>`;
  const text = failureText(t, d);
  return `${open}>\n      <failure message="${t.passed}/${t.total} checks">${escapeXml(text)}</failure>\n    </testcase>`;
}

function errorCase(e: ReportError, d: Detail): string {
  const firstLine = cut(e.message.split('\n')[0] ?? '', 120).text;
  const where = e.file
    ? `${e.file}${e.line !== undefined ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}`
    : undefined;
  const message = cut(e.message, d.chars);
  // A stack-style "(file:line:col)" line is how the jest-junit parser finds where to annotate.
  const at = e.file && e.line !== undefined ? `\n    at ${e.file} (${e.file}:${e.line}:${e.column ?? 1})` : '';
  const text = `${message.text}${message.cut ? `\n${CUT_NOTE}` : ''}${at}`;
  return (
    `    <testcase classname="${attr(e.exercise ?? 'errors')}" name="${attr(`${e.kind}: ${firstLine}`)}" time="0"` +
    `${e.file ? ` file="${attr(e.file)}"` : ''}${e.line !== undefined ? ` line="${e.line}"` : ''}>\n` +
    `      <failure message="${attr(where ?? e.kind)}" type="${attr(e.kind)}">${escapeXml(text)}</failure>\n    </testcase>`
  );
}

const suite = (name: string, tests: number, failures: number, skipped: number, cases: string[]): string =>
  `  <testsuite name="${attr(name)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0">\n` +
  `${cases.map((c) => `${c}\n`).join('')}  </testsuite>`;

function render(report: Report, d: Detail): string {
  const ids = [...new Set([...report.exercises.map((e) => e.id), ...report.transitions.map((t) => t.exercise)])];
  const suites: string[] = [];
  // Errors come first: a job shows at most 50 annotations, and these carry real file:line places.
  if (report.errors.length > 0) {
    suites.push(
      suite(
        'errors',
        report.errors.length,
        report.errors.length,
        0,
        report.errors.map((e) => errorCase(e, d)),
      ),
    );
  }
  for (const id of ids) {
    const mine = report.transitions.filter((t) => t.exercise === id);
    const failed = mine.filter((t) => t.status === 'failed').length;
    const skipped = mine.filter((t) => t.status === 'not-started' || t.status === 'blocked').length;
    suites.push(
      suite(
        id,
        mine.length,
        failed,
        skipped,
        mine.map((t) => transitionCase(t, d)),
      ),
    );
  }
  const tests = report.transitions.length + report.errors.length;
  const failures = report.transitions.filter((t) => t.status === 'failed').length + report.errors.length;
  const skipped = report.transitions.filter((t) => t.status === 'not-started' || t.status === 'blocked').length;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="tcplab" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0">\n` +
    `${suites.map((s) => `${s}\n`).join('')}</testsuites>\n`
  );
}

/** The report as JUnit XML, at most 65,535 bytes unless even bare test cases need more. */
export function toJUnit(report: Report): string {
  let xml = '';
  for (const d of DETAILS) {
    xml = render(report, d);
    if (Buffer.byteLength(xml, 'utf8') <= JUNIT_MAX_BYTES) return xml;
  }
  return xml;
}
