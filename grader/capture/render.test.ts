/** The Markdown report's diagram: the capture's side, the peer and the engine, in the kit's Mermaid subset. */
import { describe, expect, it } from 'vitest';
import { checkMermaid } from '../kit/mermaid.js';
import { modules } from '../../solutions/modules.js';
import { replayMarkdown, replayMermaid } from './render.js';
import { replayCapture } from './replay-capture.js';
import { capture } from './testing.js';

describe('the side-by-side diagram', () => {
  const report = replayCapture(capture('data-after-close.pcap'), 'data-after-close.pcap', {
    modules,
    profile: 'linux',
    overrides: {},
  });

  it('is valid Mermaid for every side, in the Markdown report', () => {
    for (const side of report.sides) expect(checkMermaid(replayMermaid(side))).toEqual([]);
    expect(replayMarkdown(report)).toContain('```mermaid\nsequenceDiagram');
  });

  it("marks what only one of them sent: Linux's RST,ACK on abort, the rfc profile's bare RST", () => {
    // data-after-close.pcap agrees with both profiles since the full close landed; abort.pcap under
    // the rfc profile keeps a difference the RFC makes right (RFC 9293 §3.10.5: no ACK on the RST).
    const abort = replayCapture(capture('abort.pcap'), 'abort.pcap', { modules, profile: 'rfc', overrides: {} });
    const client = replayMermaid(abort.sides[0]!);
    expect(client).toContain('C->>P: RST,ACK seq=7 ack=7 (≠)');
    expect(client).toContain('E->>P: RST seq=7 (≠)');
    expect(client).toContain('P->>E: ACK seq=1 ack=7 len=6');
  });
});
