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

  it("marks what only one of them sent: Linux's RST for late data, the engine's ACK of it", () => {
    const client = replayMermaid(report.sides[0]!);
    expect(client).toContain('C->>P: RST seq=8 (≠)');
    expect(client).toContain('E->>P: ACK seq=8 ack=12 (≠)');
    expect(client).toContain('P->>E: ACK seq=7 ack=8 len=5');
  });
});
