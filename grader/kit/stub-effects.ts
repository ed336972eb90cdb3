/**
 * Every effect a reference function has, read from its syntax tree with ts-morph (through the
 * module's own helpers it calls): the TCB fields it writes, the timers it sets and cancels, the
 * segments it sends, the notices it gives, the transitions it names and what it returns. The stubs
 * list them in their TODOs (./stubs.ts), so the two cannot drift.
 */
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { makeConfig } from '../engine/config.js';
import { freshTcb } from '../engine/tcb.js';

/** Every effect a handler can have, as the stub lists it. */
export interface Effects {
  /** TCB fields written, as paths in `tcb` (`snd.una`, `rto`), in the TCB's order. */
  writes: string[];
  timersSet: string[];
  timersCancelled: string[];
  /** Segments sent, in the RFC's notation (`<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>`). */
  sends: string[];
  /** Notices, as the object written (`{ kind: 'timed-out', reason: 'keepalive' }`). */
  notices: string[];
  /** Arguments of ctx.go, as written. */
  goes: string[];
  /** Literal return values ('continue', 'done'). */
  returns: string[];
}

/** TCB paths in the order of the TCB itself (RFC 9293 §3.3.1's variables first). */
const TCB_PATHS: string[] = Object.entries(freshTcb(makeConfig())).flatMap(([k, v]) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).map((n) => `${k}.${n}`) : [k],
);

/** The names RFC 9293 §3.3.1 gives the TCB variables. */
const RFC_NAMES: Readonly<Record<string, string>> = {
  'snd.una': 'SND.UNA',
  'snd.nxt': 'SND.NXT',
  'snd.wnd': 'SND.WND',
  'rcv.nxt': 'RCV.NXT',
  'rcv.wnd': 'RCV.WND',
  iss: 'ISS',
  irs: 'IRS',
};

/** `SND.UNA (tcb.snd.una)`, or `tcb.rto` for the kit's own fields. */
const fieldName = (path: string): string => (RFC_NAMES[path] ? `${RFC_NAMES[path]} (tcb.${path})` : `tcb.${path}`);

const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice']);
const ASSIGNMENTS = new Set([
  SyntaxKind.EqualsToken,
  SyntaxKind.PlusEqualsToken,
  SyntaxKind.MinusEqualsToken,
  SyntaxKind.AsteriskEqualsToken,
  SyntaxKind.SlashEqualsToken,
  SyntaxKind.BarEqualsToken,
  SyntaxKind.AmpersandEqualsToken,
  SyntaxKind.QuestionQuestionEqualsToken,
]);

/** `snd.una` for `tcb.snd.una` or `conn.tcb.snd.una`; undefined for anything not in the TCB. */
function tcbPath(node: Node): string | undefined {
  const m = /^(?:_?conn\.)?tcb\.(\w+(?:\.\w+)?)$/.exec(node.getText());
  return m?.[1];
}

/** A sequence-number expression in the RFC's notation, where it is one (`SND.NXT`, `SEG.SEQ+SEG.LEN`). */
function rfcExpression(node: Node): string {
  const text = node.getText();
  if (/^-?\d+$/.test(text)) return text;
  const path = tcbPath(node);
  if (path && RFC_NAMES[path]) return RFC_NAMES[path];
  const seg = /^seg\.(seq|ack|wnd)$/.exec(text);
  if (seg) return `SEG.${seg[1]!.toUpperCase()}`;
  if (Node.isCallExpression(node)) {
    const callee = node.getExpression().getText();
    const args = node.getArguments();
    if (/(?:^|\.)segmentLength$/.test(callee)) return 'SEG.LEN';
    if (/(?:^|\.)seqAdd$/.test(callee) && args.length === 2) {
      const n = rfcExpression(args[1]!);
      return `${rfcExpression(args[0]!)}${n.startsWith('-') ? n : `+${n}`}`;
    }
  }
  return '…';
}

const stringsIn = (node: Node): string[] =>
  [node, ...node.getDescendants()].filter(Node.isStringLiteral).map((s) => s.getLiteralValue());

function renderSend(arg: Node | undefined): string[] {
  if (!arg || !Node.isObjectLiteralExpression(arg)) return ['a segment'];
  const props = new Map<string, Node | undefined>();
  for (const p of arg.getProperties()) {
    if (Node.isPropertyAssignment(p)) props.set(p.getName(), p.getInitializer());
    else if (Node.isShorthandPropertyAssignment(p)) props.set(p.getName(), undefined);
  }
  const field = (name: string, label: string): string => {
    if (!props.has(name)) return '';
    const init = props.get(name);
    return `<${label}=${init ? rfcExpression(init) : '…'}>`;
  };
  const ctl = props.get('ctl');
  const ctls = ctl ? stringsIn(ctl) : [];
  const data = props.has('data') ? ' with data' : '';
  return (ctls.length > 0 ? ctls : ['…']).map((c) => `${field('seq', 'SEQ')}${field('ack', 'ACK')}<CTL=${c}>${data}`);
}

function renderNotice(arg: Node | undefined): string {
  if (!arg || !Node.isObjectLiteralExpression(arg)) return 'a notice';
  const parts = arg.getProperties().map((p) => {
    if (Node.isPropertyAssignment(p)) {
      const init = p.getInitializer();
      return `${p.getName()}: ${init && Node.isStringLiteral(init) ? `'${init.getLiteralValue()}'` : '…'}`;
    }
    return Node.isShorthandPropertyAssignment(p) ? `${p.getName()}: …` : '…';
  });
  return `{ ${parts.join(', ')} }`;
}

/** The body of each top-level function of a module, by name (helpers included). */
export function functionsOf(source: SourceFile): Map<string, Node> {
  const functions = new Map<string, Node>();
  for (const s of source.getStatements()) {
    if (Node.isFunctionDeclaration(s) && s.getName()) functions.set(s.getName()!, s);
    if (Node.isVariableStatement(s)) {
      for (const d of s.getDeclarations()) {
        const init = d.getInitializer();
        if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) functions.set(d.getName(), init);
      }
    }
  }
  return functions;
}

/** What a function's effects are gathered into, before they are ordered. */
interface EffectSets {
  timersSet: Set<string>;
  timersCancelled: Set<string>;
  sends: Set<string>;
  notices: Set<string>;
  goes: Set<string>;
  returns: Set<string>;
}

/** A call `ctx.method(first, …)`: a timer set or cancelled, a segment sent, a notice, a transition. */
function ctxEffect(method: string, first: Node | undefined, e: EffectSets): void {
  const literal = first && Node.isStringLiteral(first) ? first.getLiteralValue() : undefined;
  if (method === 'setTimer') e.timersSet.add(literal ?? '…');
  else if (method === 'cancelTimer') e.timersCancelled.add(literal ?? '…');
  else if (method === 'send') for (const s of renderSend(first)) e.sends.add(s);
  else if (method === 'notify') e.notices.add(renderNotice(first));
  else if ((method === 'go' || method === 'stay') && first) e.goes.add(`${method}(${first.getText()})`);
}

/** What a reference function does, through the module's own helpers it calls. */
export function effectsOf(fn: Node, functions: ReadonlyMap<string, Node>): Effects {
  const writes = new Set<string>();
  const e: EffectSets = {
    timersSet: new Set<string>(),
    timersCancelled: new Set<string>(),
    sends: new Set<string>(),
    notices: new Set<string>(),
    goes: new Set<string>(),
    returns: new Set<string>(),
  };
  const write = (target: Node): void => {
    const path = tcbPath(target);
    if (path) writes.add(path);
  };
  const seen = new Set<Node>();
  const visit = (body: Node): void => {
    if (seen.has(body)) return;
    seen.add(body);
    body.forEachDescendant((d) => {
      if (Node.isBinaryExpression(d) && ASSIGNMENTS.has(d.getOperatorToken().getKind())) write(d.getLeft());
      else if (
        (Node.isPrefixUnaryExpression(d) || Node.isPostfixUnaryExpression(d)) &&
        [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(d.getOperatorToken())
      )
        write(d.getOperand());
      else if (Node.isReturnStatement(d) && body === fn) {
        const value = d.getExpression();
        const owner = d.getFirstAncestor(
          (a) => Node.isArrowFunction(a) || Node.isFunctionDeclaration(a) || Node.isFunctionExpression(a),
        );
        if (owner === fn && value && Node.isStringLiteral(value)) e.returns.add(value.getLiteralValue());
      } else if (Node.isCallExpression(d)) {
        const callee = d.getExpression();
        const args = d.getArguments();
        if (Node.isIdentifier(callee)) {
          const helper = functions.get(callee.getText());
          if (helper && helper !== fn) visit(helper);
        } else if (Node.isPropertyAccessExpression(callee)) {
          const method = callee.getName();
          if (callee.getExpression().getText() === 'ctx') ctxEffect(method, args[0], e);
          else if (MUTATORS.has(method)) {
            write(callee.getExpression());
          }
        }
      }
    });
  };
  visit(fn);
  const order = (p: string): number => (TCB_PATHS.indexOf(p) + TCB_PATHS.length + 1) % (TCB_PATHS.length + 1);
  return {
    writes: [...writes].sort((a, b) => order(a) - order(b)),
    timersSet: [...e.timersSet],
    timersCancelled: [...e.timersCancelled],
    sends: [...e.sends],
    notices: [...e.notices],
    goes: [...e.goes],
    returns: [...e.returns].sort(),
  };
}

/** `label:` then `items`, wrapped at about 104 columns under the first item. */
function listLines(label: string, items: string[], separator = ', '): string[] {
  const lines: string[] = [];
  let line = `//   ${`${label}:`.padEnd(10)}`;
  items.forEach((item, i) => {
    const piece = `${item}${i < items.length - 1 ? separator.trimEnd() : ''}`;
    if (i > 0 && line.length + 1 + piece.length > 104) {
      lines.push(line);
      line = `//   ${' '.repeat(10)}${piece}`;
    } else {
      line += i === 0 ? piece : ` ${piece}`;
    }
  });
  lines.push(line);
  return lines;
}

/** The Effects part of a TODO: every effect of the reference, one kind per line. */
export function effectLines(effects: Effects): string[] {
  const lines: string[] = [];
  if (effects.writes.length > 0) lines.push(...listLines('writes', effects.writes.map(fieldName)));
  const timers = [
    ...effects.timersSet.map((t) => `ctx.setTimer('${t}', …)`),
    ...effects.timersCancelled.map((t) => `ctx.cancelTimer('${t}')`),
  ];
  if (timers.length > 0) lines.push(...listLines('timers', timers));
  if (effects.sends.length > 0)
    lines.push(
      ...listLines(
        'sends',
        effects.sends.map((s) => `ctx.send ${s}`),
      ),
    );
  if (effects.notices.length > 0)
    lines.push(
      ...listLines(
        'notices',
        effects.notices.map((n) => `ctx.notify(${n})`),
      ),
    );
  if (effects.goes.length > 0)
    lines.push(
      ...listLines('state', [
        effects.goes.some((g) => g.startsWith('stay('))
          ? 'ctx.go(id) or ctx.stay(event), naming the transition it follows (listed above)'
          : 'ctx.go(id), naming the transition it follows (listed above)',
      ]),
    );
  if (effects.returns.length > 0)
    lines.push(
      ...listLines(
        'returns',
        effects.returns.map((r) => `'${r}'`),
        ' or ',
      ),
    );
  if (lines.length === 0) return [];
  return [
    '// Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):',
    ...lines,
  ];
}
