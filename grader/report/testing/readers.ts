/** Readers for the JUnit and CSV reports' tests. */

// ---------------------------------------------------------------------------------------------
// A minimal XML reader: enough to show a document is well-formed (one root, balanced tags, quoted
// attributes, only known entities, no stray '<' or '&') and to read it back.

export interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '<') throw new Error(`raw '<' at ${i}`);
    if (c !== '&') {
      out += c;
      continue;
    }
    const end = raw.indexOf(';', i);
    if (end === -1) throw new Error(`unterminated entity at ${i}`);
    const name = raw.slice(i + 1, end);
    if (name.startsWith('#x')) out += String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    else if (name.startsWith('#')) out += String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    else if (name in ENTITIES) out += ENTITIES[name];
    else throw new Error(`unknown entity &${name};`);
    i = end;
  }
  return out;
}

const isNameChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_:.-]/.test(c);

export function parseXml(xml: string): Element {
  const r = new XmlReader(xml);
  if (xml.startsWith('<?xml')) r.i = xml.indexOf('?>') + 2;
  r.skipSpace();
  const stack: Element[] = [];
  let root: Element | undefined;
  while (r.i < xml.length) {
    if (xml[r.i] !== '<') {
      r.text(stack[stack.length - 1]);
      continue;
    }
    if (xml[r.i + 1] === '/') {
      const name = r.closingTag();
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const { el, empty } = r.openingTag();
    const parent = stack[stack.length - 1];
    if (!empty) stack.push(el);
    if (parent) parent.children.push(el);
    else if (root) throw new Error('second root');
    else root = el;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error('no root');
  return root;
}

/** A position in an XML text and the pieces read there. */
class XmlReader {
  i = 0;
  constructor(private readonly xml: string) {}

  skipSpace(): void {
    while (this.i < this.xml.length && ' \t\r\n'.includes(this.xml[this.i]!)) this.i++;
  }

  readName(): string {
    const start = this.i;
    while (isNameChar(this.xml[this.i])) this.i++;
    if (this.i === start) throw new Error(`name expected at ${this.i}`);
    return this.xml.slice(start, this.i);
  }

  /** Text up to the next tag, added to `top` (only white space may stand outside the root). */
  text(top: Element | undefined): void {
    const end = this.xml.indexOf('<', this.i);
    const raw = this.xml.slice(this.i, end === -1 ? this.xml.length : end);
    if (!top) {
      if (raw.trim() !== '') throw new Error('text outside the root');
    } else top.text += decode(raw);
    this.i = end === -1 ? this.xml.length : end;
  }

  /** `</name>`: its name. */
  closingTag(): string {
    this.i += 2;
    const name = this.readName();
    this.skipSpace();
    if (this.xml[this.i] !== '>') throw new Error(`'>' expected at ${this.i}`);
    this.i++;
    return name;
  }

  /** `<name attr="value" …>` or `<name … />` (empty). */
  openingTag(): { el: Element; empty: boolean } {
    const { xml } = this;
    this.i++;
    const el: Element = { name: this.readName(), attrs: {}, children: [], text: '' };
    for (;;) {
      this.skipSpace();
      if (xml.startsWith('/>', this.i)) {
        this.i += 2;
        return { el, empty: true };
      }
      if (xml[this.i] === '>') {
        this.i++;
        return { el, empty: false };
      }
      const attr = this.readName();
      if (xml[this.i] !== '=' || (xml[this.i + 1] !== '"' && xml[this.i + 1] !== "'"))
        throw new Error(`quoted value expected at ${this.i}`);
      const quote = xml[this.i + 1]!;
      const end = xml.indexOf(quote, this.i + 2);
      if (attr in el.attrs) throw new Error(`duplicate attribute ${attr}`);
      el.attrs[attr] = decode(xml.slice(this.i + 2, end));
      this.i = end + 1;
    }
  }
}

export const all = (el: Element, name: string): Element[] => [
  ...(el.name === name ? [el] : []),
  ...el.children.flatMap((c) => all(c, name)),
];

// ---------------------------------------------------------------------------------------------
// A small CSV reader (RFC 4180), to read the gradebook back.

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
