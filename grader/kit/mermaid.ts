/**
 * A syntax check for the Mermaid subset the lessons use (no Mermaid parser runs offline without a
 * browser): `sequenceDiagram` with participants, messages and notes, and `stateDiagram-v2` with
 * state aliases and transitions. Returns problems with the line inside the block.
 */
interface MermaidProblem {
  line: number;
  message: string;
}

const ID = '[A-Za-z_][A-Za-z0-9_]*';
const SEQUENCE: RegExp[] = [
  new RegExp(`^(participant|actor) ${ID}( as .+)?$`),
  new RegExp(`^${ID}\\s*(->>|-->>|->|-->|-x|--x|-\\)|--\\))[+-]?\\s*${ID}\\s*:.*$`),
  new RegExp(`^Note (over ${ID}(,\\s*${ID})?|(left|right) of ${ID})\\s*:.+$`),
  /^(loop|alt|else|opt|par|and|critical|break|rect)\b.*$/,
  /^end$/,
  /^autonumber$/,
  /^%%.*$/,
];
const STATE: RegExp[] = [
  new RegExp(`^state "[^"]+" as ${ID}$`),
  new RegExp(`^(\\[\\*\\]|${ID})\\s*-->\\s*(\\[\\*\\]|${ID})(\\s*:\\s*[^;#]+)?$`),
  new RegExp(`^note (left|right) of ${ID}\\s*:.+$`),
  /^direction (LR|RL|TB|BT)$/,
  /^%%.*$/,
];

export function checkMermaid(text: string): MermaidProblem[] {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const kind = lines[first]?.trim();
  if (kind !== 'sequenceDiagram' && kind !== 'stateDiagram-v2') {
    return [{ line: first + 1, message: `expected sequenceDiagram or stateDiagram-v2, got '${kind ?? ''}'` }];
  }
  const rules = kind === 'sequenceDiagram' ? SEQUENCE : STATE;
  const problems: MermaidProblem[] = [];
  let depth = 0;
  lines.slice(first + 1).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const n = first + i + 2;
    if (!rules.some((r) => r.test(line))) problems.push({ line: n, message: `not valid ${kind} syntax: ${line}` });
    // Mermaid's entity codes (#35; or #quot;) are text: they are read before the statement is.
    if (/[;#]/.test(line.replace(/^%%.*$/, '').replace(/&?#(\d+|[A-Za-z]+);/g, '')))
      problems.push({ line: n, message: `';' or '#' breaks Mermaid: ${line}` });
    if (kind === 'stateDiagram-v2' && /^\S*-\S*\s*-->|-->\s*\S*-[^-\s]/.test(line.replace(/\[\*\]/g, ''))) {
      problems.push({ line: n, message: `state ids may not contain '-' (use state "X-Y" as X_Y): ${line}` });
    }
    if (/^(loop|alt|opt|par|critical|break|rect)\b/.test(line)) depth++;
    if (line === 'end') depth--;
  });
  if (depth !== 0) problems.push({ line: lines.length, message: 'a loop/alt/opt block is not closed with end' });
  return problems;
}
