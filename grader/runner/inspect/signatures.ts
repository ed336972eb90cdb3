/**
 * The signature check, as a file the typechecker reads beside the submission: each export the stub
 * declares is assigned to the type of the reference's export of the same name. Line 4 + i checks
 * `names[i]`, so an error's line says which export is wrong.
 */
import type { Problem } from './static-checks.js';

const FIRST = 4;

/** `reference` and `own` are import specifiers of the reference's module and of the submission's. */
export function signatureSource(reference: string, own: string, names: readonly string[]): string {
  return [
    `import type * as Reference from '${reference}';`,
    `import type * as Submission from '${own}';`,
    'declare const submission: typeof Submission;',
    ...names.map((name, i) => `export const check${i}: (typeof Reference)['${name}'] = submission['${name}'];`),
  ].join('\n');
}

/** The problem an error on `line` of the signature file stands for, placed on the export's own line; undefined if it is about no export. */
export function signatureProblem(
  names: readonly string[],
  exportLines: Readonly<Record<string, number>>,
  line: number,
  message: string,
): Problem | undefined {
  const name = names[line - FIRST];
  if (name === undefined) return undefined;
  const at = exportLines[name];
  return { message: `${name} does not have the type the kit expects: ${message}`, ...(at ? { line: at } : {}) };
}
