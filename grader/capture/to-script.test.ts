/** --to-script: a captured side as a script the kit's compiler accepts and the reference passes. */
import { describe, expect, it } from 'vitest';
import { compileScript, parseScript } from '../conformance/script/index.js';
import { modules } from '../../solutions/modules.js';
import { loadFlows } from './replay-capture.js';
import { sideTimeline } from './side.js';
import { capture } from './testing.js';
import { sideScript } from './to-script.js';

function script(file: string, side: 'client' | 'server'): string {
  const bytes = capture(file);
  const { decoded, flows } = loadFlows(bytes, file);
  const end = Math.max(...decoded.segments.map((s) => s.t));
  return sideScript(sideTimeline(flows[0]!, side, end), { file, flow: 1 }, modules, 'linux', {});
}

describe('captured sides as scripts', () => {
  it('the client of data-after-close: close() as CLOSE full, and the RST <SEQ=SND.NXT> for the late data', () => {
    const text = script('data-after-close.pcap', 'client');
    expect(text).toMatch(/^0\.103 user CLOSE full$/m);
    // The server's 5 octets arrive at 0.301 s after the client's FIN (relative seq 7..12); the answer
    // is a RST with SEQ = 8 (ISS + 1 + 6 octets + FIN), no ACK (RFC 9293 §3.10.7.4 via §3.6.1's close).
    expect(text).toMatch(/^0\.301 < \. 7:12\(5\) ack 8 win \d+\n0\.301 > R 8:8\(0\)$/m);
    expect(() => compileScript(parseScript(text, 'x.pkt'), modules)).not.toThrow();
  });

  it("every capture's sides become scripts the reference passes", () => {
    for (const file of [
      'merged-close.pcap',
      'lost-syn.pcap',
      'keepalive-dead.pcap',
      'simultaneous-close.pcap',
      'refused.pcap',
    ]) {
      for (const side of ['client', 'server'] as const) {
        const text = script(file, side);
        expect(() => compileScript(parseScript(text, `${file}.pkt`), modules), `${file} ${side}`).not.toThrow();
      }
    }
  });
});
