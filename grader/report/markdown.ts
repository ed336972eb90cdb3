/**
 * Markdown for a GitHub step summary or a pull-request comment: the score, a table of exercises,
 * then for each failed exercise a table of its failing transitions (first expected vs actual) with,
 * when given, a Mermaid diagram of the first failure beside it. Every diagram has that plain table
 * next to it, since Mermaid is not promised to render. The result stays under 1 MiB, the most a
 * step summary holds, and is the same for the same report and diagrams. Text from the report goes
 * through mdText, mdCode or safeMermaid: it may come from a submission.
 */
import type { ExerciseScore, TransitionScore } from '../conformance/score.js';
import { inert } from './inert.js';
import { safeMermaid } from './mermaid.js';
import type { Report, ReportError } from './model.js';

export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;

const STATUS: Record<ExerciseScore['status'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  'in-progress': '🔄 in progress',
  'not-started': '⏸️ not started',
  error: '⚠️ error',
};

/** One line of at most `max` code points, control characters made visible (cut first, so no escape is cut). */
function oneLine(s: string, max: number): string {
  const points = Array.from(s.replace(/\r?\n/g, ' '));
  return inert(points.length > max ? `${points.slice(0, max).join('')}…` : points.join(''));
}

/** Plain text, escaped so Markdown and HTML read it as text; one line, at most `max` code points. */
export function mdText(s: string, max = Infinity): string {
  return oneLine(s, max)
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_{}[\]<>|~]/g, (c) => `\\${c}`);
}

/** Text as a code span that survives a table cell: one line, pipes escaped, fenced past any backticks. */
export function mdCode(s: string, max = Infinity): string {
  const short = oneLine(s, max);
  if (short.trim() === '') return '(empty)';
  const longest = Math.max(0, ...(short.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = short.startsWith('`') || short.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${short.replace(/\|/g, '\\|')}${pad}${fence}`;
}

export function scoreLine(report: Report): string {
  return `**Score: ${report.score} / ${report.maxScore}** · ${mdText(report.mode)} tests · seed ${report.seed} · ${report.checks} checks`;
}

export function exerciseTable(report: Report): string {
  const rows = report.exercises.map((e) => `| ${mdCode(e.id)} | ${STATUS[e.status]} | ${e.score} / ${e.maxScore} |`);
  return ['| exercise | status | score |', '| --- | --- | --- |', ...rows].join('\n');
}

export function errorList(errors: readonly ReportError[], max = Infinity): string {
  return errors
    .map((e) => {
      const where = e.file
        ? ` ${mdCode(`${e.file}${e.line !== undefined ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}`)}`
        : '';
      return `- **${mdText(e.kind)}**${where}: ${mdText(e.message, max)}`;
    })
    .join('\n');
}

/** How much to show: cell length, whether diagrams fit, and rows per exercise table. */
interface Detail {
  chars: number;
  diagrams: boolean;
  rows: number;
}
const DETAILS: Detail[] = [
  { chars: 300, diagrams: true, rows: Infinity },
  { chars: 120, diagrams: true, rows: Infinity },
  { chars: 120, diagrams: false, rows: Infinity },
  { chars: 60, diagrams: false, rows: 20 },
];

/** The diagram fenced; its labels hold no backtick once escaped, so three close the fence. */
function mermaidBlock(source: string): string {
  const body = safeMermaid(source);
  return body === undefined
    ? '(This diagram is not a sequence diagram, so it is left out.)'
    : `\`\`\`mermaid\n${body}\n\`\`\``;
}

/** `diagrams`: each transition's diagram, made safe and fenced. */
function failingSection(
  report: Report,
  exercise: ExerciseScore,
  d: Detail,
  diagrams: ReadonlyMap<string, string>,
): string {
  const mine = report.transitions.filter((t) => t.exercise === exercise.id);
  const failing = mine.filter((t) => t.status === 'failed');
  const waiting = mine.filter((t) => t.status === 'not-started');
  const blocked = mine.filter((t) => t.status === 'blocked');
  const out = [`### ${mdText(exercise.id)}: ${STATUS[exercise.status]}, ${exercise.score} / ${exercise.maxScore}`];
  if (failing.length > 0) {
    const row = (t: TransitionScore): string => {
      const f = t.failures[0];
      const what = f
        ? `${mdCode(f.expected, d.chars)} | ${mdCode(f.actual, d.chars)}`
        : `${t.total === 0 ? 'no check reached it' : ''} | `;
      return `| ${mdCode(t.id)} | ${t.passed}/${t.total} | ${what} |`;
    };
    const shown = failing.slice(0, d.rows);
    out.push(
      [
        '| failing transition | checks passed | expected | actual |',
        '| --- | --- | --- | --- |',
        ...shown.map(row),
      ].join('\n'),
    );
    if (failing.length > shown.length)
      out.push(`…and ${failing.length - shown.length} more failing transitions (left out to stay under 1 MiB).`);
    for (const t of failing) {
      const diagram = diagrams.get(t.id);
      if (diagram === undefined) continue;
      out.push(
        d.diagrams
          ? `First failure of ${mdCode(t.id)}:\n\n${diagram}`
          : `(The diagram of ${mdCode(t.id)} is left out to stay under 1 MiB.)`,
      );
    }
  }
  if (waiting.length > 0) out.push(`Not started yet: ${waiting.map((t) => mdCode(t.id)).join(', ')}.`);
  if (blocked.length > 0)
    out.push(
      `Blocked (every check went wrong at an earlier step, charged there): ${blocked.map((t) => mdCode(t.id)).join(', ')}.`,
    );
  return out.join('\n\n');
}

function render(report: Report, d: Detail, diagrams: ReadonlyMap<string, string>): string {
  const parts = ['## tcplab results', scoreLine(report), exerciseTable(report)];
  for (const e of report.exercises) {
    if (e.status === 'failed' || e.status === 'error') parts.push(failingSection(report, e, d, diagrams));
  }
  if (report.errors.length > 0) parts.push('### Errors', errorList(report.errors, d.chars));
  return `${parts.join('\n\n')}\n`;
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The report as Markdown for a step summary or PR comment, always under 1 MiB. */
export function toMarkdown(report: Report, options: { diagrams?: Map<string, string> } = {}): string {
  // Made safe once, not once per level of detail: a diagram can be long.
  const diagrams = new Map([...(options.diagrams ?? [])].map(([id, source]) => [id, mermaidBlock(source)]));
  let md = '';
  for (const d of DETAILS) {
    md = render(report, d, diagrams);
    if (bytes(md) < STEP_SUMMARY_MAX_BYTES) return md;
  }
  // Still too big: keep whole lines up to the limit and say where it stops.
  const note = '\n\n…the rest is left out to stay under 1 MiB; the JSON report has it all.\n';
  const kept: string[] = [];
  let size = bytes(note);
  for (const line of md.split('\n')) {
    size += bytes(line) + 1;
    if (size >= STEP_SUMMARY_MAX_BYTES) break;
    kept.push(line);
  }
  return `${kept.join('\n')}${note}`;
}
