/** The segment of a `<` or `>` line: FLAGS START ":" END "(" LEN ")" ["ack" N] ["win" N]. */
import type { Ctl } from '../../engine/types.js';
import { LineProblem, MAX_LEN, integer, relative, show, type Cursor, type Token } from './lex.js';

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

const FLAG_SETS: Readonly<Record<string, Ctl>> = {
  S: 'SYN',
  'S.': 'SYN,ACK',
  '.': 'ACK',
  F: 'FIN',
  'F.': 'FIN,ACK',
  R: 'RST',
  'R.': 'RST,ACK',
  SF: 'SYN,FIN',
  'SF.': 'SYN,ACK,FIN',
  SR: 'SYN,RST',
};
const FLAG_HELP = 'a flag set like S, S., F., R, .';

function parseFlags(tok: Token): { flags: string; ctl: Ctl } {
  const text = tok.text;
  if (tok.quoted || !/^[SFR.]+$/.test(text) || new Set(text).size !== text.length) {
    const hint = !tok.quoted && /P/.test(text) ? ' (P, push, is not modelled: write the set without it)' : '';
    throw new LineProblem(tok.col, `expected ${FLAG_HELP}, got ${show(tok)}${hint}`);
  }
  const key = ['S', 'F', 'R'].filter((f) => text.includes(f)).join('') + (text.includes('.') ? '.' : '');
  const ctl = FLAG_SETS[key];
  if (!ctl)
    throw new LineProblem(
      tok.col,
      `expected ${FLAG_HELP}; the flag set '${text}' is not one the engine models (${Object.keys(FLAG_SETS).join(' ')})`,
    );
  return { flags: text, ctl };
}

export function parseSegment(cur: Cursor): SegmentSpec {
  const flagTok = cur.peek();
  if (!flagTok) cur.fail(FLAG_HELP);
  cur.next();
  const { flags, ctl } = parseFlags(flagTok);
  const rangeTok = cur.peek();
  if (!rangeTok || rangeTok.quoted) cur.fail('a sequence range like 1:6(5) (start:end(length), relative)');
  cur.next();
  const { start, end, len } = parseRange(rangeTok);
  const spec: SegmentSpec = { flags, ctl, start, end, len, cols: { flags: flagTok.col, range: rangeTok.col } };
  parseAckAndWindow(cur, spec);
  const hasAck = ctl.includes('ACK');
  if (hasAck && spec.ack === undefined) cur.fail(`'ack N': the flags '${flags}' have the ACK bit ('.')`);
  if (!hasAck && spec.ack !== undefined) {
    throw new LineProblem(
      spec.cols.ack!,
      `expected no ack: the flags '${flags}' have no ACK bit (write '${flags}.' to set it)`,
    );
  }
  return spec;
}

/** `start:end(length)`, relative sequence numbers whose difference is the payload length. */
function parseRange(rangeTok: Token): { start: number; end: number; len: number } {
  const m = /^([^:()]+):([^:()]+)\(([^()]*)\)$/.exec(rangeTok.text);
  if (!m)
    throw new LineProblem(
      rangeTok.col,
      `expected a sequence range like 1:6(5) (start:end(length), relative), got ${show(rangeTok)}`,
    );
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
    throw new LineProblem(
      lenCol,
      `expected the length to be end - start = ${end - start}, got ${len} (SYN and FIN are not counted in the length)`,
    );
  }
  return { start, end, len };
}

/** The optional `ack N` and `win N` after the range, each at most once, into `spec`. */
function parseAckAndWindow(cur: Cursor, spec: SegmentSpec): void {
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
}
