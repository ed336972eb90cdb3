/**
 * What an exercise may import: the kit's framework in grader/engine/ (types, NotImplemented), by a
 * relative path as the stubs write it. Nothing else: no Node built-ins, no packages, not the
 * solutions, not the grader's internals, not the engine's testing helpers.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE } from '../kit.js';

/**
 * The engine file an allowed specifier names (`types` for '../../grader/engine/types.js'), or
 * undefined. Exactly two levels up, as from exercises/NN-topic/: any other depth resolves elsewhere
 * in a student's own copy, and the typecheck would read a different file than the grader runs.
 */
export function engineModule(specifier: string): string | undefined {
  const name = /^\.\.\/\.\.\/grader\/engine\/([a-z-]+)\.js$/.exec(specifier)?.[1];
  return name !== undefined && existsSync(join(ENGINE, `${name}.ts`)) ? name : undefined;
}

/** Calls that load or reach code past the import statements: refused wherever they appear. */
export function forbiddenCall(callee: string): boolean {
  return (
    callee === 'import' ||
    callee === 'require' ||
    /^(globalThis\.)?process\.(binding|dlopen|getBuiltinModule)$/.test(callee)
  );
}

export const IMPORT_RULE = "an exercise may import only the kit's grader/engine/ (types, NotImplemented)";
