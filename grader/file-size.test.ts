/**
 * Small files named for what they hold: every non-test TypeScript file under grader/, solutions/ and
 * exercises/ is at most 400 lines, and every function in one (declarations, methods, arrow
 * functions, function expressions, constructors, accessors) at most 60 lines from its first line
 * to its last. A failure names each file:line that is over.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Node, Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const FILE_LINES = 400;
const FUNCTION_LINES = 60;

/** Every .ts file under `dir` but tests and declarations, as paths relative to the kit. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .filter((f) => !f.split('/').includes('node_modules'))
    .map((f) => join(dir, f))
    .sort();
}

/** Lines as `wc -l` counts them, plus a last line without its newline. */
const lineCount = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** What a function is called in a message: its name, or what holds it (`const x = () => …`). */
function nameOf(node: Node): string {
  if (Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node) || Node.isFunctionExpression(node)) {
    const name = node.getName();
    if (name) return `${name}()`;
  }
  if (Node.isConstructorDeclaration(node)) return 'constructor';
  if (Node.isGetAccessorDeclaration(node) || Node.isSetAccessorDeclaration(node)) return node.getName();
  const holder = node.getParent();
  if (Node.isVariableDeclaration(holder) || Node.isPropertyAssignment(holder) || Node.isPropertyDeclaration(holder))
    return `${holder.getName()}()`;
  return Node.isArrowFunction(node) ? 'an arrow function' : 'a function expression';
}

/** The functions of a file longer than the limit, as `file:line name is N lines`. */
function longFunctions(project: Project, file: string, text: string): string[] {
  const source = project.createSourceFile(file, text, { overwrite: true });
  const found: string[] = [];
  source.forEachDescendant((node) => {
    const isFunction =
      Node.isFunctionDeclaration(node) ||
      Node.isMethodDeclaration(node) ||
      Node.isArrowFunction(node) ||
      Node.isFunctionExpression(node) ||
      Node.isConstructorDeclaration(node) ||
      Node.isGetAccessorDeclaration(node) ||
      Node.isSetAccessorDeclaration(node);
    if (!isFunction) return;
    const lines = node.getEndLineNumber() - node.getStartLineNumber() + 1;
    if (lines > FUNCTION_LINES)
      found.push(`${file}:${node.getStartLineNumber()} ${nameOf(node)} is ${lines} lines (at most ${FUNCTION_LINES})`);
  });
  project.removeSourceFile(source);
  return found;
}

describe('file and function size', () => {
  const files = ['grader', 'solutions', 'exercises'].flatMap(sources);

  it('finds the sources it measures', () => {
    expect(files).toContain('grader/engine/engine.ts');
    expect(files).toContain(join('solutions', '05-time-wait', 'time-wait.ts'));
    expect(files.some((f) => f.endsWith('.test.ts'))).toBe(false);
  });

  it(`every non-test file is at most ${FILE_LINES} lines, every function at most ${FUNCTION_LINES}`, () => {
    const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
    const over: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const lines = lineCount(text);
      if (lines > FILE_LINES) over.push(`${file}:1 is ${lines} lines (at most ${FILE_LINES})`);
      over.push(...longFunctions(project, relative(ROOT, join(ROOT, file)), text));
    }
    expect(over.join('\n')).toBe('');
  }, 120_000);
});
