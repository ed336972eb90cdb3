/**
 * Mutation operators for the topic modules: each mutant is one small text change to a module's
 * source (an operator swapped, a condition negated, a statement removed, ...), found with ts-morph
 * and applied as a single splice, so the mutated module is the original with one edit.
 *
 * Never mutated: comments, imports and exports, type-only code (annotations, type arguments,
 * interfaces, aliases), the `@provided` functions with the private helpers handed to students with
 * them (plumbing, not rules the suite grades), and calls of `ctx.go` (a different label only trips
 * the engine's own label check).
 *
 * Each mutant has a stable id: the file's stem, the enclosing function, the operator and a short hash
 * of the code around the edit and the edit itself, so ids survive unrelated edits elsewhere in a file.
 *
 * The sites are found by operator family in sites.ts, with the syntax predicates of syntax.ts.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { Project } from 'ts-morph';
import { collect } from './sites.js';
import { oneLine, scopeOf } from './syntax.js';

export type OperatorName =
  | 'relational' // < <=, > >=, === !==
  | 'negate' // a condition (or one operand of && / ||) negated
  | 'logical' // && ||
  | 'literal' // a numeric literal ±1
  | 'arithmetic' // + -, += -=
  | 'remove' // a whole expression statement removed
  | 'verdict' // return 'continue' / 'done' swapped
  | 'ctl' // a segment's control bits changed
  | 'config'; // ctx.config.X replaced with 0

export const OPERATORS: readonly OperatorName[] = [
  'relational',
  'negate',
  'logical',
  'literal',
  'arithmetic',
  'remove',
  'verdict',
  'ctl',
  'config',
];

export interface Mutant {
  /** Stable id, e.g. `four-way-close:checkFin:remove:3fa1c2`. */
  id: string;
  operator: OperatorName;
  /** The file as given to `findMutants` (for descriptions). */
  file: string;
  /** 1-based line of the edit. */
  line: number;
  /** The enclosing function (or `(module)`). */
  scope: string;
  /** The edit: source[start, end) becomes `replacement`. */
  start: number;
  end: number;
  replacement: string;
  /** One line: file:line, scope, what changed. */
  description: string;
}

export interface MutateOptions {
  /** Name used in ids and descriptions (default: `module.ts`). */
  file?: string;
  /** Only these operators (default: all). */
  operators?: readonly OperatorName[];
}

/** The mutated source: one splice. */
export function applyMutant(source: string, mutant: Pick<Mutant, 'start' | 'end' | 'replacement'>): string {
  return source.slice(0, mutant.start) + mutant.replacement + source.slice(mutant.end);
}

const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
let counter = 0;

/** Every mutant of a module's source, in source order. */
export function findMutants(text: string, options: MutateOptions = {}): Mutant[] {
  const file = options.file ?? 'module.ts';
  const wanted = new Set(options.operators ?? OPERATORS);
  const source = project.createSourceFile(`/m${++counter}.ts`, text, { overwrite: true });
  try {
    const sites = collect(source);
    const mutants: Mutant[] = [];
    const seen = new Set<string>();
    const occurrences = new Map<string, number>();
    const stem = basename(file).replace(/\.[cm]?ts$/, '');
    for (const site of sites.sort((a, b) => a.start - b.start || a.end - b.end)) {
      if (!wanted.has(site.operator)) continue;
      const key = `${site.start}:${site.end}:${site.replacement}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const scope = scopeOf(source.getDescendantAtPos(site.start) ?? site.context);
      const before = site.context.getText();
      const offset = site.context.getStart();
      const after = before.slice(0, site.start - offset) + site.replacement + before.slice(site.end - offset);
      const basis = `${scope}|${site.operator}|${oneLine(before, 10_000)}|${oneLine(after, 10_000)}`;
      const n = occurrences.get(basis) ?? 0;
      occurrences.set(basis, n + 1);
      const hash = createHash('sha1').update(`${basis}|${n}`).digest('hex').slice(0, 6);
      const line = source.getLineAndColumnAtPos(site.start).line;
      mutants.push({
        id: `${stem}:${scope}:${site.operator}:${hash}`,
        operator: site.operator,
        file,
        line,
        scope,
        start: site.start,
        end: site.end,
        replacement: site.replacement,
        description: `${basename(file)}:${line} ${scope}: ${site.what ?? `${oneLine(before)} → ${oneLine(after)}`}`,
      });
    }
    return mutants;
  } finally {
    project.removeSourceFile(source);
  }
}
