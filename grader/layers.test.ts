/**
 * Layers you can see in the tree: each file imports only from its own layer or earlier ones, and a
 * topic module imports nothing but the framework, so any one of them can be swapped for a student's.
 *
 *   1 grader/engine   2 solutions/, exercises/   3 grader/sim   4 grader/conformance
 *   5 grader/runner   6 grader/report            7 grader/cli, grader/bench, grader/kit
 */
import { dirname, join, relative, resolve } from 'node:path';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const LAYERS: [string, number][] = [
  ['grader/engine/', 1], ['solutions/', 2], ['exercises/', 2], ['grader/sim/', 3], ['grader/conformance/', 4], ['grader/capture/', 4],
  ['grader/runner/', 5], ['grader/report/', 6], ['grader/cli/', 7], ['grader/bench/', 7], ['grader/kit/', 7], ['grader/mutation/', 7],
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

  // Tests sit outside the layering: they drive a layer from above (a topic's tests use the simulator).
  it('no import in production code points to a later layer', () => {
    const wrong = edges
      .filter((e) => !e.from.endsWith('.test.ts'))
      .filter((e) => (layerOf(e.to) ?? 0) > (layerOf(e.from) ?? 99))
      .map((e) => `${e.from}:${e.line} imports ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('topic modules import only the framework, never each other', () => {
    const wrong = edges
      .filter((e) => topicOf(e.from) !== undefined && !e.from.endsWith('.test.ts'))
      .filter((e) => !e.to.startsWith('grader/engine/') || e.to.startsWith('grader/engine/testing/'))
      .map((e) => `${e.from}:${e.line} imports ${e.to}`);
    expect(wrong).toEqual([]);
  });
});
