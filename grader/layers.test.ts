/**
 * Layers you can see in the tree: each file imports only from its own layer or earlier ones, and a
 * topic module imports nothing but the framework, so any one of them can be swapped for a student's.
 *
 *   1 grader/engine   2 solutions/, exercises/   3 grader/sim   4 grader/conformance
 *   5 grader/runner   6 grader/report            7 grader/cli, grader/kit
 *   8 grader/instructor, grader/mutation, grader/bench: what a student's kit leaves out
 *
 * And what a student's kit holds never imports what it leaves out, so it runs and typechecks alone.
 */
import { dirname, join, relative, resolve } from 'node:path';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { LEFT_OUT } from './instructor/export-student.js';

const ROOT = join(import.meta.dirname, '..');
const LAYERS: [string, number][] = [
  ['grader/engine/', 1],
  ['solutions/', 2],
  ['exercises/', 2],
  ['grader/sim/', 3],
  ['grader/wire/', 3],
  ['grader/conformance/', 4],
  ['grader/capture/', 4],
  ['grader/runner/', 5],
  ['grader/report/', 6],
  ['grader/cli/', 7],
  ['grader/kit/', 7],
  ['grader/live/', 7],
  ['grader/instructor/', 8],
  ['grader/mutation/', 8],
  ['grader/bench/', 8],
];
const layerOf = (path: string): number | undefined => LAYERS.find(([prefix]) => path.startsWith(prefix))?.[1];
const topicOf = (path: string): string | undefined => /^(?:solutions|exercises)\/(\d\d-[^/]+)\//.exec(path)?.[1];

describe('layers', () => {
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  project.addSourceFilesAtPaths([`${ROOT}/grader/**/*.ts`, `${ROOT}/solutions/**/*.ts`, `${ROOT}/exercises/**/*.ts`]);
  const edges: { from: string; to: string; line: number }[] = [];
  for (const file of project.getSourceFiles()) {
    const from = relative(ROOT, file.getFilePath());
    for (const decl of file.getImportDeclarations()) {
      const spec = decl.getModuleSpecifierValue();
      if (!spec.startsWith('.')) continue;
      const to = relative(ROOT, resolve(dirname(file.getFilePath()), spec)).replace(/\.js$/, '.ts');
      edges.push({ from, to, line: decl.getStartLineNumber() });
    }
  }

  it('finds the imports it checks', () => {
    expect(edges.length).toBeGreaterThan(30);
  });

  it('knows the layer of every file that imports or is imported', () => {
    const files = new Set(
      edges.flatMap((e) => [e.from, e.to]).filter((f) => f.startsWith('grader/') && !f.endsWith('.test.ts')),
    );
    expect([...files].filter((f) => layerOf(f) === undefined && f.split('/').length > 2)).toEqual([]);
  });

  // Tests sit outside the layering: they drive a layer from above (a topic's tests use the simulator).
  it('no import in production code points to a later layer', () => {
    const wrong = edges
      .filter((e) => !e.from.endsWith('.test.ts'))
      .filter((e) => (layerOf(e.to) ?? 0) > (layerOf(e.from) ?? 99))
      .map((e) => `${e.from}:${e.line} imports ${e.to}`);
    expect(wrong).toEqual([]);
  });

  // The reference ships to students as one minified module with its declarations, in place of its source.
  const shipped = (path: string): boolean => path === 'solutions/modules.ts';
  const leftOut = (path: string): boolean =>
    !shipped(path) &&
    (path.endsWith('.test.ts') || LEFT_OUT.some((l) => path === l.path || path.startsWith(`${l.path}/`)));

  it("nothing a student's kit holds imports what the export leaves out (grader/instructor/ above all)", () => {
    const wrong = edges
      .filter((e) => !leftOut(e.from) && !shipped(e.from) && leftOut(e.to))
      .map((e) => `${e.from}:${e.line} imports ${e.to}`);
    expect(wrong).toEqual([]);
    expect(LEFT_OUT.map((l) => l.path)).toContain('grader/instructor');
  });

  it('topic modules import only the framework, never each other', () => {
    const wrong = edges
      .filter((e) => topicOf(e.from) !== undefined && !e.from.endsWith('.test.ts'))
      .filter((e) => !e.to.startsWith('grader/engine/') || e.to.startsWith('grader/engine/testing/'))
      .map((e) => `${e.from}:${e.line} imports ${e.to}`);
    expect(wrong).toEqual([]);
  });
});
