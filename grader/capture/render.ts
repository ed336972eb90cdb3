/**
 * A replay report as text for the terminal (the capture and the engine side by side), as Markdown
 * for a pull request or a lab report, and as JSON (tcplab.replay/1) for tools.
 */
import pc from 'picocolors';
import type { ReplayReport, SideReport } from './replay-capture.js';

const secs = (ms: number): string => (ms / 1000).toFixed(3);
const MARK: Record<string, string> = { same: '=', allowed: '~', differs: '≠', '': '' };

function header(r: ReplayReport): string {
  return `${r.file} · ${r.format}, ${r.linkTypes.join(', ')} · flow ${r.flow.id} of ${r.flow.flows}: ${r.flow.client} -> ${r.flow.server} · profile ${r.profile}`;
}

function verdictText(s: SideReport): string {
  if (s.verdict === 'nothing to compare') return 'nothing to compare: this side sent nothing in the capture';
  const n = s.comparison.differences.length;
  if (s.verdict === 'agrees')
    return `agrees (${s.comparison.allowed.length} allowed difference${s.comparison.allowed.length === 1 ? '' : 's'})`;
  return `differs: ${n} difference${n === 1 ? '' : 's'}${s.error ? ', and the engine failed' : ''}`;
}

function sideLines(s: SideReport, color: boolean): string[] {
  const paint = (f: (t: string) => string, t: string): string => (color ? f(t) : t);
  const lines = [paint(pc.bold, `${s.side} ${s.endpoint} (seen on ${s.view}): ${verdictText(s)}`)];
  if (s.calls.length > 0)
    lines.push(`  user calls inferred: ${s.calls.map((c) => `${secs(c.t)} ${c.call} (${c.because})`).join('; ')}`);
  const inferred = Object.entries(s.inferred);
  if (inferred.length > 0)
    lines.push(`  settings read from the capture: ${inferred.map(([k, v]) => `${k}=${String(v)}`).join(', ')}`);
  if (s.verdict === 'nothing to compare') return lines;
  const w = 26;
  lines.push(
    paint(
      pc.dim,
      `  ${'time'.padStart(7)}  ${'received'.padEnd(w)}${'capture sent'.padEnd(w)}${'engine sent'.padEnd(w)}`,
    ),
  );
  for (const r of s.comparison.rows) {
    const engine =
      r.engine !== undefined
        ? `${r.engine}${r.engineT !== undefined && Math.abs(r.engineT - r.t) >= 1 && r.capture ? ` @${secs(r.engineT)}` : ''}`
        : '';
    const mark = MARK[r.mark] ?? '';
    const markText = r.mark === 'differs' ? paint(pc.red, mark) : r.mark === 'allowed' ? paint(pc.yellow, mark) : mark;
    lines.push(
      `  ${secs(r.t).padStart(7)}  ${(r.received ?? '').padEnd(w)}${(r.capture ?? '').padEnd(w)}${engine.padEnd(w + 8)}${markText}`.trimEnd(),
    );
  }
  if (s.comparison.allowed.length > 0) {
    lines.push('  allowed:');
    for (const a of s.comparison.allowed) lines.push(`    ${a.text}: ${a.reason}`);
  }
  if (s.comparison.differences.length > 0) {
    lines.push(paint(pc.red, '  differences:'));
    for (const [i, d] of s.comparison.differences.entries()) {
      lines.push(
        `    ${i + 1}. ${d.id}`,
        `       capture: ${d.capture}`,
        `       engine:  ${d.engine}`,
        `       rule:    ${d.rule}`,
      );
    }
  }
  if (s.comparison.afterEnd > 0)
    lines.push(
      paint(
        pc.dim,
        `  (${s.comparison.afterEnd} engine segment${s.comparison.afterEnd === 1 ? '' : 's'} after the capture ended, not compared)`,
      ),
    );
  if (s.error) lines.push(paint(pc.red, `  the engine failed at ${secs(s.error.t)} s: ${s.error.message}`));
  return lines;
}

export function replayText(r: ReplayReport, color = false): string {
  const legend = "times in seconds from the flow's first segment; = same, ~ allowed difference, ≠ real difference";
  return [
    color ? pc.bold(header(r)) : header(r),
    color ? pc.dim(legend) : legend,
    ...r.sides.flatMap((s) => ['', ...sideLines(s, color)]),
  ].join('\n');
}

const cell = (t: string): string => t.replace(/\|/g, '\\|');

/**
 * A Mermaid sequence diagram of one side: the capture's side on the left, the peer in the middle,
 * the engine playing that side on the right. The peer's segments go to both; a segment only one
 * of them sent is marked, so the two runs read side by side.
 */
export function replayMermaid(s: SideReport): string {
  const clean = (t: string): string => t.replace(/[;#]/g, ' ');
  const lines = [
    'sequenceDiagram',
    `  participant C as ${clean(`${s.side} ${s.endpoint}`)} (capture)`,
    `  participant P as ${clean(s.side === 'client' ? 'server' : 'client')}`,
    `  participant E as ${clean(s.side)} (engine)`,
  ];
  const note = (mark: string): string => (mark === 'differs' ? ' (≠)' : mark === 'allowed' ? ' (~)' : '');
  for (const row of s.comparison.rows) {
    if (row.received !== undefined) lines.push(`  P->>C: ${clean(row.received)}`, `  P->>E: ${clean(row.received)}`);
    if (row.capture !== undefined)
      lines.push(`  C->>P: ${clean(row.capture)}${row.engine === undefined ? note(row.mark) : ''}`);
    if (row.engine !== undefined)
      lines.push(`  E->>P: ${clean(row.engine)}${row.capture === undefined ? note(row.mark) : ''}`);
  }
  return lines.join('\n');
}

export function replayMarkdown(r: ReplayReport): string {
  const out = [`## Replay of \`${cell(r.file)}\``, '', cell(header(r)), ''];
  for (const s of r.sides) {
    out.push(`### ${s.side} ${cell(s.endpoint)}: ${verdictText(s)}`, '');
    if (s.calls.length > 0)
      out.push(`User calls inferred: ${s.calls.map((c) => `${secs(c.t)} s ${c.call}`).join(', ')}.`, '');
    if (s.verdict === 'nothing to compare') continue;
    out.push('| time (s) | received | capture sent | engine sent | |', '| ---: | --- | --- | --- | --- |');
    for (const row of s.comparison.rows) {
      out.push(
        `| ${secs(row.t)} | ${cell(row.received ?? '')} | ${cell(row.capture ?? '')} | ${cell(row.engine ?? '')} | ${MARK[row.mark] ?? ''} |`,
      );
    }
    out.push('', '```mermaid', replayMermaid(s), '```', '');
    for (const a of s.comparison.allowed) out.push(`- allowed: ${cell(a.text)}: ${cell(a.reason)}`);
    for (const d of s.comparison.differences)
      out.push(
        `- **difference**: ${cell(d.id)}. Capture: ${cell(d.capture)}. Engine: ${cell(d.engine)}. Rule: ${cell(d.rule)}.`,
      );
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** The report without the timelines' raw packets (large and not needed by tools). */
export function replayJson(r: ReplayReport): string {
  return JSON.stringify(r, (key, value: unknown) => (key === 'timeline' ? undefined : value), 2);
}
