import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, findEntry } from '../../engine/catalogue.js';
import { NotImplemented } from '../../engine/not-implemented.js';
import type { Modules } from '../../engine/modules.js';
import { modules as reference, modulesWith } from '../../../solutions/modules.js';
import { runJob } from '../../runner/in-process.js';
import type { Job } from '../../runner/jobs.js';
import type { Observation } from '../observe.js';
import {
  DEFAULT_IRS, DEFAULT_ISS, SCRIPTS_DIR, ScriptError, checksOf, compileScript, judgeScript, loadScripts, parseScript, scriptChecks,
  type ScriptCheck,
} from './index.js';

/** The example of the format, as written in its specification. */
const EXAMPLE = `# lost final ACK: our FIN is retransmitted after one RTO
profile rfc
set delayedAckMs=0
iss 1000          # our ISS
irs 5000          # the peer's ISN; relative numbers below count from these
0     user OPEN active
0     > S 0:0(0)
+0.005 < S. 0:0(0) ack 1
+0    > . 1:1(0) ack 1
state ESTABLISHED
+0.1  user SEND 5
+0    > . 1:6(5) ack 1
+0.005 < . 1:1(0) ack 6
+1.0  user CLOSE
+0    > F. 6:6(0) ack 1
+1.0  > F. 6:6(0) ack 1      # retransmitted after the 1 s RTO
state FIN-WAIT-1
`;
const FILE = 'scripts/lost-final-ack.pkt';

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

function refusal(text: string, file = FILE, modules: Modules = reference): ScriptError {
  try {
    compileScript(parseScript(text, file), modules);
  } catch (e) {
    expect(e).toBeInstanceOf(ScriptError);
    return e as ScriptError;
  }
  throw new Error('expected the reference to refuse the script');
}

/** Replace line `n` (1-based) of the example. */
const withLine = (n: number, line: string, text = EXAMPLE): string =>
  text.split('\n').map((l, i) => (i === n - 1 ? line : l)).join('\n');

describe('parsing each kind of line', () => {
  it('directives: profile, set, iss, irs, with comments', () => {
    const s = parseScript('# a comment\nprofile linux  # trailing\nset mslMs=1000\nset rfc5961 = off\niss 0xfffffffa\nirs 7\n0 user CLOSE\n', 'a.pkt');
    expect(s.profile).toBe('linux');
    expect(s.config).toEqual({ mslMs: 1000, rfc5961: false });
    expect(s.iss).toBe(0xffff_fffa);
    expect(s.irs).toBe(7);
    expect(s.file).toBe('a.pkt');
  });

  it('defaults: rfc profile, no overrides, iss 1000, irs 5000', () => {
    const s = parseScript('0 user CLOSE', 'a.pkt');
    expect(s).toMatchObject({ profile: 'rfc', config: {}, iss: DEFAULT_ISS, irs: DEFAULT_IRS });
    expect([DEFAULT_ISS, DEFAULT_IRS]).toEqual([1000, 5000]);
  });

  it('times: absolute and relative, in milliseconds', () => {
    const s = parseScript('0.105 user CLOSE\n+0.005 user CLOSE\n+1 user CLOSE\n2 user CLOSE\n+0 user CLOSE', 'a.pkt');
    expect(s.events.map((e) => ('t' in e ? e.t : undefined))).toEqual([105, 110, 1110, 2000, 2000]);
  });

  it('inbound segments: flags, relative range, ack, win', () => {
    const s = parseScript('0 < S. 0:0(0) ack 1 win 1024\n+0 < . 1:6(5) ack 1\n+0 < R 9:9(0)\n+0 < F 1:1(0)', 'a.pkt');
    const [synAck, data, rst, fin] = s.events;
    expect(synAck).toMatchObject({ kind: 'inbound', line: 1, t: 0, segment: { flags: 'S.', ctl: 'SYN,ACK', start: 0, end: 0, len: 0, ack: 1, win: 1024 } });
    expect(data).toMatchObject({ kind: 'inbound', segment: { ctl: 'ACK', start: 1, end: 6, len: 5, ack: 1 } });
    expect(rst).toMatchObject({ kind: 'inbound', segment: { ctl: 'RST', start: 9 } });
    expect(rst && 'segment' in rst ? rst.segment.ack : 'x').toBeUndefined();
    expect(fin).toMatchObject({ kind: 'inbound', segment: { ctl: 'FIN' } });
  });

  it('outbound segments, every flag set the engine models, negative relative numbers', () => {
    const s = parseScript('0 > S 0:0(0)\n0 > F. 6:6(0) ack 1\n0 > R. -1:-1(0) ack 1\n0 > SF. 0:0(0) ack 1\n0 > SR 0:0(0)\n0 > F 2:2(0)', 'a.pkt');
    expect(s.events.map((e) => (e.kind === 'outbound' ? e.segment.ctl : e.kind))).toEqual(['SYN', 'FIN,ACK', 'RST,ACK', 'SYN,ACK,FIN', 'SYN,RST', 'FIN']);
    expect(s.events[2]).toMatchObject({ segment: { start: -1, end: -1 } });
  });

  it('user calls', () => {
    const s = parseScript([
      '0 user OPEN active', '0 user OPEN passive', '0 user OPEN active keepalive', '0 user SEND 3',
      '0 user SEND "a \\"b\\" # not a comment"', '0 user CLOSE', '0 user ABORT', '0 user RECEIVE',
    ].join('\n'), 'a.pkt');
    expect(s.events.map((e) => (e.kind === 'user' ? e.call : undefined))).toEqual([
      { call: 'OPEN', mode: 'active' }, { call: 'OPEN', mode: 'passive' }, { call: 'OPEN', mode: 'active', keepAlive: true },
      { call: 'SEND', data: 'xxx' }, { call: 'SEND', data: 'a "b" # not a comment' },
      { call: 'CLOSE' }, { call: 'ABORT' }, { call: 'RECEIVE' },
    ]);
  });

  it('state lines, with and without a time; CRLF line ends', () => {
    const s = parseScript('state CLOSED\r\n0 user OPEN passive\r\nstate LISTEN\r\n+2 state LISTEN\r\n', 'a.pkt');
    expect(s.events).toMatchObject([
      { kind: 'state', state: 'CLOSED', line: 1 },
      { kind: 'user', line: 2 },
      { kind: 'state', state: 'LISTEN', line: 3 },
      { kind: 'state', state: 'LISTEN', line: 4, t: 2000 },
    ]);
    expect(s.events[0]).not.toHaveProperty('t');
  });

  it('the example of the specification', () => {
    const s = parseScript(EXAMPLE, FILE);
    expect(s.events.map((e) => e.kind)).toEqual([
      'user', 'outbound', 'inbound', 'outbound', 'state', 'user', 'outbound', 'inbound', 'user', 'outbound', 'outbound', 'state',
    ]);
    expect(s.events.at(-2)).toMatchObject({ kind: 'outbound', t: 2110, line: 16, source: '+1.0  > F. 6:6(0) ack 1' });
  });
});

describe('errors name file:line:column and what was expected', () => {
  it('a bad flag set, exactly as the specification shows it', () => {
    expect(parseError(withLine(7, '0     > Q 0:0(0)'), FILE)).toBe(`${FILE}:7:9: expected a flag set like S, S., F., R, ., got 'Q'`);
  });

  const cases: [string, string, string][] = [
    ['flags the engine does not model', '0 < FR 1:1(0)', "1:5: expected a flag set like S, S., F., R, .; the flag set 'FR' is not one the engine models"],
    ['push', '0 < P. 1:1(0) ack 1', "1:5: expected a flag set like S, S., F., R, ., got 'P.' (P, push, is not modelled"],
    ['a malformed range', '0 < . 1-6 ack 1', "1:7: expected a sequence range like 1:6(5) (start:end(length), relative), got '1-6'"],
    ['a length that disagrees with the range', '0 < . 1:6(4) ack 1', '1:11: expected the length to be end - start = 5, got 4'],
    ['ACK flag without ack', '0 < . 1:1(0)', "1:13: expected 'ack N': the flags '.' have the ACK bit ('.'), got the end of the line"],
    ['ack without the ACK flag', '0 < S 0:0(0) ack 1', "1:14: expected no ack: the flags 'S' have no ACK bit (write 'S.' to set it)"],
    ['a window too large', '0 < . 1:1(0) ack 1 win 70000', '1:24: expected a window after win from 0 to 65535, got 70000'],
    ['something after the segment', '0 < . 1:1(0) ack 1 <mss 1460>', "1:20: expected 'ack N', 'win N' or the end of the line, got '<mss'"],
    ['a bad time', '0.1.2 user CLOSE', "1:1: expected a time in seconds like 0.105 or +0.005, got '0.1.2'"],
    ['a time finer than a millisecond', '0.0001 user CLOSE', "1:1: expected a time to the millisecond (at most 3 decimals), got '0.0001'"],
    ['time going back', '1 user CLOSE\n0.5 user CLOSE', '2:1: expected a time at or after 1.000 s (the previous line\'s), got 0.5: time does not go back'],
    ['no direction after the time', '0 <> S 0:0(0)', "1:3: expected '<' (inbound segment), '>' (outbound segment), 'user' or 'state' after the time, got '<>'"],
    ['an unknown user call', '0 user CONNECT', "1:8: expected a user call (OPEN, SEND, CLOSE, ABORT, RECEIVE), got 'CONNECT'"],
    ['OPEN without a mode', '0 user OPEN', "1:12: expected 'active' or 'passive' after OPEN, got the end of the line"],
    ['SEND of nothing', '0 user SEND 0', '1:13: expected a length or a "quoted text" after SEND from 1 to 65535, got 0'],
    ['an unterminated text', '0 user SEND "abc', '1:13: expected a closing \'"\' for the text, got the end of the line'],
    ['non-ASCII text', '0 user SEND "naïve"', "1:16: expected printable ASCII text (one character per octet), got 'ï'"],
    ['words after a complete call', '0 user CLOSE now', "1:14: expected the end of the line after CLOSE, got 'now'"],
    ['a state spelled the Linux way', 'state TIME_WAIT', "1:7: expected a state (CLOSED LISTEN SYN-SENT SYN-RECEIVED ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 CLOSE-WAIT CLOSING LAST-ACK TIME-WAIT), got 'TIME_WAIT' (did you mean TIME-WAIT?"],
    ['an unknown profile', 'profile bsd', "1:9: expected a profile, 'rfc' or 'linux', got 'bsd'"],
    ['an unknown config key', 'set msl=5', "1:5: expected key=value with a key of grader/engine/config.ts: unknown key 'msl'"],
    ['a bad config value', 'set rfc1337=maybe', "1:5: expected key=value with a key of grader/engine/config.ts: rfc1337 is on/off; use true or false, not 'maybe'"],
    ['a negative time value for a config key', 'set mslMs=-1', "1:5: expected key=value with a key of grader/engine/config.ts: mslMs takes a whole number (ms), not '-1'"],
    ['iss out of range', 'iss 4294967296', '1:5: expected a sequence number after iss from 0 to 4294967295, got 4294967296'],
    ['a directive twice', 'irs 1\nirs 2', "2:1: expected one 'irs' line, got a second (the first is on line 1)"],
    ['a directive after the first timed line', '0 user OPEN active\nset mslMs=10', "2:1: expected 'set' before the first timed line"],
    ['a line that is nothing', 'hello there', "1:1: expected a time (like 0 or +0.005) or one of profile, set, iss, irs, state, got 'hello'"],
    ['a script without events', '# nothing\nprofile rfc\n', '1:1: expected at least one timed line (a user call or a segment), got none'],
  ];
  for (const [what, text, message] of cases) {
    it(what, () => {
      const full = `test.pkt:${message}`;
      const got = parseError(text, 'test.pkt');
      expect(got.split('\n')[0]!.startsWith(full), `got: ${got}\nwanted: ${full}`).toBe(true);
    });
  }

  it('reports every bad line at once, first one first', () => {
    const e = (() => { try { parseScript('0 user OPEN sideways\n+0 > X 0:0(0)\nstate NOWHERE\n', 'multi.pkt'); } catch (err) { return err as ScriptError; } })();
    expect(e).toBeInstanceOf(ScriptError);
    expect(e!.problems.map((p) => `${p.line}:${p.column}`)).toEqual(['1:13', '2:6', '3:7']);
    expect([e!.file, e!.line, e!.column]).toEqual(['multi.pkt', 1, 13]);
    expect(e!.message.split('\n')).toHaveLength(3);
  });

  it('throws nothing but a ScriptError, whatever the text', () => {
    const pieces = ['0', '+0.005', '1.5', '<', '>', 'user', 'state', 'S.', 'F.', 'R', '.', 'Q', '1:6(5)', '0:0(0)', 'ack', 'win', '1',
      '-3', 'OPEN', 'active', 'passive', 'keepalive', 'SEND', '"x', '"ok"', 'CLOSE', 'set', 'mslMs=1', 'iss', 'irs', 'profile', 'linux',
      '#', 'ESTABLISHED', '\t', '\r', 'xyz'];
    const line = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 })), { maxLength: 8 }).map((ws) => ws.join(' '));
    fc.assert(fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
      try {
        parseScript(lines.join('\n'), 'fuzz.pkt');
      } catch (e) {
        if (!(e instanceof ScriptError)) throw e;
        for (const p of e.problems) expect(p.line >= 1 && p.column >= 1 && p.file === 'fuzz.pkt').toBe(true);
      }
    }), { numRuns: 500 });
  });
});

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
    expect(c.expected.at(-1)).toMatchObject({ state: 'FIN-WAIT-1', sent: [{ ctl: 'FIN,ACK', seq: 1006, ack: 5001, data: '' }] });
    expect(c.exercises).toEqual(['01-sequence-numbers', '02-three-way-handshake', '03-handshake-failures', '04-four-way-close']);
  });

  it('refuses a wrong segment, showing the line, what it expected and what the reference sent', () => {
    const e = refusal(withLine(15, '+0    > F. 7:7(0) ack 1'));
    expect(e.message).toBe(`${FILE}:15:12: expected '> F. 7:7(0) ack 1' at 1.110 s, but the reference sent '> F. 6:6(0) ack 1' at 1.110 s (in answer to line 14)`);
  });

  it('refuses wrong flags, a wrong ack, a wrong window', () => {
    expect(refusal(withLine(15, '+0    > . 6:6(0) ack 1')).message).toContain(`${FILE}:15:9: expected '> . 6:6(0) ack 1'`);
    expect(refusal(withLine(15, '+0    > F. 6:6(0) ack 2')).message).toContain(`${FILE}:15:19: expected '> F. 6:6(0) ack 2'`);
    expect(refusal(withLine(15, '+0    > F. 6:6(0) ack 1 win 100')).message)
      .toContain(`${FILE}:15:25: expected '> F. 6:6(0) ack 1 win 100' at 1.110 s, but the reference sent '> F. 6:6(0) ack 1 win 65535'`);
  });

  it('refuses a retransmission expected at the wrong time', () => {
    expect(refusal(withLine(16, '+2.0  > F. 6:6(0) ack 1')).message)
      .toBe(`${FILE}:16:1: expected '> F. 6:6(0) ack 1' at 3.110 s, but the reference sent '> F. 6:6(0) ack 1' at 2.110 s (when its retransmission timer expired)`);
    expect(refusal(withLine(16, '+0.5  > F. 6:6(0) ack 1')).message)
      .toBe(`${FILE}:16:1: expected '> F. 6:6(0) ack 1' at 1.610 s, but the reference sent nothing by then (its next timer, retransmission, is due at 2.110 s)`);
  });

  it('refuses a wrong state', () => {
    expect(refusal(withLine(17, 'state FIN-WAIT-2')).message).toBe(`${FILE}:17:7: expected state FIN-WAIT-2, but the reference is in FIN-WAIT-1`);
  });

  it('refuses a script that misses a segment the reference sends', () => {
    expect(refusal(withLine(12, '# (the data segment is not written)')).message).toBe(
      `${FILE}:13:1: expected no segment from the engine before this line, but the reference sent '> . 1:6(5) ack 1' at 0.105 s (in answer to line 11); add that line to the script if it is right`);
    expect(refusal(`${EXAMPLE}+0.005 < F. 1:1(0) ack 7\n`).message).toBe(
      `${FILE}:18:1: expected no more segments (the script ends), but the reference sent '> . 7:7(0) ack 2' at 2.115 s (in answer to line 18); add that line to the script if it is right`);
  });

  it('refuses a segment the reference never sends', () => {
    expect(refusal(`${EXAMPLE}+0.1 > . 7:7(0) ack 1\n`).message).toBe(
      `${FILE}:18:1: expected '> . 7:7(0) ack 1' at 2.210 s, but the reference sent nothing by then (its next timer, retransmission, is due at 4.110 s)`);
  });

  it('refuses a configuration the engine does not accept, at the setup line', () => {
    const e = refusal('set initialRtoMs=5000\nset maxRtoMs=1000\n0 user OPEN active\n0 > S 0:0(0)\n', 'cfg.pkt');
    expect(e.message).toMatch(/^cfg\.pkt:2:1: expected a configuration the engine accepts: config\.initialRtoMs \(5000\) is larger than config\.maxRtoMs/);
  });

  it('never throws anything but a ScriptError, for any script that parses', () => {
    const seg = fc.tuple(fc.constantFrom('<', '>'), fc.constantFrom('S', 'S.', '.', 'F.', 'R', 'R.', 'F'), fc.integer({ min: -2, max: 8 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 8 }))
      .map(([dir, flags, start, len, ack]) => `${dir} ${flags} ${start}:${start + len}(${len})${flags.includes('.') ? ` ack ${ack}` : ''}`);
    const call = fc.constantFrom('user OPEN active', 'user OPEN passive keepalive', 'user SEND 3', 'user CLOSE', 'user ABORT', 'user RECEIVE', 'state ESTABLISHED');
    const line = fc.tuple(fc.constantFrom('+0', '+0.001', '+1', '+3'), fc.oneof(seg, call)).map(([t, rest]) => `${t} ${rest}`);
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
      try {
        compileScript(parseScript(lines.join('\n'), 'fuzz.pkt'), reference);
      } catch (e) {
        if (!(e instanceof ScriptError)) throw e;
      }
    }), { numRuns: 300 });
  });
});

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
    expect(names).toEqual(expect.arrayContaining([
      'active-open-close', 'passive-open-close', 'merged-close-client', 'merged-close-server', 'simultaneous-close', 'lost-final-ack',
      'lost-syn', 'rst-closed-port', 'challenge-ack', 'time-wait-reack', 'keepalive-probe', 'half-close-close-wait',
    ]));
    const taken = new Set(scripts.flatMap((s) => s.expected.map((o) => o.transition)));
    for (const id of [
      'CLOSED --OPEN active--> SYN-SENT', 'LISTEN --rcv SYN--> SYN-RECEIVED', 'SYN-SENT --rcv SYN,ACK--> ESTABLISHED',
      'FIN-WAIT-1 --rcv FIN,ACK--> TIME-WAIT', 'FIN-WAIT-1 --rcv FIN--> CLOSING', 'CLOSING --rcv ACK of FIN--> TIME-WAIT',
      'FIN-WAIT-1 --timeout retransmission--> FIN-WAIT-1', 'SYN-SENT --timeout retransmission--> SYN-SENT',
      'SYN-SENT --rcv RST,ACK--> CLOSED', 'ESTABLISHED --rcv RST in window--> ESTABLISHED', 'TIME-WAIT --rcv FIN--> TIME-WAIT',
      'ESTABLISHED --timeout keepalive--> ESTABLISHED', 'ESTABLISHED --timeout keepalive--> CLOSED', 'CLOSE-WAIT --SEND--> CLOSE-WAIT',
      'LAST-ACK --rcv ACK of FIN--> CLOSED', 'TIME-WAIT --timeout 2MSL--> CLOSED',
    ]) expect(taken, id).toContain(id);
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
      try { loadScripts(reference, dir); } catch (e) { error = e; }
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

describe('scriptChecks and judgeScript', () => {
  const all = scriptChecks(reference);
  const check = (script: string, exercise: string): ScriptCheck => {
    const found = all.find((c) => c.script === `scripts/${script}.pkt` && c.exercise === exercise);
    if (!found) throw new Error(`no check ${script} for ${exercise}`);
    return found;
  };
  const run = (c: ScriptCheck, candidate: Modules | undefined): Observation[] => {
    const result = runJob(c.job, reference, () => candidate);
    if (result.kind !== 'transition') throw new Error('wrong kind of result');
    return result.observations;
  };

  it('one check per script and exercise, each a transition job run wholly on the candidate', () => {
    expect(all.length).toBe(loadScripts(reference).reduce((n, s) => n + s.exercises.length, 0));
    for (const c of all) {
      const job: Job = c.job; // a Job as grader/runner/jobs.ts defines it
      expect(job).toMatchObject({ kind: 'transition', id: c.id, exercise: c.exercise, from: 0 });
      expect(Object.keys(job).sort()).toEqual(['exercise', 'from', 'id', 'inputs', 'kind', 'setup']);
      expect(c.expected.some((o) => findEntry(o.transition!)?.exercise === c.exercise)).toBe(true);
    }
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(scriptChecks(reference, '07-keepalive').map((c) => c.id)).toEqual(['scripts/keepalive-probe.pkt (07-keepalive)']);
  });

  it('the reference, run as a candidate, passes every step of every check', () => {
    for (const c of all) {
      const outcomes = judgeScript(c, run(c, reference));
      expect(outcomes.length).toBeGreaterThan(0);
      expect(outcomes.filter((o) => !o.passed)).toEqual([]);
      for (const o of outcomes) {
        expect(findEntry(o.transition)?.exercise).toBe(c.exercise);
        expect(c.lines).toContain(o.step);
        expect(o).toMatchObject({ check: c.id, kind: 'scenario', exercise: c.exercise });
      }
    }
  });

  it('a wrong observation fails once, charged to the transition the reference took there, and stops there', () => {
    const c = check('challenge-ack', '08-resets');
    const observations = structuredClone(c.expected);
    const wrong = observations.findIndex((o) => o.transition === 'ESTABLISHED --rcv RST in window--> ESTABLISHED');
    observations[wrong] = { ...observations[wrong]!, state: 'CLOSED', sent: [] };
    const outcomes = judgeScript(c, observations);
    expect(outcomes.filter((o) => !o.passed)).toHaveLength(1);
    expect(outcomes.at(-1)).toEqual({
      check: 'scripts/challenge-ack.pkt (08-resets)', kind: 'scenario',
      passed: false, transition: 'ESTABLISHED --rcv RST in window--> ESTABLISHED', exercise: '08-resets', step: 16,
      expected: 'line 16 (+1     < R 29000:29000(0)): state ESTABLISHED; sent ACK seq=5001 ack=1101; notices []; timers none',
      actual: 'state CLOSED; sent nothing; notices []; timers none',
    });
    expect(outcomes.slice(0, -1).every((o) => o.passed)).toBe(true);
  });

  it('a divergence at another exercise\'s step is charged, as in scenarios, to the exercise\'s own next transition', () => {
    const c = check('challenge-ack', '08-resets');
    const observations = structuredClone(c.expected);
    observations[1] = { ...observations[1]!, sent: [] }; // the SYN,ACK (02's rule) never went out
    expect(judgeScript(c, observations)).toEqual([expect.objectContaining({
      passed: false, transition: 'ESTABLISHED --rcv RST in window--> ESTABLISHED', exercise: '08-resets', step: 10,
      expected: expect.stringMatching(/^line 10 \(\+0     < S 0:0\(0\)\): state SYN-RECEIVED; sent SYN,ACK seq=5000 ack=1001;/),
    })]);
    // After the exercise's last transition, the charge goes back to the last one before.
    const k = check('time-wait-reack', '04-four-way-close');
    const late = structuredClone(k.expected);
    const i = late.findIndex((o) => o.transition === 'TIME-WAIT --rcv FIN--> TIME-WAIT');
    late[i] = { ...late[i]!, sent: [] };
    expect(judgeScript(k, late).at(-1)).toMatchObject({ passed: false, transition: 'FIN-WAIT-2 --rcv FIN--> TIME-WAIT', exercise: '04-four-way-close', step: 25 });
  });

  it('a difference in timers only is shown with the timers', () => {
    const c = check('time-wait-reack', '05-time-wait');
    const observations = structuredClone(c.expected);
    const i = observations.findIndex((o) => o.transition === 'TIME-WAIT --rcv FIN--> TIME-WAIT');
    observations[i] = { ...observations[i]!, timers: [['time-wait', 20037]] };
    const failed = judgeScript(c, observations).find((o) => !o.passed)!;
    expect(failed.transition).toBe('TIME-WAIT --rcv FIN--> TIME-WAIT');
    expect(failed.expected).toContain('timers time-wait at 21037 ms');
    expect(failed.actual).toContain('timers time-wait at 20037 ms');
  });

  it('a candidate module that does not restart the 2*MSL timer fails on the retransmitted FIN', () => {
    const timeWait = {
      ...reference.timeWait,
      retransmittedFin: ((conn, seg, ctx) => {
        if (!seg.flags.fin || ctx.seq.seqAdd(seg.seq, ctx.seq.segmentLength(seg)) !== conn.tcb.rcv.nxt) return 'continue';
        ctx.send({ seq: conn.tcb.snd.nxt, ack: conn.tcb.rcv.nxt, ctl: 'ACK' }); // ACKs, forgets the restart
        ctx.go('TIME-WAIT --rcv FIN--> TIME-WAIT');
        return 'done';
      }) satisfies Modules['timeWait']['retransmittedFin'],
    };
    const c = check('time-wait-reack', '05-time-wait');
    const outcomes = judgeScript(c, run(c, modulesWith({ timeWait })));
    expect(outcomes.map((o) => [o.transition, o.passed, o.step])).toEqual([['TIME-WAIT --rcv FIN--> TIME-WAIT', false, 25]]);
  });

  it('a stub counts as not started: the NotImplemented error travels with the failure', () => {
    const stub = (fn: string) => (): never => { throw new NotImplemented('05-time-wait', fn); };
    const timeWait = Object.fromEntries(Object.keys(reference.timeWait).map((fn) => [fn, stub(fn)])) as unknown as Modules['timeWait'];
    const c = check('time-wait-reack', '05-time-wait');
    const outcomes = judgeScript(c, run(c, modulesWith({ timeWait })));
    expect(outcomes).toEqual([expect.objectContaining({
      passed: false, transition: 'TIME-WAIT --rcv FIN--> TIME-WAIT', step: 25, error: expect.objectContaining({ name: 'NotImplemented' }),
    })]);
  });

  it('a job that never finished fails its first step with the reason', () => {
    const c = check('keepalive-probe', '07-keepalive');
    const [first, ...rest] = judgeScript(c, [], { name: 'timeout', message: 'the batch ran too long' });
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      passed: false, transition: 'ESTABLISHED --timeout keepalive--> ESTABLISHED', exercise: '07-keepalive', step: 12,
      actual: 'timeout: the batch ran too long', error: { name: 'timeout' },
    });
  });

  it('checksOf names one check per exercise the script exercises', () => {
    const [script] = loadScripts(reference).filter((s) => s.file === 'scripts/rst-closed-port.pkt');
    expect(checksOf(script!).map((c) => c.exercise)).toEqual(['02-three-way-handshake', '03-handshake-failures']);
    expect(CATALOGUE.length).toBeGreaterThan(0);
  });
});

