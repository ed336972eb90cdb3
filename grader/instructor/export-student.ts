/**
 * `tcplab export-student OUTDIR`: the kit as students get it. It keeps what a student works with
 * (lessons, exercises with their public tests and recorded packs, the engine, the simulator, the
 * CLI) and leaves out what grades them: the reference's source, the hidden scripts, the suite
 * generator and the instructor's tools. The reference still has to run (the other topics while an
 * exercise is tested, `tcplab trace`), so it ships as one minified module with type declarations.
 */
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { Project, ts } from 'ts-morph';
import { EXERCISES } from '../engine/exercises.js';
import { EXERCISE_OPTIONS } from '../runner/inspect/compiler-options.js';
import { KIT } from '../runner/kit.js';
import { UsageError } from '../cli/errors.js';
import { shown } from '../cli/input-file.js';
import { outputFolderProblem } from '../cli/output-file.js';
import { kitFiles } from '../kit/kit-files.js';
import { gradeWorkflow, WORKFLOW_PATH } from '../kit/workflow.js';

/** The POSIX launcher at the kit's root (tcplab.cmd beside it is Windows'); both ship. */
const LAUNCHER = 'tcplab';

/** Paths (relative to the kit, `/`-separated) left out of a student's kit, with why. */
export const LEFT_OUT: readonly { path: string; why: string }[] = [
  { path: 'solutions', why: 'the reference source (replaced by a minified module)' },
  {
    path: 'grader/instructor',
    why: 'the suites and their generator, the hidden scripts, this export and the autograder',
  },
  { path: 'grader/mutation', why: 'the mutation measurement' },
  { path: 'grader/bench', why: 'the benchmark' },
  { path: 'vitest.config.ts', why: "the kit's own test suite" },
  { path: 'README.md', why: 'replaced by the student README' },
  { path: 'ARCHITECTURE.md', why: "the contributors' map, of folders the kit does not have" },
];

const leftOut = (rel: string): boolean =>
  (rel.startsWith('grader/') && rel.endsWith('.test.ts')) ||
  LEFT_OUT.some(({ path }) => rel === path || rel.startsWith(`${path}/`));

/** The engine stays a separate module in a student's kit: the minified reference imports it, as the exercises do. */
const engineExternal: Plugin = {
  name: 'engine-external',
  setup(b) {
    b.onResolve({ filter: /grader\/engine\/[a-z-]+\.js$/ }, (args) => ({
      path: `../grader/engine/${basename(args.path)}`,
      external: true,
    }));
  },
};

/** solutions/modules.js (minified) and its declarations, and a declaration file per exercise module (what the inspection checks exports against). */
async function reference(out: string): Promise<void> {
  mkdirSync(join(out, 'solutions'), { recursive: true });
  await build({
    entryPoints: [join(KIT, 'solutions', 'modules.ts')],
    outfile: join(out, 'solutions', 'modules.js'),
    bundle: true,
    minify: true,
    keepNames: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [engineExternal],
  });
  writeFileSync(
    join(out, 'solutions', 'modules.d.ts'),
    [
      "import type { Modules } from '../grader/engine/modules.js';",
      "/** The reference engine's topic modules. */",
      'export declare const modules: Modules;',
      "/** The reference modules with some replaced (an exercise's tests run its module with the reference for the others). */",
      'export declare function modulesWith(replacements: Partial<Modules>): Modules;',
      '',
    ].join('\n'),
  );
  const project = new Project({
    compilerOptions: {
      ...ts.convertCompilerOptionsFromJson(EXERCISE_OPTIONS, KIT).options,
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      removeComments: true,
      rootDir: KIT,
      outDir: out,
    },
    skipAddingFilesFromTsConfig: true,
  });
  for (const e of EXERCISES.filter((x) => x.module)) project.addSourceFileAtPath(join(KIT, 'solutions', e.id, e.file));
  const emitted = project.emitToMemory({ emitOnlyDtsFiles: true });
  for (const file of emitted.getFiles()) {
    if (!resolve(file.filePath).startsWith(join(out, 'solutions') + sep)) continue;
    mkdirSync(dirname(file.filePath), { recursive: true });
    writeFileSync(file.filePath, file.text);
  }
}

/** package.json with the student's scripts: `npm test` runs their exercises. */
function packageJson(out: string): void {
  const pkg = JSON.parse(readFileSync(join(KIT, 'package.json'), 'utf8')) as {
    name: string;
    description: string;
    scripts: Record<string, string>;
  };
  pkg.name = `${pkg.name}-student`;
  pkg.scripts = {
    start: pkg.scripts['start']!,
    tcplab: pkg.scripts['tcplab']!,
    typecheck: pkg.scripts['typecheck']!,
    test: 'tsx grader/kit/test-exercises.ts',
    'test:exercises': 'tsx grader/kit/test-exercises.ts',
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
}

export class ExportError extends Error {}

/**
 * Write a student's kit to `out` (a new or empty folder outside the kit, in an existing folder);
 * returns how many files it holds. It ships a GitHub Actions workflow (./workflow.ts) that fails
 * below `minPercent` of the public checks, if given. The kit is built beside `out` and renamed into place at the end,
 * so a failed export leaves nothing half-written. Only that one folder is made (no recursive mkdir
 * of `out`: in /proc, where mkdir says ENOENT under a folder that exists, Node's retries never end).
 */
export async function exportStudent(out: string, options: { minPercent?: number } = {}): Promise<number> {
  const problem = outputFolderProblem(out);
  if (problem) throw new ExportError(`export-student ${shown(out)}: ${problem}`);
  const target = resolve(out);
  if (target === KIT || target.startsWith(KIT + sep)) throw new ExportError(`${out}: choose a folder outside the kit`);
  const partial = `${target}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  try {
    for (const rel of kitFiles((rel) => !leftOut(rel))) cpSync(join(KIT, rel), join(partial, rel));
    // The launcher students type (./tcplab) runs only with its executable bit, which a copy of the
    // kit that passed through Windows or a zip may have lost.
    chmodSync(join(partial, LAUNCHER), 0o755);
    // The exercises' guide ends with notes for whoever maintains the kit: not the student's concern.
    const guide = join(partial, 'exercises', 'README.md');
    writeFileSync(guide, readFileSync(guide, 'utf8').replace(/\n## Maintainers[\s\S]*$/, '\n'));
    await reference(partial);
    packageJson(partial);
    cpSync(join(import.meta.dirname, 'student-README.md'), join(partial, 'README.md'));
    mkdirSync(join(partial, dirname(WORKFLOW_PATH)), { recursive: true });
    writeFileSync(join(partial, WORKFLOW_PATH), gradeWorkflow(options.minPercent));
    // rename(2) replaces an empty folder.
    renameSync(partial, target);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return readdirSync(target, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
}

/** `tcplab export-student OUTDIR`: the export, and what it left out; a folder it refuses is a usage error. */
export async function runExportStudent(
  outdir: string,
  options: { minPercent?: number },
  out: (text: string) => void,
): Promise<number> {
  try {
    const files = await exportStudent(outdir, options);
    out(
      [
        `${files} files written to ${outdir}. Left out:`,
        ...LEFT_OUT.map((l) => `  ${l.path}: ${l.why}`),
        'Give students that folder (it installs and runs on its own: npm install && npm start).',
        `In a repository, ${LAUNCHER} must keep its executable bit (from Windows: git update-index --chmod=+x ${LAUNCHER}).`,
      ].join('\n'),
    );
    return 0;
  } catch (e) {
    if (e instanceof ExportError) throw new UsageError(e.message);
    throw e;
  }
}
