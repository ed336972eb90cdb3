/**
 * The words of one script line: tokens, the cursor the grammar in parse.ts reads them with, numbers
 * and times as written, and LineProblem, the one thing a bad line throws.
 */

/** A length no script needs more than (one SEND, one inbound payload). */
export const MAX_LEN = 65_535;

/** A problem on one line; caught by the parser loop in parse.ts, never seen outside the parser. */
export class LineProblem {
  constructor(
    readonly column: number,
    readonly message: string,
  ) {}
}

export interface Token {
  text: string;
  col: number;
  /** The column just after its last character. */
  end: number;
  /** A "quoted string"; `text` holds its contents, unescaped. */
  quoted: boolean;
}

export const show = (tok: Token | undefined): string =>
  tok ? (tok.quoted ? JSON.stringify(tok.text) : `'${tok.text}'`) : 'the end of the line';

/** Split a line into tokens; a `#` outside quotes ends it. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    const col = i + 1;
    if (c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= line.length)
          throw new LineProblem(col, "expected a closing '\"' for the text, got the end of the line");
        const d = line[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\') {
          const e = line[i + 1];
          const escaped = e === '"' ? '"' : e === '\\' ? '\\' : e === 'n' ? '\n' : e === 't' ? '\t' : undefined;
          if (escaped === undefined)
            throw new LineProblem(i + 1, `expected an escape \\" \\\\ \\n or \\t, got '\\${e ?? ''}'`);
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
export class Cursor {
  #i = 0;
  constructor(
    readonly tokens: Token[],
    readonly endCol: number,
  ) {}
  peek(): Token | undefined {
    return this.tokens[this.#i];
  }
  next(): Token | undefined {
    return this.tokens[this.#i++];
  }
  /** Column of the next token, or just past the line's last one. */
  col(): number {
    return this.peek()?.col ?? this.endCol;
  }
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

export function integer(tok: Token, what: string, min: number, max: number): number {
  const m = /^(?:0x([0-9a-fA-F]+)|(\d+))$/.exec(tok.text);
  const value = m ? (m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2])) : NaN;
  if (!m) throw new LineProblem(tok.col, `expected ${what}, got ${show(tok)}`);
  if (!(value >= min && value <= max))
    throw new LineProblem(tok.col, `expected ${what} from ${min} to ${max}, got ${tok.text}`);
  return value;
}

/** A relative sequence number: any whole number (it is taken modulo 2^32), negatives allowed. */
export function relative(text: string, col: number, what: string): number {
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new LineProblem(col, `expected ${what} (a whole number), got '${text}'`);
  return Number(text);
}

const TIME = /^(\+)?(\d+)(?:\.(\d+))?$/;
export const looksLikeTime = (text: string): boolean => /^[+\d.]/.test(text);

/** Seconds as written, in whole milliseconds. */
export function parseTime(tok: Token): { relative: boolean; ms: number } {
  const m = TIME.exec(tok.text);
  if (!m) throw new LineProblem(tok.col, `expected a time in seconds like 0.105 or +0.005, got ${show(tok)}`);
  const fraction = m[3] ?? '';
  if (fraction.length > 3 && !/^0+$/.test(fraction.slice(3))) {
    throw new LineProblem(tok.col, `expected a time to the millisecond (at most 3 decimals), got '${tok.text}'`);
  }
  const ms = Number(m[2]) * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0'));
  if (!Number.isSafeInteger(ms))
    throw new LineProblem(tok.col, `expected a time in seconds, got '${tok.text}' (too large)`);
  return { relative: m[1] === '+', ms };
}
