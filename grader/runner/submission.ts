/**
 * Preparing a submission before anything of it runs: find its exercise folders, copy each file the
 * kit grades into a private directory (never following symlinks), refuse imports outside the allowed
 * set with file:line, check that the expected functions are exported, and typecheck. Imports of the
 * kit's framework are rewritten to the kit's own copy, so a student's edited `grader/` changes nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { Project, ts, type SourceFile } from 'ts-morph';
import { EXERCISES, type Exercise } from '../engine/exercises.js';
/** A problem found before anything runs; the report lists these as its errors. */
export interface PrepError {
  kind: 'timeout' | 'crash' | 'static' | 'typecheck';
  message: string;
  file?: string;
  line?: number;
  exercise?: string;
}

/** The empty module that stands in for an exercise's code in the grader, prepared for the sandbox. */

export const KIT = resolve(import.meta.dirname, '..', '..');
const ENGINE = join(KIT, 'grader', 'engine');

export interface PreparedExercise {
  exercise: Exercise;
  /** The student's file, as given (for messages). */
  original: string;
  /** The private copy of the code, with framework imports rewritten: what runs (in-process or bundled for the sandbox). */
  source: string;
}

export interface Prepared {
  dir: string;
  exercises: PreparedExercise[];
  /** Exercises that cannot be graded (missing file, refused import, missing export, type errors). */
  broken: Set<string>;
  errors: PrepError[];
  /** Where the copies live; removed by `cleanup`. */
  workDir: string;
}

/** The folder holding the exercise folders: DIR itself, DIR/exercises, or DIR/solutions. */
export function exerciseRoot(dir: string): string | undefined {
  const has = (d: string): boolean => EXERCISES.some((e) => existsSync(join(d, e.id)));
  for (const candidate of [dir, join(dir, 'exercises')]) if (has(candidate)) return candidate;
  return undefined;
}

/** Exported functions and constants, read from the syntax alone (no type checker: fast). */
function exportedNames(file: SourceFile): string[] {
  return [
    ...file.getFunctions().filter((f) => f.hasExportKeyword()).map((f) => f.getName() ?? ''),
    ...file.getVariableStatements().filter((v) => v.hasExportKeyword()).flatMap((v) => v.getDeclarations().map((d) => d.getName())),
    ...file.getClasses().filter((c) => c.hasExportKeyword()).map((c) => c.getName() ?? ''),
    ...file.getExportDeclarations().flatMap((d) => d.getNamedExports().map((e) => e.getAliasNode()?.getText() ?? e.getName())),
  ].filter(Boolean).sort();
}

/** Names the kit expects an exercise's module to export: those of the reference. */
function expectedExports(project: Project, exercise: Exercise): string[] {
  const path = join(KIT, 'solutions', exercise.id, exercise.file);
  return exportedNames(project.createSourceFile(`/expected/${exercise.id}.ts`, readFileSync(path, 'utf8'), { overwrite: true }));
}

/** Prepare every exercise found in `dir` (or just `only`). */
export function prepare(dir: string, only?: string): Prepared {
  const root = exerciseRoot(resolve(dir));
  const errors: PrepError[] = [];
  const broken = new Set<string>();
  const workDir = join(tmpdir(), `tcplab-${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 12)}-${process.pid}`);
  rmSync(workDir, { recursive: true, force: true });
  const prepared: Prepared = { dir, exercises: [], broken, errors, workDir };
  if (!root) {
    errors.push({ kind: 'static', message: `${dir}: no exercise folders here (expected e.g. ${EXERCISES[0]!.id}/ directly or under exercises/)` });
    return prepared;
  }
  const project = new Project({
    compilerOptions: {
      strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, noEmit: true,
      // Exercises need no Node types; leaving them out halves the typecheck time.
      types: [], lib: ['lib.es2023.d.ts'],
    },
    skipAddingFilesFromTsConfig: true,
  });
  for (const exercise of EXERCISES.filter((e) => e.module && (!only || e.id === only))) {
    const original = join(root, exercise.id, exercise.file);
    const fail = (message: string, line?: number): void => {
      errors.push({ kind: 'static', message, file: relative(process.cwd(), original), ...(line ? { line } : {}), exercise: exercise.id });
      broken.add(exercise.id);
    };
    if (!existsSync(join(root, exercise.id))) continue; // not handed in: graded as not started
    if (!existsSync(original)) { fail(`${exercise.file} is missing from ${exercise.id}/`); continue; }
    if (lstatSync(original).isSymbolicLink()) { fail(`${exercise.file} is a symbolic link; hand in the file itself`); continue; }
    const text = readFileSync(original, 'utf8');
    const copy = join(workDir, exercise.id, exercise.file);
    mkdirSync(dirname(copy), { recursive: true });
    // The copies are ES modules, as in the kit (a folder outside it would otherwise mean CommonJS).
    writeFileSync(join(workDir, 'package.json'), '{ "type": "module" }\n');
    const file = project.createSourceFile(copy, text, { overwrite: true });
    let refused = false;
    for (const node of [...file.getImportDeclarations(), ...file.getExportDeclarations()]) {
      const spec = node.getModuleSpecifierValue();
      if (spec === undefined) continue;
      // ../../grader/engine/x.js → the kit's own framework file (the testing helpers excepted).
      const engine = /^(?:\.\.\/)+grader\/engine\/([a-z-]+)\.js$/.exec(spec);
      if (engine && existsSync(join(ENGINE, `${engine[1]}.ts`))) {
        const rel = relative(dirname(copy), join(ENGINE, `${engine[1]}.js`));
        node.setModuleSpecifier(rel.startsWith('.') ? rel : `./${rel}`);
        continue;
      }
      refused = true;
      fail(`import '${spec}' is not allowed: an exercise may import only the kit's grader/engine/ (types, NotImplemented)`, node.getStartLineNumber());
    }
    for (const call of file.getDescendantsOfKind(ts.SyntaxKind.CallExpression)) {
      const callee = call.getExpression().getText();
      if (callee === 'import' || callee === 'require' || /^(globalThis\.)?process\.(binding|dlopen)$/.test(callee)) {
        refused = true;
        fail(`${callee}(...) is not allowed in an exercise`, call.getStartLineNumber());
      }
    }
    if (refused) continue;
    const exported = exportedNames(file);
    const missing = expectedExports(project, exercise).filter((name) => !exported.includes(name));
    if (missing.length > 0) { fail(`missing exports: ${missing.join(', ')} (keep every function the stub declares)`); continue; }
    writeFileSync(copy, file.getFullText());
    prepared.exercises.push({ exercise, original, source: copy });
  }
  // Type errors come from typecheck.ts, run beside the checks; they mark only their exercise broken.
  prepared.exercises = prepared.exercises.filter((p) => !broken.has(p.exercise.id));
  return prepared;
}

export function cleanup(prepared: Prepared): void {
  rmSync(prepared.workDir, { recursive: true, force: true });
}
