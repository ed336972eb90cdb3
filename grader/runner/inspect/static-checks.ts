/**
 * The static checks, from the syntax alone (no type checker, so they are quick): every import is one
 * the kit allows, no call loads code another way, and every function the stub declares is still
 * exported. An exercise that fails one is refused before any of its code runs.
 */
import { Node, ts, type SourceFile } from 'ts-morph';
import { engineModule, forbiddenCall, IMPORT_RULE } from './allowed.js';

export interface Problem {
  message: string;
  line?: number;
  /** 1-based, where known. */
  column?: number;
}

/** Where a node starts, as a Problem gives it (line and 1-based column). */
const at = (node: Node): { line: number; column: number } => {
  const { line, column } = node.getSourceFile().getLineAndColumnAtPos(node.getStart());
  return { line, column };
};

/** An allowed import's module specifier (the text between the quotes) and the engine file it names. */
export interface EngineImport {
  start: number;
  end: number;
  module: string;
}

export interface StaticVerdict {
  problems: Problem[];
  /** Where the framework imports are, so the grader can point them at its own copy of the engine. */
  imports: EngineImport[];
  /** The line of each export, for messages about it. */
  exports: Record<string, number>;
  /** The names the kit expects exported (the reference's exports). */
  expected: string[];
}

/** Exported functions, constants and classes, by name, with the line that exports each. */
export function exportsOf(file: SourceFile): Record<string, number> {
  const lines: Record<string, number> = {};
  for (const f of file.getFunctions())
    if (f.hasExportKeyword() && f.getName()) lines[f.getName()!] = f.getStartLineNumber();
  for (const v of file.getVariableStatements()) {
    if (v.hasExportKeyword()) for (const d of v.getDeclarations()) lines[d.getName()] = v.getStartLineNumber();
  }
  for (const c of file.getClasses())
    if (c.hasExportKeyword() && c.getName()) lines[c.getName()!] = c.getStartLineNumber();
  for (const d of file.getExportDeclarations()) {
    for (const e of d.getNamedExports()) lines[e.getAliasNode()?.getText() ?? e.getName()] = e.getStartLineNumber();
  }
  return lines;
}

/** The parser's first complaint about `file`, at its line and column, if it has one. */
function parseError(file: SourceFile): Problem | undefined {
  const d = (file.compilerNode as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] })
    .parseDiagnostics?.[0];
  if (!d) return undefined;
  const { line, column } = file.getLineAndColumnAtPos(d.start);
  return { message: `${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (TS${d.code})`, line, column };
}

export function staticCheck(file: SourceFile, expected: string[]): StaticVerdict {
  const problems: Problem[] = [];
  const imports: EngineImport[] = [];
  for (const node of [...file.getImportDeclarations(), ...file.getExportDeclarations()]) {
    const literal = node.getModuleSpecifier();
    if (!literal) continue;
    const module = engineModule(literal.getLiteralText());
    if (module) imports.push({ start: literal.getStart() + 1, end: literal.getEnd() - 1, module });
    else problems.push({ message: `import '${literal.getLiteralText()}' is not allowed: ${IMPORT_RULE}`, ...at(node) });
  }
  // `import fs = require('node:fs')`: TypeScript's own form of require, refused like it.
  for (const node of file.getDescendantsOfKind(ts.SyntaxKind.ImportEqualsDeclaration)) {
    if (Node.isExternalModuleReference(node.getModuleReference())) {
      problems.push({
        message: `import ${node.getName()} = ${node.getModuleReference().getText()} is not allowed: ${IMPORT_RULE}`,
        ...at(node),
      });
    }
  }
  for (const call of file.getDescendantsOfKind(ts.SyntaxKind.CallExpression)) {
    const callee = call.getExpression().getText();
    if (forbiddenCall(callee)) problems.push({ message: `${callee}(...) is not allowed in an exercise`, ...at(call) });
  }
  const exports = exportsOf(file);
  if (problems.length > 0) return { problems, imports, exports, expected };
  // A file that does not parse loses what follows the error: say where it stops, not which exports it lost.
  const syntax = parseError(file);
  if (syntax) return { problems: [syntax], imports, exports, expected };
  const missing = expected.filter((name) => exports[name] === undefined);
  if (missing.length > 0)
    problems.push({ message: `missing exports: ${missing.join(', ')} (keep every function the stub declares)` });
  return { problems, imports, exports, expected };
}
