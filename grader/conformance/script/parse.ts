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
 *   call      = "OPEN" ("active" | "passive") ["keepalive"] | "SEND" (LEN | "text") | "CLOSE" | "ABORT" | "RECEIVE"
 *
 * Sequence numbers are relative, as packetdrill writes them: an inbound segment's SEQ counts from
 * the peer's ISN (`irs`) and its ACK from our ISS (`iss`); an outbound segment's the other way round.
 * LEN counts payload octets only (SYN and FIN are not counted); an inbound payload of n octets is n
 * 'x' octets, and so is the data of `SEND n`. Directives come before the first timed line.
 */
import { ConfigError, isProfileName, parseSetting, type Config, type ProfileName } from '../../engine/config.js';
import { STATES, type Ctl, type State, type UserCall } from '../../engine/types.js';
import { ScriptError, type ScriptProblem } from './errors.js';

/** A segment as a script line writes it; numbers are relative and not yet reduced modulo 2^32. */
export interface SegmentSpec {
  /** The flags as written (`S.`), and as the engine names them. */
  flags: string;
  ctl: Ctl;
  start: number;
  end: number;
  len: number;
  ack?: number;
  win?: number;
  /** Columns of each part, for errors found later (validation against the reference). */
  cols: { flags: number; range: number; ack?: number; win?: number };
}

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
/** A length no script needs more than (one SEND, one inbound payload). */
const MAX_LEN = 65_535;

const FLAG_SETS: Readonly<Record<string, Ctl>> = {
  'S': 'SYN', 'S.': 'SYN,ACK', '.': 'ACK', 'F': 'FIN', 'F.': 'FIN,ACK', 'R': 'RST', 'R.': 'RST,ACK',
  'SF': 'SYN,FIN', 'SF.': 'SYN,ACK,FIN', 'SR': 'SYN,RST',
};
const FLAG_HELP = 'a flag set like S, S., F., R, .';
const CALLS = ['OPEN', 'SEND', 'CLOSE', 'ABORT', 'RECEIVE'] as const;

/** A problem on one line; caught by the parser loop, never seen outside this file. */
class LineProblem {
  constructor(readonly column: number, readonly message: string) {}
}

interface Token {
  text: string;
  col: number;
  /** The column just after its last character. */
  end: number;
  /** A "quoted string"; `text` holds its contents, unescaped. */
  quoted: boolean;
}

const show = (tok: Token | undefined): string => (tok ? (tok.quoted ? JSON.stringify(tok.text) : `'${tok.text}'`) : 'the end of the line');

/** Split a line into tokens; a `#` outside quotes ends it. */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '#') break;
    const col = i + 1;
    if (c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= line.length) throw new LineProblem(col, 'expected a closing \'"\' for the text, got the end of the line');
        const d = line[i]!;
        if (d === '"') { i++; break; }
        if (d === '\\') {
          const e = line[i + 1];
          const escaped = e === '"' ? '"' : e === '\\' ? '\\' : e === 'n' ? '\n' : e === 't' ? '\t' : undefined;
          if (escaped === undefined) throw new LineProblem(i + 1, `expected an escape \\" \\\\ \\n or \\t, got '\\${e ?? ''}'`);
          text += escaped;
          i += 2;
          continue;
        }
        if (d.charCodeAt(0) > 0x7e || d.charCodeAt(0) < 0x20) {
          throw new LineProblem(i + 1, `expected printable ASCII text (one character per octet), got '${d}'`);
        }
        text += d;
        i++;
      }
      tokens.push({ text, col, end: i + 1, quoted: true });
      continue;
    }
    let j = i;
    while (j < line.length && line[j] !== ' ' && line[j] !== '\t' && line[j] !== '#') j++;
    tokens.push({ text: line.slice(i, j), col, end: j + 1, quoted: false });
    i = j;
  }
  return tokens;
}

/** A cursor over one line's tokens with the "expected X, got Y" errors. */
class Cursor {
  #i = 0;
  constructor(readonly tokens: Token[], readonly endCol: number) {}
  peek(): Token | undefined { return this.tokens[this.#i]; }
  next(): Token | undefined { return this.tokens[this.#i++]; }
  /** Column of the next token, or just past the line's last one. */
  col(): number { return this.peek()?.col ?? this.endCol; }
  fail(expected: string): never {
    throw new LineProblem(this.col(), `expected ${expected}, got ${show(this.peek())}`);
  }
  /** The next bare word, which must be present. */
  word(expected: string): Token {
    const tok = this.peek();
    if (!tok || tok.quoted) this.fail(expected);
    this.#i++;
    return tok;
  }
  end(after: string): void {
    if (this.peek()) this.fail(`the end of the line after ${after}`);
  }
}

function integer(tok: Token, what: string, min: number, max: number): number {
  const m = /^(?:0x([0-9a-fA-F]+)|(\d+))$/.exec(tok.text);
  const value = m ? (m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2])) : NaN;
  if (!m) throw new LineProblem(tok.col, `expected ${what}, got ${show(tok)}`);
  if (!(value >= min && value <= max)) throw new LineProblem(tok.col, `expected ${what} from ${min} to ${max}, got ${tok.text}`);
  return value;
}

/** A relative sequence number: any whole number (it is taken modulo 2^32), negatives allowed. */
function relative(text: string, col: number, what: string): number {
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new LineProblem(col, `expected ${what} (a whole number), got '${text}'`);
  return Number(text);
}

const TIME = /^(\+)?(\d+)(?:\.(\d+))?$/;
const looksLikeTime = (text: string): boolean => /^[+\d.]/.test(text);

/** Seconds as written, in whole milliseconds. */
function parseTime(tok: Token): { relative: boolean; ms: number } {
  const m = TIME.exec(tok.text);
  if (!m) throw new LineProblem(tok.col, `expected a time in seconds like 0.105 or +0.005, got ${show(tok)}`);
  const fraction = m[3] ?? '';
  if (fraction.length > 3 && !/^0+$/.test(fraction.slice(3))) {
    throw new LineProblem(tok.col, `expected a time to the millisecond (at most 3 decimals), got '${tok.text}'`);
  }
  const ms = Number(m[2]) * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0'));
  if (!Number.isSafeInteger(ms)) throw new LineProblem(tok.col, `expected a time in seconds, got '${tok.text}' (too large)`);
  return { relative: m[1] === '+', ms };
}

function parseFlags(tok: Token): { flags: string; ctl: Ctl } {
  const text = tok.text;
  if (tok.quoted || !/^[SFR.]+$/.test(text) || new Set(text).size !== text.length) {
    const hint = !tok.quoted && /P/.test(text) ? ' (P, push, is not modelled: write the set without it)' : '';
    throw new LineProblem(tok.col, `expected ${FLAG_HELP}, got ${show(tok)}${hint}`);
  }
  const key = ['S', 'F', 'R'].filter((f) => text.includes(f)).join('') + (text.includes('.') ? '.' : '');
  const ctl = FLAG_SETS[key];
  if (!ctl) throw new LineProblem(tok.col, `expected ${FLAG_HELP}; the flag set '${text}' is not one the engine models (${Object.keys(FLAG_SETS).join(' ')})`);
  return { flags: text, ctl };
}

function parseSegment(cur: Cursor): SegmentSpec {
  const flagTok = cur.peek();
  if (!flagTok) cur.fail(FLAG_HELP);
  cur.next();
  const { flags, ctl } = parseFlags(flagTok);
  const rangeTok = cur.peek();
  if (!rangeTok || rangeTok.quoted) cur.fail('a sequence range like 1:6(5) (start:end(length), relative)');
  cur.next();
  const m = /^([^:()]+):([^:()]+)\(([^()]*)\)$/.exec(rangeTok.text);
  if (!m) throw new LineProblem(rangeTok.col, `expected a sequence range like 1:6(5) (start:end(length), relative), got ${show(rangeTok)}`);
  const startCol = rangeTok.col;
  const endCol = rangeTok.col + m[1]!.length + 1;
  const lenCol = endCol + m[2]!.length + 1;
  const start = relative(m[1]!, startCol, 'a relative sequence number');
  const end = relative(m[2]!, endCol, 'a relative sequence number');
  if (!/^\d+$/.test(m[3]!) || Number(m[3]) > MAX_LEN) {
    throw new LineProblem(lenCol, `expected a payload length from 0 to ${MAX_LEN}, got '${m[3]}'`);
  }
  const len = Number(m[3]);
  if (end - start !== len) {
    throw new LineProblem(lenCol, `expected the length to be end - start = ${end - start}, got ${len} (SYN and FIN are not counted in the length)`);
  }
  const spec: SegmentSpec = { flags, ctl, start, end, len, cols: { flags: flagTok.col, range: rangeTok.col } };
  for (let tok = cur.peek(); tok; tok = cur.peek()) {
    if (tok.text === 'ack' && !tok.quoted) {
      if (spec.ack !== undefined) cur.fail('one ack');
      cur.next();
      const n = cur.peek();
      if (!n || n.quoted) cur.fail('a relative acknowledgment number after ack');
      cur.next();
      spec.ack = relative(n.text, n.col, 'a relative acknowledgment number after ack');
      spec.cols.ack = tok.col;
    } else if (tok.text === 'win' && !tok.quoted) {
      if (spec.win !== undefined) cur.fail('one win');
      cur.next();
      const n = cur.peek();
      if (!n) cur.fail('a window after win');
      cur.next();
      spec.win = integer(n, 'a window after win', 0, 65_535);
      spec.cols.win = tok.col;
    } else {
      cur.fail(`'ack N', 'win N' or the end of the line`);
    }
  }
  const hasAck = ctl.includes('ACK');
  if (hasAck && spec.ack === undefined) cur.fail(`'ack N': the flags '${flags}' have the ACK bit ('.')`);
  if (!hasAck && spec.ack !== undefined) {
    throw new LineProblem(spec.cols.ack!, `expected no ack: the flags '${flags}' have no ACK bit (write '${flags}.' to set it)`);
  }
  return spec;
}

function parseCall(cur: Cursor): UserCall {
  const tok = cur.peek();
  if (!tok || tok.quoted || !(CALLS as readonly string[]).includes(tok.text)) cur.fail(`a user call (${CALLS.join(', ')})`);
  cur.next();
  switch (tok.text as (typeof CALLS)[number]) {
    case 'OPEN': {
      const mode = cur.peek();
      if (!mode || (mode.text !== 'active' && mode.text !== 'passive') || mode.quoted) cur.fail("'active' or 'passive' after OPEN");
      cur.next();
      let keepAlive = false;
      if (cur.peek()?.text === 'keepalive' && !cur.peek()?.quoted) { cur.next(); keepAlive = true; }
      cur.end(`OPEN ${mode.text}${keepAlive ? ' keepalive' : ''} (only 'keepalive' may follow the mode)`);
      return { call: 'OPEN', mode: mode.text as 'active' | 'passive', ...(keepAlive ? { keepAlive } : {}) };
    }
    case 'SEND': {
      const what = cur.peek();
      if (!what) cur.fail('a length or a "quoted text" after SEND');
      cur.next();
      let data: string;
      if (what.quoted) {
        if (what.text.length === 0) throw new LineProblem(what.col, 'expected at least one octet of text after SEND, got ""');
        data = what.text;
      } else {
        data = 'x'.repeat(integer(what, 'a length or a "quoted text" after SEND', 1, MAX_LEN));
      }
      cur.end('SEND');
      return { call: 'SEND', data };
    }
    case 'CLOSE':
    case 'ABORT':
    case 'RECEIVE': {
      cur.end(tok.text);
      return { call: tok.text as 'CLOSE' | 'ABORT' | 'RECEIVE' };
    }
  }
}

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

/** Parse a script. Every bad line is reported (one problem each) in one ScriptError. */
export function parseScript(text: string, file: string): Script {
  const problems: ScriptProblem[] = [];
  const script: Script = { file, profile: 'rfc', config: {}, iss: DEFAULT_ISS, irs: DEFAULT_IRS, events: [], setupLine: 1 };
  const seen = new Map<string, number>();
  let now = 0;
  let timed = false;
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    try {
      const tokens = tokenize(line);
      if (tokens.length === 0) continue;
      const endCol = tokens.at(-1)!.end;
      const cur: Cursor = new Cursor(tokens, endCol);
      const first = tokens[0]!;
      const source = line.slice(first.col - 1, endCol - 1).trimEnd();
      const at = { line: lineNo, col: first.col, source };
      const once = (name: string): void => {
        const before = seen.get(name);
        if (before !== undefined) throw new LineProblem(first.col, `expected one '${name}' line, got a second (the first is on line ${before})`);
        seen.set(name, lineNo);
      };
      const beforeEvents = (name: string): void => {
        if (timed) throw new LineProblem(first.col, `expected '${name}' before the first timed line: the engine is set up before anything happens`);
      };
      if (first.quoted) cur.fail('a time (like 0 or +0.005) or one of profile, set, iss, irs, state');
      switch (first.text) {
        case 'profile': {
          beforeEvents('profile');
          once('profile');
          cur.next();
          const name = cur.peek();
          if (!name || name.quoted || !isProfileName(name.text)) cur.fail("a profile, 'rfc' or 'linux'");
          cur.next();
          cur.end(`profile ${name.text}`);
          script.profile = name.text as ProfileName;
          continue;
        }
        case 'set': {
          beforeEvents('set');
          cur.next();
          const rest = cur.peek();
          if (!rest) cur.fail('key=value (a key of grader/engine/config.ts, e.g. set delayedAckMs=0)');
          const setting = line.slice(rest.col - 1, endCol - 1).trim().replace(/\s*=\s*/, '=');
          const key = setting.split('=')[0]!;
          let parsed: Partial<Config>;
          try {
            parsed = parseSetting(setting);
          } catch (e) {
            if (!(e instanceof ConfigError)) throw e;
            const why = e.message.replace(/^--set [^:]*: /, '');
            throw new LineProblem(rest.col, `expected key=value with a key of grader/engine/config.ts: ${why}`);
          }
          once(`set ${key}`);
          Object.assign(script.config, parsed);
          script.setupLine = lineNo;
          continue;
        }
        case 'iss':
        case 'irs': {
          beforeEvents(first.text);
          once(first.text);
          cur.next();
          const n = cur.peek();
          if (!n) cur.fail(`a sequence number after ${first.text}`);
          cur.next();
          script[first.text] = integer(n, `a sequence number after ${first.text}`, 0, 0xffff_ffff);
          cur.end(`${first.text} ${n.text}`);
          continue;
        }
        case 'state': {
          cur.next();
          script.events.push({ kind: 'state', ...at, ...parseState(cur) });
          continue;
        }
      }
      if (!looksLikeTime(first.text)) cur.fail('a time (like 0 or +0.005) or one of profile, set, iss, irs, state');
      cur.next();
      const time = parseTime(first);
      const t = time.relative ? now + time.ms : time.ms;
      if (t < now) {
        throw new LineProblem(first.col, `expected a time at or after ${(now / 1000).toFixed(3)} s (the previous line's), got ${first.text}: time does not go back`);
      }
      const kind = cur.peek();
      const timedAt = { ...at, t, timeCol: first.col };
      if (kind?.text === '<' || kind?.text === '>') {
        cur.next();
        const segment = parseSegment(cur);
        script.events.push({ kind: kind.text === '<' ? 'inbound' : 'outbound', ...timedAt, segment });
      } else if (kind?.text === 'user') {
        cur.next();
        script.events.push({ kind: 'user', ...timedAt, call: parseCall(cur) });
      } else if (kind?.text === 'state') {
        cur.next();
        script.events.push({ kind: 'state', ...timedAt, ...parseState(cur) });
      } else {
        cur.fail("'<' (inbound segment), '>' (outbound segment), 'user' or 'state' after the time");
      }
      now = t;
      timed = true;
    } catch (e) {
      // Anything but a LineProblem is a bug here; it is still reported against the line, never thrown.
      if (e instanceof LineProblem) problems.push({ file, line: lineNo, column: e.column, message: e.message });
      else problems.push({ file, line: lineNo, column: 1, message: `could not parse this line: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  if (problems.length === 0 && !script.events.some((e) => e.kind !== 'state')) {
    problems.push({ file, line: 1, column: 1, message: 'expected at least one timed line (a user call or a segment), got none' });
  }
  if (problems.length > 0) throw new ScriptError(problems);
  return script;
}
