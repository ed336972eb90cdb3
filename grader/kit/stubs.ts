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
import { IndentationText, Node, Project, QuoteKind, type SourceFile, type Statement } from 'ts-morph';
import { CATALOGUE } from '../engine/catalogue.js';
import { makeConfig } from '../engine/config.js';
import { buildDispatch } from '../engine/dispatch.js';
import { EXERCISES, transitionsOf, type Exercise } from '../engine/exercises.js';
import type { Conn, Ctx, Modules } from '../engine/modules.js';
import { freshTcb } from '../engine/tcb.js';
import { STATES, type UserCall } from '../engine/types.js';
import { parseHints } from '../report/hints.js';
import { declaredName, providedStatements } from './provided.js';
import { effectLines, effectsOf, functionsOf, type Effects } from './stub-effects.js';

export const ROOT = join(import.meta.dirname, '..', '..');

function lessonLinks(exercise: Exercise): Map<string, string> {
  const path = join(ROOT, 'exercises', exercise.id, 'hints.en.md');
  const links = new Map<string, string>();
  if (!existsSync(path)) return links;
  for (const hint of parseHints(readFileSync(path, 'utf8'), path).hints) links.set(hint.id, hint.lesson);
  return links;
}

/** Catalogue ids a solution body names: passed to ctx.go, literal or templated over states, or by ctx.stay. */
function transitionsIn(body: string, exercise: Exercise): string[] {
  const ids = new Set<string>();
  // Any quoted catalogue id in the body: passed to ctx.go, or to a helper that passes it on.
  for (const m of body.matchAll(/(['`])((?:[A-Z0-9-]+|\$\{[^}]+\}) --[^'`\n]+--> (?:[A-Z0-9-]+|\$\{[^}]+\}))\1/g)) {
    const text = m[2]!;
    if (m[1] === "'") {
      ids.add(text);
      continue;
    }
    const pattern = new RegExp(
      `^${text
        .split(/\$\{[^}]+\}/)
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[A-Z0-9-]+')}$`,
    );
    for (const e of CATALOGUE) if (e.exercise === exercise.id && pattern.test(e.id)) ids.add(e.id);
  }
  // ctx.stay('event'): each rule of the exercise that keeps its state on that event.
  for (const m of body.matchAll(/\.stay\((['`])([^'`\n]+)\1\)/g)) {
    for (const e of CATALOGUE) if (e.exercise === exercise.id && e.from === e.to && e.event === m[2]) ids.add(e.id);
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
function dispatchRoles(): Map<string, string[]> {
  const called: string[] = [];
  const NAME = Symbol('step');
  const table = buildDispatch(recordingModules(called, NAME));
  const nameOf = (f: unknown): string => (f as Record<symbol, string>)[NAME]!;
  const roles = new Map<string, string[]>();
  const add = (key: string, text: string): void => {
    roles.set(key, [...(roles.get(key) ?? []), text]);
  };

  for (const call of ['OPEN', 'SEND', 'RECEIVE', 'CLOSE', 'ABORT'] as const) {
    called.length = 0;
    table.userCall(
      { state: 'CLOSED', tcb: freshTcb(makeConfig()) } as Conn,
      { call, mode: 'active', data: '' } as UserCall,
      {} as Ctx,
    );
    for (const key of called)
      add(
        key,
        `Called for the user's ${call} call, in every state (one case per state, as RFC 9293 §3.10 lists them).`,
      );
  }
  segmentRoles(table, nameOf, add);
  for (const [timer, handler] of Object.entries(table.timeout))
    add(nameOf(handler), `Called when the '${timer}' timer expires.`);
  table.afterEvent.forEach((hook, i) => {
    const around = [
      i > 0 ? `after ${stepName(nameOf(table.afterEvent[i - 1]))}` : '',
      i + 1 < table.afterEvent.length ? `before ${stepName(nameOf(table.afterEvent[i + 1]))}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    add(
      nameOf(hook),
      `Called after every event (user call, segment, timeout), as after-event hook ${i + 1} of ${table.afterEvent.length}${around ? `, ${around}` : ''}.`,
    );
  });
  return roles;
}

/** Modules whose every function records its name in `called` when called, and carries it under `name`. */
function recordingModules(called: string[], name: symbol): Modules {
  return new Proxy(
    {},
    {
      get: (_m, module) =>
        new Proxy(
          {},
          {
            get: (_f, fn) =>
              Object.assign(
                () => {
                  called.push(`${String(module)}.${String(fn)}`);
                  return 'continue';
                },
                { [name]: `${String(module)}.${String(fn)}` },
              ),
          },
        ),
    },
  ) as unknown as Modules;
}

/** Segment steps: grouped by their place in each state's list, so a step shared by states reads once. */
function segmentRoles(
  table: ReturnType<typeof buildDispatch>,
  nameOf: (f: unknown) => string,
  add: (key: string, text: string) => void,
): void {
  const places = new Map<
    string,
    { key: string; states: string[]; index: number; length: number; prev?: string; next?: string }
  >();
  for (const state of STATES) {
    const list = table.segmentArrives[state];
    list.forEach((step, index) => {
      const key = nameOf(step);
      const prev = index > 0 ? nameOf(list[index - 1]) : undefined;
      const next = index + 1 < list.length ? nameOf(list[index + 1]) : undefined;
      const place = `${key}|${index}|${list.length}|${prev}|${next}`;
      const found = places.get(place);
      if (found) found.states.push(state);
      else
        places.set(place, {
          key,
          states: [state],
          index,
          length: list.length,
          ...(prev ? { prev } : {}),
          ...(next ? { next } : {}),
        });
    });
  }
  for (const p of places.values()) {
    const states = p.states.length > 1 ? `${p.states.slice(0, -1).join(', ')} or ${p.states.at(-1)}` : p.states[0];
    const nth = `${p.index + 1}${['st', 'nd', 'rd'][p.index] ?? 'th'} of ${p.length} there`;
    const around = [p.prev ? `after ${stepName(p.prev)}` : '', p.next ? `before ${stepName(p.next)}` : 'the last']
      .filter(Boolean)
      .join(', ');
    add(
      p.key,
      p.length === 1
        ? `Called for every segment that arrives in ${states}, whatever its flags: the only function run there.`
        : p.index === 0
          ? `Called for every segment that arrives in ${states}, whatever its flags: ${nth}, ${around}.`
          : `Called for a segment that arrives in ${states} once every earlier function returned 'continue': ${nth}, ${around}.`,
    );
  }
}

// ---- what a reference function does: read from its syntax tree -----------------------------------

/** `text` as comment lines of about 100 columns, the first starting with `first`. */
function wrapComment(first: string, text: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.length + word.length > 100 && line.trim() !== first.trim()) {
      lines.push(line);
      line = '//  ';
    }
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
      lines.push(
        `//   ${id}`,
        `//     ${entry.summary} (${entry.rfc}${link ? `; lessons/en/${link.replace('#', '.md#')}` : ''})`,
      );
    }
  } else {
    // The doc comment's first paragraph, minus the @provided tag, wrapped as comment lines.
    const paragraph =
      doc
        .replace(/^\/\*\*|\*\/$/g, '')
        .split('\n')
        .map((l) => l.replace(/^\s*\*\s?/, '').trim())
        .join('\n')
        .trim()
        .split(/\n\s*\n/)[0]
        ?.replace(/\s+/g, ' ') ?? '';
    lines.push(...wrapComment('// TODO:', paragraph || 'implement this function'));
  }
  lines.push(...effectLines(effects));
  lines.push(`throw new NotImplemented('${exercise.id}', '${name}');`);
  return lines;
}

/** The exercise version of one solution module's source text. */
export function stubModule(solutionPath: string, exercise: Exercise): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces },
  });
  const source: SourceFile = project.createSourceFile('module.ts', readFileSync(solutionPath, 'utf8'));
  const links = lessonLinks(exercise);
  // Provided code stays, with the private helpers it uses; other private helpers go.
  const provided = providedStatements(source);
  const facts = stubFacts(source, exercise, provided);

  for (const s of [...source.getStatements()]) {
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
  source.addImportDeclaration({
    moduleSpecifier: '../../grader/engine/not-implemented.js',
    namedImports: ['NotImplemented'],
  });
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

/**
 * What each exported function the student writes says in its stub: body, doc, when the engine calls
 * it, its effects. Read before any helper is removed: a helper's effects are its caller's.
 */
function stubFacts(source: SourceFile, exercise: Exercise, provided: ReadonlySet<Statement>): Map<string, StubFacts> {
  const roles = dispatchRoles();
  const functions = functionsOf(source);
  const facts = new Map<string, StubFacts>();
  for (const s of source.getStatements()) {
    const name = declaredName(s);
    const fn = name ? functions.get(name) : undefined;
    if (!name || !fn || !(Node.isExportable(s) && s.isExported()) || provided.has(s)) continue;
    const body = Node.isFunctionDeclaration(fn)
      ? (fn.getBodyText() ?? '')
      : Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)
        ? fn.getBody().getText()
        : '';
    facts.set(name, {
      name,
      body,
      doc: Node.isJSDocable(s)
        ? s
            .getJsDocs()
            .map((d) => d.getText())
            .join('\n')
        : '',
      roles: exercise.module ? (roles.get(`${exercise.module}.${name}`) ?? []) : [],
      effects: effectsOf(fn, functions),
    });
  }
  return facts;
}

function startingHash(text: string): string {
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
      exercise.apps && exercise.module
        ? `, then ${exercise.apps.map((a) => `\`${a}\``).join(', ')} (application code to fix)`
        : ''
    }`,
    `- Check: \`npm run test:exercises -- ${n}\` (${[
      ...(exercise.module
        ? [`the recorded checks in \`checks.json\`, judged as \`./tcplab check ${n}\` judges them`]
        : []),
      ...(testFiles.length > 0 ? [`the application's tests: ${testFiles.map((f) => `\`${f}\``).join(', ')}`] : []),
    ].join('; then ')})`,
    ...(transitions.length > 0
      ? [`- Stuck: \`hints.en.md\` / \`hints.zh-CN.md\`, a question first, then the rule, for each transition`]
      : []),
    ...(sectionsToRead(exercise).length > 0
      ? [
          `- Also read (this exercise uses rules they explain): ${sectionsToRead(exercise)
            .map((l) => `[${l}](../../lessons/en/${l.replace('#', '.md#')})`)
            .join(', ')}`,
        ]
      : []),
    `- The API your code uses (conn, tcb, ctx): [exercises/README.md](../README.md#what-your-code-works-with)`,
    '',
  ];
  for (const app of exercise.apps ?? []) {
    const path = join(ROOT, 'exercises', exercise.id, app);
    if (existsSync(path))
      lines.push(`<!-- starting code: ${app} sha256=${startingHash(readFileSync(path, 'utf8'))} -->`, '');
  }
  // The weight-0 entries (the delayed ACK's plumbing) are given ready-made: listed apart, so the count matches the score.
  const table = (title: string, entries: typeof transitions): void => {
    if (entries.length === 0) return;
    lines.push(`## ${title} (${entries.length})`, '', '| transition | RFC | what happens |', '| --- | --- | --- |');
    for (const e of entries) lines.push(`| \`${e.id}\` | ${e.rfc} | ${e.summary.replace(/\|/g, '\\|')} |`);
    lines.push('');
  };
  table(
    'Transitions graded',
    transitions.filter((e) => e.weight > 0),
  );
  table(
    'Given ready-made, not graded',
    transitions.filter((e) => e.weight === 0),
  );
  return lines.join('\n');
}
