/**
 * A failing transition check drawn as a sequence diagram: what the peer sent and the user called,
 * input by input, then what the reference did at the step checked and what the submission did.
 * Mermaid for Markdown reports; the same lines as plain text for the terminal.
 */
import type { Input } from './observe.js';

function describe(input: Input): { who: 'peer' | 'user' | 'time'; text: string } {
  if ('call' in input) {
    const c = input.call;
    return {
      who: 'user',
      text:
        c.call === 'OPEN'
          ? `OPEN ${c.mode}${c.keepAlive ? ' (keepalive)' : ''}`
          : c.call === 'SEND'
            ? `SEND ${c.data.length} octets`
            : c.call,
    };
  }
  if ('seg' in input) {
    const s = input.seg;
    const ack = s.ctl.includes('ACK') ? ` ack=${s.ack ?? 0}` : '';
    return { who: 'peer', text: `${s.ctl || '(no flags)'} seq=${s.seq}${ack}${s.data ? ` len=${s.data.length}` : ''}` };
  }
  return { who: 'time', text: 'timers due' };
}

// One line per label whatever the text (a submission's message may hold newlines): Mermaid reads each line as a statement.
const clean = (s: string): string => s.replace(/[;#]/g, ',').replace(/\r\n|[\n\r\u2028\u2029]/g, ' \\n ');

export function checkDiagram(
  inputs: readonly Input[],
  expected: string,
  actual: string,
): { mermaid: string; text: string } {
  const mermaid = ['sequenceDiagram', '  participant P as peer', '  participant E as engine under test'];
  const text: string[] = [];
  inputs.forEach((input, i) => {
    const d = describe(input);
    const last = i === inputs.length - 1;
    const mark = last ? ' ← the step checked' : '';
    if (d.who === 'peer') mermaid.push(`  P->>E: ${clean(d.text)}`);
    else mermaid.push(`  Note over E: t=${input.t} ms ${d.who === 'user' ? `user ${clean(d.text)}` : clean(d.text)}`);
    text.push(
      `    ${String(input.t).padStart(7)} ms  ${d.who === 'peer' ? `peer → ${d.text}` : d.who === 'user' ? `user ${d.text}` : d.text}${mark}`,
    );
  });
  mermaid.push(`  Note over E: expected ${clean(expected)}`, `  Note over E: got ${clean(actual)}`);
  return { mermaid: mermaid.join('\n'), text: text.join('\n') };
}
