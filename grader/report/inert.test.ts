/**
 * A submission's text is data in every report format: a report whose every string carries an attack
 * (a forged "ALL CHECKS PASSED" in colour, clear screen, OSC 52 to the clipboard, C1 CSI, bidi
 * override, line breaks meant to end a Mermaid note or a table row) renders with no control
 * character left raw, the escapes visible, and the structure around it whole.
 */
import { marked } from 'marked';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkDiagram } from '../conformance/check-diagram.js';
import type { ExerciseScore } from '../conformance/score.js';
import { checkMermaid } from '../kit/mermaid.js';
import { toGradebookCsv } from './csv.js';
import { toGradescope, type GradescopeResults } from './gradescope.js';
import { inert } from './inert.js';
import { toJson } from './json.js';
import { toJUnit } from './junit.js';
import { toMarkdown } from './markdown.js';
import { safeMermaid } from './mermaid.js';
import { makeReport, sampleReport, type Report, type ReportError } from './model.js';
import { statusWord, toTable } from './table.js';
import { all, parseCsv, parseXml } from './testing/readers.js';

// The table's own colours, switched per test: off shows that nothing else emits an ESC.
const colour = vi.hoisted(() => ({ on: false }));
vi.mock('picocolors', async (importOriginal) => {
  type Paint = Record<string, (s: string) => string>;
  const real = (await importOriginal<{ default: { createColors: (on: boolean) => Paint } }>()).default;
  const [on, off] = [real.createColors(true), real.createColors(false)];
  return { default: new Proxy(off, { get: (_, name: string) => (s: string) => (colour.on ? on : off)[name]!(s) }) };
});
afterEach(() => {
  colour.on = false;
});

const ATTACK =
  '\x1b[2J\x1b[H\x1b[32mALL CHECKS PASSED 177/177\x1b[0m \x1b]52;c;ZWNobw==\x07 bell\x07 nul\x00' +
  ' cr\roverwrite del\x7f csi\u009b31m rlo\u202Eevil lsep\u2028x | pipe\nend\n%%{init: {}}%% ; #x ```\n<img src=x>';

/** Written out here rather than taken from inert.ts, so a gap there shows. */
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
const raw = (s: string): string[] =>
  [...s.matchAll(RAW)].map((m) => `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
/** How the attack's characters read once escaped. */
const SHOWN = ['\\x1b[2J', '\\x1b]52;c;ZWNobw==\\x07', '\\x00', '\\x0d', '\\x7f', '\\u009b', '\\u202e', '\\u2028'];

const DIAGRAM = `sequenceDiagram\n  participant P as peer ${ATTACK}\n  participant E as engine\n  P->>E: ${ATTACK}\n  Note over E: got ${ATTACK}`;

/** The sample report with the attack in every string it holds. */
function hostile(): Report {
  const base = sampleReport();
  const transitions = base.transitions.map((t) => ({
    ...t,
    id: `${t.id} ${ATTACK}`,
    from: ATTACK,
    event: ATTACK,
    to: ATTACK,
    failures: t.failures.map((f) => ({
      ...f,
      check: ATTACK,
      expected: ATTACK,
      actual: ATTACK,
      sketch: ATTACK,
      mermaid: DIAGRAM,
    })),
  }));
  const errors: ReportError[] = [
    { kind: ATTACK as ReportError['kind'], message: ATTACK, file: ATTACK, line: 3, exercise: '05-time-wait' },
    { kind: 'crash', message: ATTACK, exercise: ATTACK },
    { kind: 'timeout', message: ATTACK },
  ];
  return makeReport({
    mode: ATTACK as Report['mode'],
    seed: 1,
    checks: 19,
    durationMs: 1,
    isolation: ATTACK,
    transitions,
    errors,
    exercises: [...base.exercises, { id: ATTACK as ExerciseScore['id'], score: 0, maxScore: 1, status: 'error' }],
  });
}

/** Markdown as GitHub-flavoured HTML, to read its structure. */
const html = (md: string): string => marked.parse(md, { async: false, gfm: true });
/** Cells per row of each table in the HTML. */
const tableShapes = (h: string): number[][] =>
  [...h.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) =>
    [...t[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => (r[1]!.match(/<t[hd][ >]/g) ?? []).length),
  );

const diagramsOf = (r: Report): Map<string, string> =>
  new Map(r.transitions.flatMap((t) => (t.failures[0]?.mermaid ? [[t.id, t.failures[0].mermaid] as const] : [])));

/** Every string in a parsed JSON value. */
const strings = (v: unknown): string[] =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.flatMap(strings)
      : v && typeof v === 'object'
        ? Object.values(v).flatMap(strings)
        : [];

describe('submitted text is inert in every format', () => {
  it('inert shows each control character as an escape and keeps newline, tab and CRLF', () => {
    expect(inert('a\x1bb\u009bc\u202Ed\re\r\nf\tg\nh')).toBe('a\\x1bb\\u009bc\\u202ed\\x0de\r\nf\tg\nh');
  });

  it('table: no raw control character, with the escapes visible', () => {
    for (const verbose of [false, true]) {
      const out = toTable(hostile(), { verbose });
      expect(raw(out)).toEqual([]);
      for (const s of SHOWN) expect(out).toContain(s);
    }
    expect(raw(statusWord(ATTACK))).toEqual([]);
  });

  it('table: with colours on, its own are the only escape sequences, around the same text', () => {
    const plain = toTable(hostile(), { verbose: true });
    colour.on = true;
    const painted = toTable(hostile(), { verbose: true });
    expect(painted).toContain('\x1b[31mfailed\x1b[39m');
    expect(painted.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });

  it('JSON: control characters written as \\u escapes, and the values read back unchanged', () => {
    const report = hostile();
    const text = toJson(report);
    expect(raw(text)).toEqual([]);
    for (const s of ['\\u001b', '\\u007f', '\\u009b', '\\u202e', '\\u2028']) expect(text).toContain(s);
    expect(JSON.parse(text)).toEqual(report);
  });

  it('JUnit: well-formed, ESC replaced as before, C1 and bidi controls escaped', () => {
    const xml = toJUnit(hostile());
    expect(raw(xml)).toEqual([]);
    const texts = all(parseXml(xml), 'failure').map((f) => f.text);
    expect(texts.flatMap(raw)).toEqual([]);
    expect(texts.some((t) => t.includes('\uFFFD[2J') && t.includes('\\u009b') && t.includes('\\u202e'))).toBe(true);
  });

  it('Markdown: no raw control character, tables keep their columns, HTML stays text', () => {
    const md = toMarkdown(hostile(), { diagrams: diagramsOf(hostile()) });
    expect(raw(md)).toEqual([]);
    for (const s of SHOWN) expect(md).toContain(s);
    const h = html(md);
    expect(h).not.toMatch(/<img/);
    expect(h).toContain('&lt;img src=x&gt;');
    // The exercise table (3 columns, 5 rows) and the failing transition's (4 columns, 2 rows).
    expect(tableShapes(h)).toEqual([
      [3, 3, 3, 3, 3],
      [4, 4],
    ]);
  });

  it('Mermaid: each label stays on its line and inside the diagram', () => {
    const md = toMarkdown(hostile(), { diagrams: diagramsOf(hostile()) });
    expect(md.split('\n').filter((l) => l.startsWith('```'))).toEqual(['```mermaid', '```']);
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(md)![1]!;
    expect(checkMermaid(block)).toEqual([]);
    expect(block.split('\n')).toHaveLength(5);
    expect(block).toContain(
      '\\nend\\n#37;#37;#123;init: #123;#125;#125;#37;#37; #59; #35;x #96;#96;#96;\\n#60;img src=x#62;',
    );
  });

  it('Mermaid: a diagram the grader draws comes through unchanged', () => {
    const { mermaid } = checkDiagram(
      [
        { t: 0, call: { call: 'OPEN', mode: 'active' } },
        { t: 10, seg: { seq: 4294967290, ack: 1001, ctl: 'SYN,ACK', data: 'hi' } },
        { t: 20, timeout: true },
      ],
      'state ESTABLISHED; sent ACK seq=1001 ack=4294967291',
      'state SYN-SENT; sent nothing',
    );
    expect(safeMermaid(mermaid)).toBe(mermaid);
  });

  it('Gradescope: escaped JSON text, and outputs escaped as Markdown', () => {
    const text = toGradescope(hostile());
    expect(raw(text)).toEqual([]);
    const results = JSON.parse(text) as GradescopeResults;
    expect(strings(results).flatMap(raw)).toEqual([]);
    const failed = results.tests.find((t) => t.status === 'failed' && t.output.includes('first failure'))!;
    // Six lines of text, then the first failure drawn in a fence no line of it can close.
    const [head, fence, sketch] = /^([\s\S]*?)\n\n(`{3,})text\n([\s\S]*)$/.exec(failed.output)!.slice(1);
    expect(head!.split('\n')).toHaveLength(6);
    expect(sketch!.endsWith(`\n${fence}`)).toBe(true);
    expect(
      sketch!
        .slice(0, -fence!.length - 1)
        .split('\n')
        .filter((l) => l.startsWith(fence!)),
    ).toEqual([]);
    for (const s of SHOWN) expect(failed.output).toContain(s);
    expect(results.output).toContain('\\<img');
    for (const md of [results.output, ...results.tests.map((t) => t.output)]) expect(html(md)).not.toMatch(/<img/);
    // Hidden tests: the summary lists only errors in the code itself.
    const hidden = toGradescope({
      ...hostile(),
      mode: 'hidden',
      errors: [{ kind: 'static', message: ATTACK, file: ATTACK }],
    });
    expect(raw(hidden)).toEqual([]);
    const summary = (JSON.parse(hidden) as GradescopeResults).output;
    expect(summary).toContain('\\x1b\\[2J');
    expect(html(summary)).not.toMatch(/<img/);
  });

  it('CSV: no raw control character, and no cell a spreadsheet would run as a formula', () => {
    const csv = toGradebookCsv([
      { student: ATTACK, report: hostile() },
      { student: '=HYPERLINK("http://x")', report: sampleReport() },
      { student: '+1', report: undefined, error: '@SUM(A1)' },
      { student: '-1', report: undefined, error: ATTACK },
    ]);
    expect(raw(csv)).toEqual([]);
    const table = parseCsv(csv);
    expect(table.every((r) => r.length === table[0]!.length)).toBe(true);
    expect(table.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(table.map((r) => r[0])).toEqual(['student', inert(ATTACK), '\'=HYPERLINK("http://x")', "'+1", "'-1"]);
    expect(table[3]![table[0]!.indexOf('message')]).toBe("'@SUM(A1)");
  });
});
