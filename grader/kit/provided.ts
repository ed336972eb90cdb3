/**
 * What students are given ready-made in a topic module: functions tagged `@provided` (plumbing, not a
 * rule of the state machine) and the private helpers they use. The exercise stubs keep these; the
 * mutation tool leaves them alone; the kit test reads the tag through `isProvided` too.
 *
 * This is about functions. Whether a *transition* is given ready-made (listed, not graded) is the
 * `provided` field of its catalogue entry (grader/engine/catalogue.ts); grader/kit/kit.test.ts checks
 * that the two agree (no stub asks for a provided transition, some stub asks for every graded one).
 */
import { Node, type SourceFile, type Statement } from 'ts-morph';

export const isProvided = (statement: Statement): boolean =>
  Node.isJSDocable(statement) && statement.getJsDocs().some((d) => d.getText().includes('@provided'));

export function declaredName(statement: Statement): string | undefined {
  if (Node.isFunctionDeclaration(statement)) return statement.getName();
  if (Node.isVariableStatement(statement)) return statement.getDeclarations()[0]?.getName();
  return undefined;
}

/**
 * Top-level statements given to students ready-made: the `@provided` ones and the private helpers
 * they use, directly or through another helper (the same closure the exercise stubs keep).
 */
export function providedStatements(source: SourceFile): Set<Statement> {
  const statements = source.getStatements();
  const privateByName = new Map<string, Statement>();
  for (const s of statements) {
    const name = declaredName(s);
    if (name && !(Node.isExportable(s) && s.isExported())) privateByName.set(name, s);
  }
  const kept = new Set<Statement>();
  const visit = (text: string): void => {
    for (const [name, s] of privateByName) {
      if (!kept.has(s) && new RegExp(`\\b${name}\\b`).test(text)) {
        kept.add(s);
        visit(s.getText());
      }
    }
  };
  for (const s of statements) {
    if (isProvided(s)) {
      kept.add(s);
      visit(s.getText());
    }
  }
  return kept;
}
