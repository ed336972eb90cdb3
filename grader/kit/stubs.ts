/**
 * Exercise generation: exercises/ is made from solutions/ with ts-morph, so the two never drift.
 * A topic module keeps its signatures, doc comments and types; each function body becomes a TODO
 * list and a `throw new NotImplemented(...)`. The TODO says when the engine calls the function (from
 * the dispatch table), the catalogue entries it must make happen (with their RFC section and lesson
 * section), and every effect the reference body has (TCB fields written, timers, segments, notices,
 * state changes, return values), read from the reference's syntax tree, helpers included.
 * Functions tagged `@provided` are plumbing given ready-made, with the private helpers they use.
 */
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { IndentationText, Node, Project, QuoteKind, SyntaxKind, type SourceFile } from 'ts-morph';
import { CATALOGUE } from '../engine/catalogue.js';
import { makeConfig } from '../engine/config.js';
import { buildDispatch } from '../engine/dispatch.js';
import { EXERCISES, transitionsOf, type Exercise } from '../engine/exercises.js';
import type { Conn, Ctx, Modules } from '../engine/modules.js';
import { freshTcb } from '../engine/tcb.js';
import { STATES, type UserCall } from '../engine/types.js';
import { parseHints } from '../report/hints.js';
import { declaredName, providedStatements } from './provided.js';

export const ROOT = join(import.meta.dirname, '..', '..');

function lessonLinks(exercise: Exercise): Map<string, string> {
  const path = join(ROOT, 'exercises', exercise.id, 'hints.en.md');
  const links = new Map<string, string>();
  if (!existsSync(path)) return links;
  for (const hint of parseHints(readFileSync(path, 'utf8'), path).hints) links.set(hint.id, hint.lesson);
  return links;
}

/** Catalogue ids a solution body passes to ctx.go, literal or templated over states. */
function transitionsIn(body: string, exercise: Exercise): string[] {
  const ids = new Set<string>();
  // Any quoted catalogue id in the body: passed to ctx.go, or to a helper that passes it on.
  for (const m of body.matchAll(/(['`])((?:[A-Z0-9-]+|\$\{[^}]+\}) --[^'`\n]+--> (?:[A-Z0-9-]+|\$\{[^}]+\}))\1/g)) {
    const text = m[2]!;
    if (m[1] === "'") { ids.add(text); continue; }
    const pattern = new RegExp(`^${text.split(/\$\{[^}]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[A-Z0-9-]+')}$`);
    for (const e of CATALOGUE) if (e.exercise === exercise.id && pattern.test(e.id)) ids.add(e.id);
  }
  const order = CATALOGUE.map((e) => e.id);
  return [...ids].sort((a, b) => order.indexOf(a as never) - order.indexOf(b as never));
}

// ---- when the engine calls a function: read from the dispatch table ---------------------------

/** `checkSequence (01)`: a module function by its name and the exercise that writes it. */
function stepName(key: string): string {
  const [module, name] = key.split('.');
  const exercise = EXERCISES.find((e) => e.module === module);
  return `${name}${exercise ? ` (${exercise.id.slice(0, 2)})` : ''}`;
}

/**
 * For each module function the engine calls (`handshake.open`), when it calls it, in words. The
 * dispatch table is built over modules whose functions only record their own names, so the words
 * come from grader/engine/dispatch.ts itself: change its order and the stubs say the new one.
 */
export function dispatchRoles(): Map<string, string[]> {
  const called: string[] = [];
  const NAME = Symbol('step');
  const modules = new Proxy({}, {
    get: (_m, module) => new Proxy({}, {
      get: (_f, name) => Object.assign(() => { called.push(`${String(module)}.${String(name)}`); return 'continue'; }, { [NAME]: `${String(module)}.${String(name)}` }),
    }),
  }) as unknown as Modules;
  const table = buildDispatch(modules);
  const nameOf = (f: unknown): string => (f as Record<symbol, string>)[NAME]!;
  const roles = new Map<string, string[]>();
  const add = (key: string, text: string): void => { roles.set(key, [...(roles.get(key) ?? []), text]); };

  for (const call of ['OPEN', 'SEND', 'RECEIVE', 'CLOSE', 'ABORT'] as const) {
    called.length = 0;
    table.userCall({ state: 'CLOSED', tcb: freshTcb(makeConfig()) } as Conn, { call, mode: 'active', data: '' } as UserCall, {} as Ctx);
    for (const key of called) add(key, `Called for the user's ${call} call, in every state (one case per state, as RFC 9293 §3.10 lists them).`);
  }
  // Segment steps: grouped by their place in each state's list, so a step shared by states reads once.
  const places = new Map<string, { key: string; states: string[]; index: number; length: number; prev?: string; next?: string }>();
  for (const state of STATES) {
    const list = table.segmentArrives[state];
    list.forEach((step, index) => {
      const key = nameOf(step);
      const prev = index > 0 ? nameOf(list[index - 1]) : undefined;
      const next = index + 1 < list.length ? nameOf(list[index + 1]) : undefined;
      const place = `${key}|${index}|${list.length}|${prev}|${next}`;
      const found = places.get(place);
      if (found) found.states.push(state);
      else places.set(place, { key, states: [state], index, length: list.length, ...(prev ? { prev } : {}), ...(next ? { next } : {}) });
    });
  }
  for (const p of places.values()) {
    const states = p.states.length > 1 ? `${p.states.slice(0, -1).join(', ')} or ${p.states.at(-1)}` : p.states[0];
    const nth = `${p.index + 1}${['st', 'nd', 'rd'][p.index] ?? 'th'} of ${p.length} there`;
    const around = [p.prev ? `after ${stepName(p.prev)}` : '', p.next ? `before ${stepName(p.next)}` : 'the last'].filter(Boolean).join(', ');
    add(p.key, p.length === 1
      ? `Called for every segment that arrives in ${states}, whatever its flags: the only function run there.`
      : p.index === 0
      ? `Called for every segment that arrives in ${states}, whatever its flags: ${nth}, ${around}.`
      : `Called for a segment that arrives in ${states} once every earlier function returned 'continue': ${nth}, ${around}.`);
  }
  for (const [timer, handler] of Object.entries(table.timeout)) add(nameOf(handler), `Called when the '${timer}' timer expires.`);
  table.afterEvent.forEach((hook, i) => {
    const around = [i > 0 ? `after ${stepName(nameOf(table.afterEvent[i - 1]))}` : '', i + 1 < table.afterEvent.length ? `before ${stepName(nameOf(table.afterEvent[i + 1]))}` : ''].filter(Boolean).join(', ');
    add(nameOf(hook), `Called after every event (user call, segment, timeout), as after-event hook ${i + 1} of ${table.afterEvent.length}${around ? `, ${around}` : ''}.`);
  });
  return roles;
}

// ---- what a reference function does: read from its syntax tree -----------------------------------

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
const TCB_PATHS: string[] = Object.entries(freshTcb(makeConfig()))
  .flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).map((n) => `${k}.${n}`) : [k]));

/** The names RFC 9293 §3.3.1 gives the TCB variables. */
export const RFC_NAMES: Readonly<Record<string, string>> = {
  'snd.una': 'SND.UNA', 'snd.nxt': 'SND.NXT', 'snd.wnd': 'SND.WND', 'rcv.nxt': 'RCV.NXT', 'rcv.wnd': 'RCV.WND', 'iss': 'ISS', 'irs': 'IRS',
};

/** `SND.UNA (tcb.snd.una)`, or `tcb.rto` for the kit's own fields. */
export const fieldName = (path: string): string => (RFC_NAMES[path] ? `${RFC_NAMES[path]} (tcb.${path})` : `tcb.${path}`);

const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice']);
const ASSIGNMENTS = new Set([
  SyntaxKind.EqualsToken, SyntaxKind.PlusEqualsToken, SyntaxKind.MinusEqualsToken, SyntaxKind.AsteriskEqualsToken,
  SyntaxKind.SlashEqualsToken, SyntaxKind.BarEqualsToken, SyntaxKind.AmpersandEqualsToken, SyntaxKind.QuestionQuestionEqualsToken,
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
function functionsOf(source: SourceFile): Map<string, Node> {
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

/** What a reference function does, through the module's own helpers it calls. */
export function effectsOf(fn: Node, functions: ReadonlyMap<string, Node>): Effects {
  const writes = new Set<string>();
  const e = { timersSet: new Set<string>(), timersCancelled: new Set<string>(), sends: new Set<string>(), notices: new Set<string>(), goes: new Set<string>(), returns: new Set<string>() };
  const write = (target: Node): void => { const path = tcbPath(target); if (path) writes.add(path); };
  const seen = new Set<Node>();
  const visit = (body: Node): void => {
    if (seen.has(body)) return;
    seen.add(body);
    body.forEachDescendant((d) => {
      if (Node.isBinaryExpression(d) && ASSIGNMENTS.has(d.getOperatorToken().getKind())) write(d.getLeft());
      else if ((Node.isPrefixUnaryExpression(d) || Node.isPostfixUnaryExpression(d))
        && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(d.getOperatorToken())) write(d.getOperand());
      else if (Node.isReturnStatement(d) && body === fn) {
        const value = d.getExpression();
        const owner = d.getFirstAncestor((a) => Node.isArrowFunction(a) || Node.isFunctionDeclaration(a) || Node.isFunctionExpression(a));
        if (owner === fn && value && Node.isStringLiteral(value)) e.returns.add(value.getLiteralValue());
      } else if (Node.isCallExpression(d)) {
        const callee = d.getExpression();
        const args = d.getArguments();
        if (Node.isIdentifier(callee)) {
          const helper = functions.get(callee.getText());
          if (helper && helper !== fn) visit(helper);
        } else if (Node.isPropertyAccessExpression(callee)) {
          const method = callee.getName();
          if (callee.getExpression().getText() === 'ctx') {
            const first = args[0];
            const literal = first && Node.isStringLiteral(first) ? first.getLiteralValue() : undefined;
            if (method === 'setTimer') e.timersSet.add(literal ?? '…');
            else if (method === 'cancelTimer') e.timersCancelled.add(literal ?? '…');
            else if (method === 'send') for (const s of renderSend(first)) e.sends.add(s);
            else if (method === 'notify') e.notices.add(renderNotice(first));
            else if (method === 'go' && first) e.goes.add(first.getText());
          } else if (MUTATORS.has(method)) {
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
    timersSet: [...e.timersSet], timersCancelled: [...e.timersCancelled], sends: [...e.sends],
    notices: [...e.notices], goes: [...e.goes], returns: [...e.returns].sort(),
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
  if (effects.sends.length > 0) lines.push(...listLines('sends', effects.sends.map((s) => `ctx.send ${s}`)));
  if (effects.notices.length > 0) lines.push(...listLines('notices', effects.notices.map((n) => `ctx.notify(${n})`)));
  if (effects.goes.length > 0) lines.push(...listLines('state', ['ctx.go(id), naming the transition it follows (listed above)']));
  if (effects.returns.length > 0) lines.push(...listLines('returns', effects.returns.map((r) => `'${r}'`), ' or '));
  if (lines.length === 0) return [];
  return ['// Effects of the reference, over all its cases (each where its rule says; exercises/README.md#conventions):', ...lines];
}

/** `text` as comment lines of about 100 columns, the first starting with `first`. */
function wrapComment(first: string, text: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.length + word.length > 100 && line.trim() !== first.trim()) { lines.push(line); line = '//  '; }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/** What one stub's body says: when it runs, what it must make happen, and every effect of the reference. */
interface StubFacts {
  name: string;
  body: string;
  doc: string;
  /** When the engine calls it, in words (from the dispatch table); none for a helper the engine does not call. */
  roles: readonly string[];
  effects: Effects;
}

function todo(facts: StubFacts, exercise: Exercise, links: Map<string, string>): string[] {
  const { name, body, doc, roles, effects } = facts;
  const ids = transitionsIn(body, exercise);
  const lines: string[] = [];
  for (const role of roles) lines.push(...wrapComment('//', role));
  if (ids.length > 0) {
    lines.push('// TODO: make these transitions happen (see the doc comment above, and the hints):');
    for (const id of ids) {
      const entry = CATALOGUE.find((e) => e.id === id)!;
      const link = links.get(id);
      lines.push(`//   ${id}`, `//     ${entry.summary} (${entry.rfc}${link ? `; lessons/en/${link.replace('#', '.md#')}` : ''})`);
    }
  } else {
    // The doc comment's first paragraph, minus the @provided tag, wrapped as comment lines.
    const paragraph = doc.replace(/^\/\*\*|\*\/$/g, '').split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim())
      .join('\n').trim().split(/\n\s*\n/)[0]?.replace(/\s+/g, ' ') ?? '';
    lines.push(...wrapComment('// TODO:', paragraph || 'implement this function'));
  }
  lines.push(...effectLines(effects));
  lines.push(`throw new NotImplemented('${exercise.id}', '${name}');`);
  return lines;
}

/** The exercise version of one solution module's source text. */
export function stubModule(solutionPath: string, exercise: Exercise): string {
  const project = new Project({ useInMemoryFileSystem: true, manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces } });
  const source: SourceFile = project.createSourceFile('module.ts', readFileSync(solutionPath, 'utf8'));
  const links = lessonLinks(exercise);
  const statements = source.getStatements();
  const roles = dispatchRoles();

  // Provided code stays, with the private helpers it uses; other private helpers go.
  const provided = providedStatements(source);
  // Read every function's effects before any helper is removed: a helper's effects are its caller's.
  const functions = functionsOf(source);
  const facts = new Map<string, StubFacts>();
  for (const s of statements) {
    const name = declaredName(s);
    const fn = name ? functions.get(name) : undefined;
    if (!name || !fn || !(Node.isExportable(s) && s.isExported()) || provided.has(s)) continue;
    const body = Node.isFunctionDeclaration(fn) ? fn.getBodyText() ?? ''
      : Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) ? fn.getBody().getText() : '';
    facts.set(name, {
      name, body,
      doc: Node.isJSDocable(s) ? s.getJsDocs().map((d) => d.getText()).join('\n') : '',
      roles: exercise.module ? roles.get(`${exercise.module}.${name}`) ?? [] : [],
      effects: effectsOf(fn, functions),
    });
  }

  for (const s of [...statements]) {
    const name = declaredName(s);
    if (!name) continue;
    const exported = Node.isExportable(s) && s.isExported();
    if (!exported) {
      if (!provided.has(s)) s.remove();
      continue;
    }
    const f = facts.get(name);
    if (!f) continue;
    if (Node.isFunctionDeclaration(s)) {
      s.setBodyText(todo(f, exercise, links).join('\n'));
    } else if (Node.isVariableStatement(s)) {
      const init = s.getDeclarations()[0]?.getInitializer();
      if (init && Node.isArrowFunction(init)) {
        const lines = todo(f, exercise, links);
        init.getBody().replaceWithText(`{\n${lines.map((l) => `  ${l}`).join('\n')}\n}`);
      }
    }
  }
  source.addImportDeclaration({ moduleSpecifier: '../../grader/engine/not-implemented.js', namedImports: ['NotImplemented'] });
  source.organizeImports();
  const stubs = (source.getFullText().match(/new NotImplemented\(/g) ?? []).length;
  const header = [
    `// Exercise ${exercise.id}: write the ${stubs} functions whose body says TODO, then run`,
    `//   npm run test:exercises -- ${exercise.id.slice(0, 2)}`,
    `// Hints: exercises/${exercise.id}/hints.en.md (中文: hints.zh-CN.md). README: exercises/${exercise.id}/README.md`,
    `// Conventions (ctx.go, ctx.send or tcb.ackOwed, 'continue' or 'done'): exercises/README.md#conventions`,
    '',
  ].join('\n');
  return `${header}${source.getFullText()}`;
}

/** sha256 of an application exercise's starting code, so the checks can tell "not started" from "failed". */
export function startingHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Lesson sections the hints point to, in first-use order: what to read besides the lesson itself. */
function sectionsToRead(exercise: Exercise): string[] {
  const links = [...lessonLinks(exercise).values()];
  return [...new Set(links)].filter((l) => !l.startsWith(`${exercise.id}#`));
}

/** The README of one exercise folder. */
export function exerciseReadme(exercise: Exercise, testFiles: readonly string[]): string {
  const n = exercise.id.slice(0, 2);
  const transitions = transitionsOf(exercise);
  const lines = [
    `# Exercise ${n}: ${exercise.title} (${exercise.titleZh})`,
    '',
    exercise.goal,
    '',
    `- Read first: [lesson ${n}](../../lessons/en/${exercise.id}.md) · [第 ${Number(n)} 课](../../lessons/zh-CN/${exercise.id}.md)`,
    `- Edit: \`${exercise.file}\`${exercise.module ? ' (every function whose body says TODO)' : ''}${
      exercise.apps && exercise.module ? `, then ${exercise.apps.map((a) => `\`${a}\``).join(', ')} (application code to fix)` : ''}`,
    `- Check: \`npm run test:exercises -- ${n}\` (${[
      ...(exercise.module ? ['the recorded checks in `checks.json`, judged as `npx tcplab check ' + n + '` judges them'] : []),
      ...(testFiles.length > 0 ? [`the application's tests: ${testFiles.map((f) => `\`${f}\``).join(', ')}`] : []),
    ].join('; then ')})`,
    ...(transitions.length > 0 ? [`- Stuck: \`hints.en.md\` / \`hints.zh-CN.md\`, a question first, then the rule, for each transition`] : []),
    ...(sectionsToRead(exercise).length > 0
      ? [`- Also read (this exercise uses rules they explain): ${sectionsToRead(exercise).map((l) => `[${l}](../../lessons/en/${l.replace('#', '.md#')})`).join(', ')}`]
      : []),
    `- The API your code uses (conn, tcb, ctx): [exercises/README.md](../README.md#what-your-code-works-with)`,
    '',
  ];
  for (const app of exercise.apps ?? []) {
    const path = join(ROOT, 'exercises', exercise.id, app);
    if (existsSync(path)) lines.push(`<!-- starting code: ${app} sha256=${startingHash(readFileSync(path, 'utf8'))} -->`, '');
  }
  // The weight-0 entries (the delayed ACK's plumbing) are given ready-made: listed apart, so the count matches the score.
  const table = (title: string, entries: typeof transitions): void => {
    if (entries.length === 0) return;
    lines.push(`## ${title} (${entries.length})`, '', '| transition | RFC | what happens |', '| --- | --- | --- |');
    for (const e of entries) lines.push(`| \`${e.id}\` | ${e.rfc} | ${e.summary.replace(/\|/g, '\\|')} |`);
    lines.push('');
  };
  table('Transitions graded', transitions.filter((e) => e.weight > 0));
  table('Given ready-made, not graded', transitions.filter((e) => e.weight === 0));
  return lines.join('\n');
}
