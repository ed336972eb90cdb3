/**
 * The script format: one engine under test against a scripted peer, modelled on packetdrill.
 *
 *   script    = { line }                         one statement per line; `#` starts a comment
 *   line      = directive | [time] "state" STATE | time event
 *   directive = "profile" ("rfc" | "linux") | "set" KEY "=" VALUE | "iss" N | "irs" N
 *   time      = SECONDS | "+" SECONDS             absolute, or after the previous timed line (ms precision)
 *   event     = "<" segment                      inbound: the script sends it to the engine
 *             | ">" segment                      outbound: the engine must send it (at that time)
 *             | "user" call
 *   segment   = FLAGS START ":" END "(" LEN ")" ["ack" N] ["win" N]
 *   FLAGS     = S F R and "." (ACK) as packetdrill writes them: S  S.  .  F.  R  R. ...
 *   call      = "OPEN" ("active" | "passive") ["keepalive"] | "SEND" (LEN | "text") | "CLOSE" ["full" ["unread"]] | "ABORT" | "RECEIVE"
 *
 * Sequence numbers are relative, as packetdrill writes them: an inbound segment's SEQ counts from
 * the peer's ISN (`irs`) and its ACK from our ISS (`iss`); an outbound segment's the other way round.
 * LEN counts payload octets only (SYN and FIN are not counted); an inbound payload of n octets is n
 * 'x' octets, and so is the data of `SEND n`. Directives come before the first timed line.
 *
 * This file reads lines and directives; the words of a line are in lex.ts, the segment rule in
 * segment.ts and the call rule in call.ts.
 */
import { ConfigError, isProfileName, type Config, type ProfileName } from '../../engine/config.js';
import { parseSetting } from '../../engine/config-schema.js';
import { STATES, type State, type UserCall } from '../../engine/types.js';
import { parseCall } from './call.js';
import { ScriptError, type ScriptProblem } from './errors.js';
import { Cursor, LineProblem, integer, looksLikeTime, parseTime, show, tokenize, type Token } from './lex.js';
import { parseSegment, type SegmentSpec } from './segment.js';

export type { SegmentSpec } from './segment.js';

interface At {
  /** 1-based line number. */
  line: number;
  /** Column where the statement starts. */
  col: number;
  /** The statement as written, without its comment. */
  source: string;
}

interface Timed extends At {
  /** Virtual time in milliseconds. */
  t: number;
  timeCol: number;
}

export type ScriptEvent =
  | (Timed & { kind: 'inbound'; segment: SegmentSpec })
  | (Timed & { kind: 'outbound'; segment: SegmentSpec })
  | (Timed & { kind: 'user'; call: UserCall })
  | (At & { kind: 'state'; state: State; stateCol: number; t?: number; timeCol?: number });

export interface Script {
  /** The name errors and reports use, e.g. `scripts/lost-final-ack.pkt`. */
  file: string;
  profile: ProfileName;
  config: Partial<Config>;
  /** Our ISS (absolute). */
  iss: number;
  /** The peer's ISN (absolute). */
  irs: number;
  events: ScriptEvent[];
  /** Where the setup came from, to point at when the configuration as a whole is refused. */
  setupLine: number;
}

export const DEFAULT_ISS = 1000;
export const DEFAULT_IRS = 5000;

function parseState(cur: Cursor): { state: State; stateCol: number } {
  const tok = cur.peek();
  if (!tok || tok.quoted || !(STATES as readonly string[]).includes(tok.text)) {
    const fixed = tok && STATES.find((s) => s === tok.text.toUpperCase().replace(/_/g, '-'));
    const hint = fixed ? ` (did you mean ${fixed}? states are spelled as RFC 9293 spells them)` : '';
    throw new LineProblem(cur.col(), `expected a state (${STATES.join(' ')}), got ${show(tok)}${hint}`);
  }
  cur.next();
  cur.end(`state ${tok.text}`);
  return { state: tok.text as State, stateCol: tok.col };
}

/** What reading a script carries from one line to the next. */
interface Reading {
  script: Script;
  /** Lines allowed once (a directive, a key of `set`): where each was first seen. */
  seen: Map<string, number>;
  /** The time of the previous timed line, in ms. */
  now: number;
  /** Whether a timed line has been read (directives must come before). */
  timed: boolean;
}

/** One line's words, where it starts and ends, and its place. */
interface Line {
  text: string;
  no: number;
  cur: Cursor;
  first: Token;
  endCol: number;
  at: At;
}

/** Refuse a second line of a kind allowed once. */
function once(r: Reading, line: Line, name: string): void {
  const before = r.seen.get(name);
  if (before !== undefined)
    throw new LineProblem(line.first.col, `expected one '${name}' line, got a second (the first is on line ${before})`);
  r.seen.set(name, line.no);
}

/** Refuse a directive after the first timed line. */
function beforeEvents(r: Reading, line: Line, name: string): void {
  if (r.timed)
    throw new LineProblem(
      line.first.col,
      `expected '${name}' before the first timed line: the engine is set up before anything happens`,
    );
}

function readProfile(r: Reading, line: Line): void {
  const cur: Cursor = line.cur;
  beforeEvents(r, line, 'profile');
  once(r, line, 'profile');
  cur.next();
  const name = cur.peek();
  if (!name || name.quoted || !isProfileName(name.text)) cur.fail("a profile, 'rfc' or 'linux'");
  cur.next();
  cur.end(`profile ${name.text}`);
  r.script.profile = name.text as ProfileName;
}

/** `set key=value`, checked by the configuration's schema; its message is the line's. */
function readSet(r: Reading, line: Line): void {
  const cur: Cursor = line.cur;
  beforeEvents(r, line, 'set');
  cur.next();
  const rest = cur.peek();
  if (!rest) cur.fail('key=value (a key of grader/engine/config.ts, e.g. set delayedAckMs=0)');
  const setting = line.text
    .slice(rest.col - 1, line.endCol - 1)
    .trim()
    .replace(/\s*=\s*/, '=');
  const key = setting.split('=')[0]!;
  let parsed: Partial<Config>;
  try {
    parsed = parseSetting(setting);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const why = e.message.replace(/^--set [^:]*: /, '');
    throw new LineProblem(rest.col, `expected key=value with a key of grader/engine/config.ts: ${why}`);
  }
  once(r, line, `set ${key}`);
  Object.assign(r.script.config, parsed);
  r.script.setupLine = line.no;
}

function readIsn(r: Reading, line: Line, which: 'iss' | 'irs'): void {
  const cur: Cursor = line.cur;
  beforeEvents(r, line, which);
  once(r, line, which);
  cur.next();
  const n = cur.peek();
  if (!n) cur.fail(`a sequence number after ${which}`);
  cur.next();
  r.script[which] = integer(n, `a sequence number after ${which}`, 0, 0xffff_ffff);
  cur.end(`${which} ${n.text}`);
}

/** A line that starts with a word rather than a time; false when it does not. */
function readDirective(r: Reading, line: Line): boolean {
  switch (line.first.text) {
    case 'profile':
      readProfile(r, line);
      return true;
    case 'set':
      readSet(r, line);
      return true;
    case 'iss':
    case 'irs':
      readIsn(r, line, line.first.text);
      return true;
    case 'state':
      line.cur.next();
      r.script.events.push({ kind: 'state', ...line.at, ...parseState(line.cur) });
      return true;
    default:
      return false;
  }
}

/** `time event`: a segment either way, a user call or a state the engine must be in. */
function readTimed(r: Reading, line: Line): void {
  const cur: Cursor = line.cur;
  const first = line.first;
  if (!looksLikeTime(first.text)) cur.fail('a time (like 0 or +0.005) or one of profile, set, iss, irs, state');
  cur.next();
  const time = parseTime(first);
  const t = time.relative ? r.now + time.ms : time.ms;
  if (t < r.now) {
    throw new LineProblem(
      first.col,
      `expected a time at or after ${(r.now / 1000).toFixed(3)} s (the previous line's), got ${first.text}: time does not go back`,
    );
  }
  const kind = cur.peek();
  const timedAt = { ...line.at, t, timeCol: first.col };
  if (kind?.text === '<' || kind?.text === '>') {
    cur.next();
    const segment = parseSegment(cur);
    r.script.events.push({ kind: kind.text === '<' ? 'inbound' : 'outbound', ...timedAt, segment });
  } else if (kind?.text === 'user') {
    cur.next();
    r.script.events.push({ kind: 'user', ...timedAt, call: parseCall(cur) });
  } else if (kind?.text === 'state') {
    cur.next();
    r.script.events.push({ kind: 'state', ...timedAt, ...parseState(cur) });
  } else {
    cur.fail("'<' (inbound segment), '>' (outbound segment), 'user' or 'state' after the time");
  }
  r.now = t;
  r.timed = true;
}

/** One line, raw (a `\r` before the newline is dropped); blank and comment lines add nothing. */
function readLine(r: Reading, raw: string, no: number): void {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const tokens = tokenize(text);
  const first = tokens[0];
  if (first === undefined) return;
  const endCol = tokens.at(-1)!.end;
  const line: Line = {
    text,
    no,
    first,
    endCol,
    cur: new Cursor(tokens, endCol),
    at: { line: no, col: first.col, source: text.slice(first.col - 1, endCol - 1).trimEnd() },
  };
  if (first.quoted) line.cur.fail('a time (like 0 or +0.005) or one of profile, set, iss, irs, state');
  if (!readDirective(r, line)) readTimed(r, line);
}

/** Parse a script. Every bad line is reported (one problem each) in one ScriptError. */
export function parseScript(text: string, file: string): Script {
  const problems: ScriptProblem[] = [];
  const script: Script = {
    file,
    profile: 'rfc',
    config: {},
    iss: DEFAULT_ISS,
    irs: DEFAULT_IRS,
    events: [],
    setupLine: 1,
  };
  const reading: Reading = { script, seen: new Map(), now: 0, timed: false };
  for (const [index, raw] of text.split('\n').entries()) {
    try {
      readLine(reading, raw, index + 1);
    } catch (e) {
      // Anything but a LineProblem is a bug here; it is still reported against the line, never thrown.
      if (e instanceof LineProblem) problems.push({ file, line: index + 1, column: e.column, message: e.message });
      else
        problems.push({
          file,
          line: index + 1,
          column: 1,
          message: `could not parse this line: ${e instanceof Error ? e.message : String(e)}`,
        });
    }
  }
  if (problems.length === 0 && !script.events.some((e) => e.kind !== 'state')) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: 'expected at least one timed line (a user call or a segment), got none',
    });
  }
  if (problems.length > 0) throw new ScriptError(problems);
  return script;
}
