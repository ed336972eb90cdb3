/** The scripts under grader/instructor/packs/scripts/, and how loadScripts treats a folder of them. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findEntry } from '../../engine/catalogue.js';
import { modules as reference } from '../../../solutions/modules.js';
import { SCRIPTS_DIR, ScriptError, loadScripts } from './index.js';
import { EXAMPLE, withLine } from './testing.js';

describe('the shipped scripts', () => {
  const scripts = loadScripts(reference);

  it('at least ten, and every one loads against the reference', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(10);
    for (const s of scripts) {
      expect(s.file).toMatch(/^scripts\/[a-z0-9-]+\.pkt$/);
      expect(s.inputs.length).toBe(s.expected.length);
      expect(s.expected.every((o) => !o.error && findEntry(o.transition ?? '') !== undefined)).toBe(true);
    }
  });

  it('cover the topics of the lessons', () => {
    const names = scripts.map((s) => s.file.replace(/^scripts\/|\.pkt$/g, ''));
    expect(names).toEqual(
      expect.arrayContaining([
        'active-open-close',
        'passive-open-close',
        'merged-close-client',
        'merged-close-server',
        'simultaneous-close',
        'lost-final-ack',
        'lost-syn',
        'rst-closed-port',
        'challenge-ack',
        'time-wait-reack',
        'keepalive-probe',
        'half-close-close-wait',
      ]),
    );
    const taken = new Set(scripts.flatMap((s) => s.expected.map((o) => o.transition)));
    for (const id of [
      'CLOSED --OPEN active--> SYN-SENT',
      'LISTEN --rcv SYN--> SYN-RECEIVED',
      'SYN-SENT --rcv SYN,ACK--> ESTABLISHED',
      'FIN-WAIT-1 --rcv FIN,ACK--> TIME-WAIT',
      'FIN-WAIT-1 --rcv FIN--> CLOSING',
      'CLOSING --rcv ACK of FIN--> TIME-WAIT',
      'FIN-WAIT-1 --timeout retransmission--> FIN-WAIT-1',
      'SYN-SENT --timeout retransmission--> SYN-SENT',
      'SYN-SENT --rcv RST,ACK--> CLOSED',
      'ESTABLISHED --rcv RST in window--> ESTABLISHED',
      'TIME-WAIT --rcv FIN--> TIME-WAIT',
      'ESTABLISHED --timeout keepalive--> ESTABLISHED',
      'ESTABLISHED --timeout keepalive--> CLOSED',
      'CLOSE-WAIT --SEND--> CLOSE-WAIT',
      'LAST-ACK --rcv ACK of FIN--> CLOSED',
      'TIME-WAIT --timeout 2MSL--> CLOSED',
    ])
      expect(taken, id).toContain(id);
  });

  it('the example of the specification is the shipped lost-final-ack.pkt, up to its last lines', () => {
    const shipped = readFileSync(join(SCRIPTS_DIR, 'lost-final-ack.pkt'), 'utf8');
    const body = (text: string): string[] => text.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(body(shipped).slice(0, body(EXAMPLE).length)).toEqual(body(EXAMPLE));
  });

  it('a folder with a script the reference disagrees with is refused, with every problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcplab-scripts-'));
    try {
      writeFileSync(join(dir, 'good.pkt'), EXAMPLE);
      writeFileSync(join(dir, 'bad.pkt'), withLine(17, 'state CLOSING'));
      writeFileSync(join(dir, 'worse.pkt'), '0 user OPEN\n');
      writeFileSync(join(dir, 'ignored.txt'), 'not a script');
      const name = dir.split(/[\\/]/).at(-1);
      let error: unknown;
      try {
        loadScripts(reference, dir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScriptError);
      expect((error as ScriptError).message.split('\n')).toEqual([
        `${name}/bad.pkt:17:7: expected state CLOSING, but the reference is in FIN-WAIT-1`,
        `${name}/worse.pkt:1:12: expected 'active' or 'passive' after OPEN, got the end of the line`,
      ]);
      expect(() => loadScripts(reference, join(dir, 'missing'))).toThrow(ScriptError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
