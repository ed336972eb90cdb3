/**
 * Sequence diagrams of a trace: plain text for the terminal and Mermaid for Markdown. Both show one
 * connection (the first in the trace unless told otherwise): segments as arrows, lost ones crossed
 * out, state changes and notices beside the side they happen on.
 */
import type { Notice } from '../engine/types.js';
import type { TraceSegment, TraceStep } from './trace.js';

function segmentLabel(seg: TraceSegment): string {
  const parts = [seg.flags.length > 0 ? seg.flags.join(',') : '(no flags)', `seq=${seg.seq}`];
  if (seg.flags.includes('ACK')) parts.push(`ack=${seg.ack}`);
  if (seg.len > 0) parts.push(`len=${seg.len}`);
  return parts.join(' ');
}

function noticeLabel(n: Notice): string {
  switch (n.kind) {
    case 'data':
      return `data "${n.data.length > 12 ? `${n.data.slice(0, 12)}…` : n.data}"`;
    case 'timed-out':
      return `timed out (${n.reason})`;
    case 'error':
      return `error: ${n.message}`;
    default:
      return n.kind;
  }
}

/** The endpoints of one connection, in the order they first appear: [left, right]. */
export function connectionOf(steps: readonly TraceStep[], index = 0): [string, string] | undefined {
  const seen: string[] = [];
  for (const s of steps) {
    const key = [s.conn, s.peer].sort().join(' ');
    if (!seen.includes(key)) seen.push(key);
  }
  const key = seen[index];
  if (key === undefined) return undefined;
  const first = steps.find((s) => [s.conn, s.peer].sort().join(' ') === key)!;
  return [first.conn, first.peer];
}

function stepsOf(steps: readonly TraceStep[], pair: [string, string]): TraceStep[] {
  return steps.filter((s) => (s.conn === pair[0] && s.peer === pair[1]) || (s.conn === pair[1] && s.peer === pair[0]));
}

function sideNames(steps: readonly TraceStep[], pair: [string, string]): [string, string] {
  const name = (conn: string): string => steps.find((s) => s.conn === conn)?.side ?? conn;
  return [name(pair[0]), name(pair[1])];
}

const ARROW = 44;

function arrow(label: string, rightward: boolean, lost: boolean): string {
  const text = ` ${label} `;
  const dashes = Math.max(4, ARROW - text.length - 2);
  const left = Math.floor(dashes / 2);
  const right = dashes - left;
  if (rightward) return `${'-'.repeat(left)}${text}${'-'.repeat(right)}${lost ? 'X ' : '> '}`;
  return `${lost ? ' X' : '<'}${'-'.repeat(left)}${text}${'-'.repeat(right)} `;
}

/** Text sequence diagram for the terminal. */
export function textDiagram(steps: readonly TraceStep[], pair = connectionOf(steps)): string {
  if (!pair) return '(no steps)';
  const mine = stepsOf(steps, pair);
  const [leftName, rightName] = sideNames(steps, pair);
  const col = 24;
  const pad = (s: string, n: number): string => (s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length));
  const lines: string[] = [];
  lines.push(
    `${'t (ms)'.padStart(9)}  ${pad(`${leftName} ${pair[0]}`, col)}${' '.repeat(ARROW)}${rightName} ${pair[1]}`,
  );
  // A listener's connection starts life with a passive OPEN when the SYN arrives; draw it as LISTEN.
  const cloned = (s: TraceStep): boolean => s.event === 'OPEN passive' && s === mine.find((x) => x.conn === s.conn);
  const initial = (conn: string): string => {
    const first = mine.find((s) => s.conn === conn);
    return first && cloned(first) ? first.to : (first?.from ?? '');
  };
  lines.push(`${''.padStart(9)}  ${pad(initial(pair[0]), col)}${' '.repeat(ARROW)}${initial(pair[1])}`);
  for (const step of mine) {
    if (cloned(step)) continue;
    const left = step.conn === pair[0];
    const notes: string[] = [];
    if (step.segment?.injected) notes.push(`(forged ${segmentLabel(step.segment)} arrives)`);
    if (step.from !== step.to) notes.push(step.to);
    if (step.event.startsWith('timeout')) notes.unshift(`(${step.event})`);
    else if (!step.event.startsWith('rcv')) notes.unshift(`(${step.event})`);
    for (const n of step.notices) notes.push(`[${noticeLabel(n)}]`);
    if (notes.length === 0 && step.sent.length === 0) continue;
    const rows = Math.max(notes.length, step.sent.length, 1);
    for (let i = 0; i < rows; i++) {
      const note = notes[i] ?? '';
      const seg = step.sent[i];
      const mid = seg ? arrow(segmentLabel(seg), left, seg.dropped) : ' '.repeat(ARROW);
      const t = i === 0 ? String(step.t).padStart(9) : ''.padStart(9);
      lines.push(left ? `${t}  ${pad(note, col)}${mid}`.trimEnd() : `${t}  ${' '.repeat(col)}${mid}${note}`.trimEnd());
    }
  }
  return lines.join('\n');
}

/** Mermaid `sequenceDiagram` of the same connection. */
export function mermaidDiagram(steps: readonly TraceStep[], pair = connectionOf(steps)): string {
  if (!pair) return 'sequenceDiagram\n  Note over A: no steps';
  const mine = stepsOf(steps, pair);
  const [leftName, rightName] = sideNames(steps, pair);
  const id = (conn: string): string => (conn === pair[0] ? 'A' : 'B');
  const clean = (s: string): string => s.replace(/[;#]/g, ' ');
  const lines = [
    'sequenceDiagram',
    `  participant A as ${leftName} ${pair[0]}`,
    `  participant B as ${rightName} ${pair[1]}`,
  ];
  for (const step of mine) {
    const me = id(step.conn);
    const other = me === 'A' ? 'B' : 'A';
    if (step.segment?.injected) lines.push(`  Note over ${me}: forged ${clean(segmentLabel(step.segment))} arrives`);
    if (step.event.startsWith('timeout')) lines.push(`  Note over ${me}: ${clean(step.event)}`);
    for (const seg of step.sent) {
      lines.push(
        `  ${me}${seg.dropped ? '-x' : '->>'}${other}: ${clean(segmentLabel(seg))}${seg.dropped ? ' (lost)' : ''}`,
      );
    }
    if (step.from !== step.to) lines.push(`  Note over ${me}: ${step.to}`);
    for (const n of step.notices) lines.push(`  Note over ${me}: ${clean(noticeLabel(n))}`);
  }
  return lines.join('\n');
}
