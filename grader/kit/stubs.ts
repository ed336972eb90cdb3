/**
 * Exercise generation: exercises/ is made from solutions/ with ts-morph, so the two never drift.
 * A topic module keeps its signatures, doc comments and types; each function body becomes a TODO
 * list (the catalogue entries it must make happen, with their RFC section and lesson section) and a
 * `throw new NotImplemented(...)`. Functions tagged `@provided` are plumbing given ready-made, with
 * the private helpers they use. Tests are copied as they are: they grade the exercise's module with
 * the reference for every other topic.
 */
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { IndentationText, Node, Project, QuoteKind, type SourceFile } from 'ts-morph';
import { CATALOGUE } from '../engine/catalogue.js';
import { transitionsOf, type Exercise } from '../engine/exercises.js';
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

function todo(name: string, body: string, doc: string, exercise: Exercise, links: Map<string, string>): string[] {
  const ids = transitionsIn(body, exercise);
  const lines: string[] = [];
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
    const words = (paragraph || 'implement this function').split(' ');
    let line = '// TODO:';
    for (const word of words) {
      if (line.length + word.length > 100) { lines.push(line); line = '//  '; }
      line += ` ${word}`;
    }
    lines.push(line);
  }
  lines.push(`throw new NotImplemented('${exercise.id}', '${name}');`);
  return lines;
}

/** The exercise version of one solution module's source text. */
export function stubModule(solutionPath: string, exercise: Exercise): string {
  const project = new Project({ useInMemoryFileSystem: true, manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces } });
  const source: SourceFile = project.createSourceFile('module.ts', readFileSync(solutionPath, 'utf8'));
  const links = lessonLinks(exercise);
  const statements = source.getStatements();

  // Provided code stays, with the private helpers it uses; other private helpers go.
  const provided = providedStatements(source);

  for (const s of [...statements]) {
    const name = declaredName(s);
    if (!name) continue;
    const exported = Node.isExportable(s) && s.isExported();
    if (!exported) {
      if (!provided.has(s)) s.remove();
      continue;
    }
    if (provided.has(s)) continue;
    const doc = Node.isJSDocable(s) ? s.getJsDocs().map((d) => d.getText()).join('\n') : '';
    if (Node.isFunctionDeclaration(s)) {
      s.setBodyText(todo(name, s.getBodyText() ?? '', doc, exercise, links).join('\n'));
    } else if (Node.isVariableStatement(s)) {
      const init = s.getDeclarations()[0]?.getInitializer();
      if (init && Node.isArrowFunction(init)) {
        const body = init.getBody();
        const lines = todo(name, body.getText(), doc, exercise, links);
        body.replaceWithText(`{\n${lines.map((l) => `  ${l}`).join('\n')}\n}`);
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
