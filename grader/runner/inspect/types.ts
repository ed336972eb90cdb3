/**
 * The typecheck with TypeScript's JavaScript API (through ts-morph), in the inspector process: used
 * where the native compiler (./native-tsc.ts) is not installed. The submission's files with the
 * kit's strict settings, then the signature check (./signatures.ts). Only the submission's files
 * are checked; the kit's own files are taken as they are.
 */
import { basename } from 'node:path';
import { Project, ts, type Diagnostic, type SourceFile } from 'ts-morph';
import { EXERCISE_OPTIONS } from './compiler-options.js';
import { signatureProblem, signatureSource } from './signatures.js';
import type { Problem } from './static-checks.js';

/** A project with the settings exercises are typechecked with. */
export function inspectionProject(): Project {
  return new Project({
    compilerOptions: ts.convertCompilerOptionsFromJson(EXERCISE_OPTIONS, '.').options,
    skipAddingFilesFromTsConfig: true,
  });
}

function headline(diagnostic: Diagnostic): string {
  const text = diagnostic.getMessageText();
  return typeof text === 'string' ? text : text.getMessageText();
}

/** The signature file of `file`, beside it. Make every one before asking for diagnostics: each new file means a new program. */
export function signatureFile(
  project: Project,
  file: SourceFile,
  reference: string,
  names: readonly string[],
): SourceFile {
  const own = `./${basename(file.getFilePath()).replace(/\.ts$/, '.js')}`;
  return project.createSourceFile(
    file.getFilePath().replace(/\.ts$/, '.signatures.ts'),
    signatureSource(reference, own, names),
    { overwrite: true },
  );
}

/** Type errors in `file` (file:line); when there are none, the exports whose type is not the reference's. */
export function typeProblems(
  file: SourceFile,
  signatures: SourceFile,
  names: readonly string[],
  exportLines: Readonly<Record<string, number>>,
): Problem[] {
  const errors = (f: SourceFile): Diagnostic[] =>
    f.getPreEmitDiagnostics().filter((d) => d.getCategory() === ts.DiagnosticCategory.Error);
  const problems: Problem[] = errors(file).map((d) => {
    const start = d.getStart();
    const column = start === undefined ? undefined : file.getLineAndColumnAtPos(start).column;
    return {
      message: `${headline(d)} (TS${d.getCode()})`,
      ...(d.getLineNumber() ? { line: d.getLineNumber()! } : {}),
      ...(column ? { column } : {}),
    };
  });
  // Type errors already say what is wrong; the signature check speaks only when the file is clean.
  if (problems.length > 0) return problems;
  return errors(signatures).flatMap(
    (d) => signatureProblem(names, exportLines, d.getLineNumber() ?? 0, `${headline(d)} (TS${d.getCode()})`) ?? [],
  );
}
