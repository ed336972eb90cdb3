/** compileScript against the reference: the example runs; a script it disagrees with is refused. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Modules } from '../../engine/modules.js';
import { modules as reference } from '../../../solutions/modules.js';
import { ScriptError, compileScript, parseScript } from './index.js';
import { EXAMPLE, FILE, withLine } from './testing.js';

function refusal(text: string, file = FILE, modules: Modules = reference): ScriptError {
  try {
    compileScript(parseScript(text, file), modules);
  } catch (e) {
    expect(e).toBeInstanceOf(ScriptError);
    return e as ScriptError;
  }
  throw new Error('expected the reference to refuse the script');
}

describe('validation against the reference engine', () => {
  it('accepts the example of the specification', () => {
    const c = compileScript(parseScript(EXAMPLE, FILE), reference);
    expect(c.inputs).toEqual([
      { t: 0, call: { call: 'OPEN', mode: 'active' } },
      { t: 5, seg: { seq: 5000, ctl: 'SYN,ACK', ack: 1001 } },
      { t: 105, call: { call: 'SEND', data: 'xxxxx' } },
      { t: 110, seg: { seq: 5001, ctl: 'ACK', ack: 1006 } },
      { t: 1110, call: { call: 'CLOSE' } },
      { t: 2110, timeout: true },
    ]);
    expect(c.lines).toEqual([6, 8, 11, 13, 14, 16]);
    expect(c.expected.at(-1)).toMatchObject({
      state: 'FIN-WAIT-1',
      sent: [{ ctl: 'FIN,ACK', seq: 1006, ack: 5001, data: '' }],
    });
    expect(c.exercises).toEqual([
      '01-sequence-numbers',
      '02-three-way-handshake',
      '03-handshake-failures',
      '04-four-way-close',
    ]);
  });

  it('refuses a wrong segment, showing the line, what it expected and what the reference sent', () => {
    const e = refusal(withLine(15, '+0    > F. 7:7(0) ack 1'));
    expect(e.message).toBe(
      `${FILE}:15:12: expected '> F. 7:7(0) ack 1' at 1.110 s, but the reference sent '> F. 6:6(0) ack 1' at 1.110 s (in answer to line 14)`,
    );
  });

  it('refuses wrong flags, a wrong ack, a wrong window', () => {
    expect(refusal(withLine(15, '+0    > . 6:6(0) ack 1')).message).toContain(
      `${FILE}:15:9: expected '> . 6:6(0) ack 1'`,
    );
    expect(refusal(withLine(15, '+0    > F. 6:6(0) ack 2')).message).toContain(
      `${FILE}:15:19: expected '> F. 6:6(0) ack 2'`,
    );
    expect(refusal(withLine(15, '+0    > F. 6:6(0) ack 1 win 100')).message).toContain(
      `${FILE}:15:25: expected '> F. 6:6(0) ack 1 win 100' at 1.110 s, but the reference sent '> F. 6:6(0) ack 1 win 65535'`,
    );
  });

  it('refuses a retransmission expected at the wrong time', () => {
    expect(refusal(withLine(16, '+2.0  > F. 6:6(0) ack 1')).message).toBe(
      `${FILE}:16:1: expected '> F. 6:6(0) ack 1' at 3.110 s, but the reference sent '> F. 6:6(0) ack 1' at 2.110 s (when its retransmission timer expired)`,
    );
    expect(refusal(withLine(16, '+0.5  > F. 6:6(0) ack 1')).message).toBe(
      `${FILE}:16:1: expected '> F. 6:6(0) ack 1' at 1.610 s, but the reference sent nothing by then (its next timer, retransmission, is due at 2.110 s)`,
    );
  });

  it('refuses a wrong state', () => {
    expect(refusal(withLine(17, 'state FIN-WAIT-2')).message).toBe(
      `${FILE}:17:7: expected state FIN-WAIT-2, but the reference is in FIN-WAIT-1`,
    );
  });

  it('refuses a script that misses a segment the reference sends', () => {
    expect(refusal(withLine(12, '# (the data segment is not written)')).message).toBe(
      `${FILE}:13:1: expected no segment from the engine before this line, but the reference sent '> . 1:6(5) ack 1' at 0.105 s (in answer to line 11); add that line to the script if it is right`,
    );
    expect(refusal(`${EXAMPLE}+0.005 < F. 1:1(0) ack 7\n`).message).toBe(
      `${FILE}:18:1: expected no more segments (the script ends), but the reference sent '> . 7:7(0) ack 2' at 2.115 s (in answer to line 18); add that line to the script if it is right`,
    );
  });

  it('refuses a segment the reference never sends', () => {
    expect(refusal(`${EXAMPLE}+0.1 > . 7:7(0) ack 1\n`).message).toBe(
      `${FILE}:18:1: expected '> . 7:7(0) ack 1' at 2.210 s, but the reference sent nothing by then (its next timer, retransmission, is due at 4.110 s)`,
    );
  });

  it('refuses a configuration the engine does not accept, at the setup line', () => {
    const e = refusal('set initialRtoMs=5000\nset maxRtoMs=1000\n0 user OPEN active\n0 > S 0:0(0)\n', 'cfg.pkt');
    expect(e.message).toMatch(
      /^cfg\.pkt:2:1: expected a configuration the engine accepts: config\.initialRtoMs \(5000\) is larger than config\.maxRtoMs/,
    );
  });

  it('never throws anything but a ScriptError, for any script that parses', () => {
    const seg = fc
      .tuple(
        fc.constantFrom('<', '>'),
        fc.constantFrom('S', 'S.', '.', 'F.', 'R', 'R.', 'F'),
        fc.integer({ min: -2, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 8 }),
      )
      .map(
        ([dir, flags, start, len, ack]) =>
          `${dir} ${flags} ${start}:${start + len}(${len})${flags.includes('.') ? ` ack ${ack}` : ''}`,
      );
    const call = fc.constantFrom(
      'user OPEN active',
      'user OPEN passive keepalive',
      'user SEND 3',
      'user CLOSE',
      'user ABORT',
      'user RECEIVE',
      'state ESTABLISHED',
    );
    const line = fc
      .tuple(fc.constantFrom('+0', '+0.001', '+1', '+3'), fc.oneof(seg, call))
      .map(([t, rest]) => `${t} ${rest}`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        try {
          compileScript(parseScript(lines.join('\n'), 'fuzz.pkt'), reference);
        } catch (e) {
          if (!(e instanceof ScriptError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });
});
