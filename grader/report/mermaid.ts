/**
 * A failure's Mermaid sequence diagram, rebuilt statement by statement so that no text in it acts
 * as Mermaid. Diagrams are drawn before the report is made (grader/conformance, grader/sim) and
 * their labels carry a submission's text, line breaks included: a line that is a participant, a
 * message or a note is kept with its label escaped; any other line (`end`, `%%`, a fence) is the
 * rest of the label above it, joined with a visible `\n`. A broken-off line shaped like a statement
 * is taken as one: it stays inside the diagram, escaped like any other.
 */
import { inert } from './inert.js';

const ID = '[A-Za-z_][A-Za-z0-9_]*';
// `s`: a label may hold U+2028 or a lone CR, which `.` would not match.
const PARTICIPANT = new RegExp(`^(participant ${ID})(?: as (.*))?$`, 's');
const LABELLED = [
  new RegExp(`^(${ID}\\s*(?:->>|-->>|->|-->|-x|--x|-\\)|--\\))[+-]?\\s*${ID})\\s*:(.*)$`, 's'),
  new RegExp(`^(Note (?:over ${ID}(?:,\\s*${ID})?|(?:left|right) of ${ID}))\\s*:(.*)$`, 's'),
];

/**
 * Label text Mermaid reads as text: one line, and what it would parse (`;` and `#` end a statement
 * or start a comment, `%%` a comment or directive, `<` HTML, a backtick the Markdown fence) written
 * as Mermaid's entity codes (`#35;`).
 */
function mermaidText(text: string): string {
  const line = inert(text).replace(/\r?\n/g, '\\n').replace(/\t/g, ' ').trim();
  return line === '' ? '(empty)' : line.replace(/[#;%&<>`{}]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** The diagram, every label escaped; undefined unless it is a `sequenceDiagram`. */
export function safeMermaid(source: string): string | undefined {
  const lines = source.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (lines[first]?.trim() !== 'sequenceDiagram') return undefined;
  const out: { head: string; label: string | undefined; participant: boolean }[] = [];
  for (const raw of lines.slice(first + 1)) {
    const line = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    const p = PARTICIPANT.exec(line);
    const m = p ? undefined : LABELLED.map((r) => r.exec(line)).find((x) => x !== null);
    if (p) out.push({ head: p[1]!, label: p[2], participant: true });
    else if (m) out.push({ head: m[1]!, label: m[2]!, participant: false });
    else {
      // Not a statement: the rest of the label above, broken by a newline in the text.
      const last = out[out.length - 1];
      if (last) last.label = `${last.label ?? ''}\n${raw}`;
    }
  }
  const body = out.map((s) => {
    if (s.participant) return s.label === undefined ? `  ${s.head}` : `  ${s.head} as ${mermaidText(s.label)}`;
    return `  ${s.head}: ${mermaidText(s.label ?? '')}`;
  });
  return ['sequenceDiagram', ...body].join('\n');
}
