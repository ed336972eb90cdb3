/** Lines parseScript refuses, each with its file:line:column and what was expected there. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScriptError, parseScript } from './index.js';
import { FILE, withLine } from './testing.js';

/** The one ScriptError a text causes, as a message (fails the test if it parses, or throws anything else). */
function parseError(text: string, file = 'test.pkt'): string {
  try {
    parseScript(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(ScriptError);
    return (e as ScriptError).message;
  }
  throw new Error('expected the script to be refused');
}

describe('errors name file:line:column and what was expected', () => {
  it('a bad flag set, exactly as the specification shows it', () => {
    expect(parseError(withLine(7, '0     > Q 0:0(0)'), FILE)).toBe(
      `${FILE}:7:9: expected a flag set like S, S., F., R, ., got 'Q'`,
    );
  });

  const cases: [string, string, string][] = [
    [
      'flags the engine does not model',
      '0 < FR 1:1(0)',
      "1:5: expected a flag set like S, S., F., R, .; the flag set 'FR' is not one the engine models",
    ],
    [
      'push',
      '0 < P. 1:1(0) ack 1',
      "1:5: expected a flag set like S, S., F., R, ., got 'P.' (P, push, is not modelled",
    ],
    [
      'a malformed range',
      '0 < . 1-6 ack 1',
      "1:7: expected a sequence range like 1:6(5) (start:end(length), relative), got '1-6'",
    ],
    [
      'a length that disagrees with the range',
      '0 < . 1:6(4) ack 1',
      '1:11: expected the length to be end - start = 5, got 4',
    ],
    [
      'ACK flag without ack',
      '0 < . 1:1(0)',
      "1:13: expected 'ack N': the flags '.' have the ACK bit ('.'), got the end of the line",
    ],
    [
      'ack without the ACK flag',
      '0 < S 0:0(0) ack 1',
      "1:14: expected no ack: the flags 'S' have no ACK bit (write 'S.' to set it)",
    ],
    [
      'a window too large',
      '0 < . 1:1(0) ack 1 win 70000',
      '1:24: expected a window after win from 0 to 65535, got 70000',
    ],
    [
      'something after the segment',
      '0 < . 1:1(0) ack 1 <mss 1460>',
      "1:20: expected 'ack N', 'win N' or the end of the line, got '<mss'",
    ],
    ['a bad time', '0.1.2 user CLOSE', "1:1: expected a time in seconds like 0.105 or +0.005, got '0.1.2'"],
    [
      'a time finer than a millisecond',
      '0.0001 user CLOSE',
      "1:1: expected a time to the millisecond (at most 3 decimals), got '0.0001'",
    ],
    [
      'time going back',
      '1 user CLOSE\n0.5 user CLOSE',
      "2:1: expected a time at or after 1.000 s (the previous line's), got 0.5: time does not go back",
    ],
    [
      'no direction after the time',
      '0 <> S 0:0(0)',
      "1:3: expected '<' (inbound segment), '>' (outbound segment), 'user' or 'state' after the time, got '<>'",
    ],
    [
      'an unknown user call',
      '0 user CONNECT',
      "1:8: expected a user call (OPEN, SEND, CLOSE, ABORT, RECEIVE), got 'CONNECT'",
    ],
    ['OPEN without a mode', '0 user OPEN', "1:12: expected 'active' or 'passive' after OPEN, got the end of the line"],
    [
      'SEND of nothing',
      '0 user SEND 0',
      '1:13: expected a length or a "quoted text" after SEND from 1 to 65535, got 0',
    ],
    ['an unterminated text', '0 user SEND "abc', "1:13: expected a closing '\"' for the text, got the end of the line"],
    ['non-ASCII text', '0 user SEND "naïve"', "1:16: expected printable ASCII text (one character per octet), got 'ï'"],
    ['words after a complete call', '0 user CLOSE now', "1:14: expected the end of the line after CLOSE, got 'now'"],
    [
      'a state spelled the Linux way',
      'state TIME_WAIT',
      "1:7: expected a state (CLOSED LISTEN SYN-SENT SYN-RECEIVED ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 CLOSE-WAIT CLOSING LAST-ACK TIME-WAIT), got 'TIME_WAIT' (did you mean TIME-WAIT?",
    ],
    ['an unknown profile', 'profile bsd', "1:9: expected a profile, 'rfc' or 'linux', got 'bsd'"],
    [
      'an unknown config key',
      'set msl=5',
      "1:5: expected key=value with a key of grader/engine/config.ts: unknown key 'msl'",
    ],
    [
      'a bad config value',
      'set rfc1337=maybe',
      "1:5: expected key=value with a key of grader/engine/config.ts: rfc1337 is on/off; use true or false, not 'maybe'",
    ],
    [
      'a negative time value for a config key',
      'set mslMs=-1',
      "1:5: expected key=value with a key of grader/engine/config.ts: mslMs takes a whole number (ms), not '-1'",
    ],
    [
      'iss out of range',
      'iss 4294967296',
      '1:5: expected a sequence number after iss from 0 to 4294967295, got 4294967296',
    ],
    ['a directive twice', 'irs 1\nirs 2', "2:1: expected one 'irs' line, got a second (the first is on line 1)"],
    [
      'a directive after the first timed line',
      '0 user OPEN active\nset mslMs=10',
      "2:1: expected 'set' before the first timed line",
    ],
    [
      'a line that is nothing',
      'hello there',
      "1:1: expected a time (like 0 or +0.005) or one of profile, set, iss, irs, state, got 'hello'",
    ],
    [
      'a script without events',
      '# nothing\nprofile rfc\n',
      '1:1: expected at least one timed line (a user call or a segment), got none',
    ],
  ];
  for (const [what, text, message] of cases) {
    it(what, () => {
      const full = `test.pkt:${message}`;
      const got = parseError(text, 'test.pkt');
      expect(got.split('\n')[0]!.startsWith(full), `got: ${got}\nwanted: ${full}`).toBe(true);
    });
  }

  it('reports every bad line at once, first one first', () => {
    const e = (() => {
      try {
        parseScript('0 user OPEN sideways\n+0 > X 0:0(0)\nstate NOWHERE\n', 'multi.pkt');
      } catch (err) {
        return err as ScriptError;
      }
    })();
    expect(e).toBeInstanceOf(ScriptError);
    expect(e!.problems.map((p) => `${p.line}:${p.column}`)).toEqual(['1:13', '2:6', '3:7']);
    expect([e!.file, e!.line, e!.column]).toEqual(['multi.pkt', 1, 13]);
    expect(e!.message.split('\n')).toHaveLength(3);
  });

  it('throws nothing but a ScriptError, whatever the text', () => {
    const pieces = [
      '0',
      '+0.005',
      '1.5',
      '<',
      '>',
      'user',
      'state',
      'S.',
      'F.',
      'R',
      '.',
      'Q',
      '1:6(5)',
      '0:0(0)',
      'ack',
      'win',
      '1',
      '-3',
      'OPEN',
      'active',
      'passive',
      'keepalive',
      'SEND',
      '"x',
      '"ok"',
      'CLOSE',
      'set',
      'mslMs=1',
      'iss',
      'irs',
      'profile',
      'linux',
      '#',
      'ESTABLISHED',
      '\t',
      '\r',
      'xyz',
    ];
    const line = fc
      .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 })), { maxLength: 8 })
      .map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        try {
          parseScript(lines.join('\n'), 'fuzz.pkt');
        } catch (e) {
          if (!(e instanceof ScriptError)) throw e;
          for (const p of e.problems) expect(p.line >= 1 && p.column >= 1 && p.file === 'fuzz.pkt').toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
