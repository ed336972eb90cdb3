/**
 * The `tcplab` command as plain JavaScript: grader/cli/main.ts and everything it imports, bundled
 * with esbuild into .tcplab/cache/cli-<stamp>/ (one chunk per command's lazily imported work, so a
 * command loads only its own), and a manifest, cli.json, naming that folder and each source file in
 * it with its size and modification time (the packages it holds included). bin.js runs the bundle
 * while every one of those is unchanged and calls buildCli() through tsx otherwise. Starting from
 * the bundle skips tsx and its loader, which cost about half a second of CPU per command (README,
 * "Benchmark").
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { kitLocations } from '../runner/bundle.js';
import { KIT } from '../runner/kit.js';
import { within } from '../runner/within.js';

export const CACHE = join(KIT, '.tcplab', 'cache');
export const MANIFEST = join(CACHE, 'cli.json');

/** What bin.js reads: the bundle's folder under CACHE and, per source file, [size, mtimeMs]. */
export interface CliManifest {
  dir: string;
  inputs: Record<string, [number, number]>;
}

/** Packages the bundle imports from node_modules instead of holding them. */
const EXTERNAL = [
  'esbuild',
  'typescript',
  'typescript7',
  'ts-morph',
  'tsx',
  'tsx/*',
  'vitest',
  'vitest/*',
  'chokidar',
  'fsevents',
];

/** Folders of older bundles are removed once no command can still be loading chunks from them. */
const STALE_AFTER_MS = 60 * 60_000;

/**
 * The instructor's modules are imported by name in grader/cli/instructor.ts; a student's kit has
 * none, so there the import stays as written and fails when run, which instructor.ts turns into
 * its refusal.
 */
const absentInstructor: Plugin = {
  name: 'absent-instructor',
  setup(b) {
    b.onResolve({ filter: /\/instructor\// }, (args) => {
      const path = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      try {
        statSync(path);
        return undefined;
      } catch {
        return { path: args.path, external: true };
      }
    });
  },
};

/**
 * zod's `locales` namespace re-exports its error messages in some sixty languages (a third of what a
 * grade would load); the kit shows English only, which zod's schemas import on their own. The
 * namespace keeps English alone.
 */
const englishOnlyZod: Plugin = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(args.resolveDir, '..', 'locales', 'index.js'), namespace: 'zod-english' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** Bundle the CLI into a new folder of CACHE, write the manifest, and return the entry's path. */
export async function buildCli(): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const partial = join(CACHE, `cli-${process.pid}-${Date.now()}.partial`);
  const result = await within(
    60_000,
    'bundling the tcplab command',
    build({
      entryPoints: { main: join(KIT, 'grader', 'cli', 'main.ts') },
      outdir: partial,
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: KIT,
      // Packages are bundled too: Node then opens a few dozen files instead of several hundred (a
      // sixth less CPU for a hidden grade). Left out: native code and its workers, the compilers,
      // tsx, what runs as a process of its own, and the watcher's optional native part.
      external: EXTERNAL,
      // Bundled CommonJS packages call require(), which an ES module does not have.
      banner: {
        js: "import { createRequire as __tcplabRequire } from 'node:module'; const require = __tcplabRequire(import.meta.url);",
      },
      plugins: [absentInstructor, englishOnlyZod, kitLocations],
    }),
  );
  const inputs: CliManifest['inputs'] = {};
  // How the bundle is made counts as much as what it is made of.
  const made = ['grader/cli/cli-bundle.ts', 'grader/runner/bundle.ts'];
  // A module of a plugin's own namespace (`zod-english:…`) is no file; the one it stands for is listed.
  const files = Object.keys(result.metafile.inputs).filter((f) => !/^[a-z-]+:/.test(f));
  for (const file of [...new Set([...files, ...made])].sort()) {
    const s = statSync(join(KIT, file));
    inputs[file] = [s.size, s.mtimeMs];
  }
  // Named for what it was built from: runs that rebuild at once agree on one folder.
  const stamp = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
  const dir = `cli-${stamp}`;
  try {
    renameSync(partial, join(CACHE, dir));
  } catch {
    // Another run made the same folder first.
    rmSync(partial, { recursive: true, force: true });
  }
  const manifest: CliManifest = { dir, inputs };
  const written = `${MANIFEST}.${process.pid}.partial`;
  writeFileSync(written, `${JSON.stringify(manifest)}\n`);
  renameSync(written, MANIFEST);
  pruneOld(dir);
  return join(CACHE, dir, 'main.js');
}

function pruneOld(keep: string): void {
  for (const name of readdirSync(CACHE)) {
    if (!name.startsWith('cli-') || name === keep) continue;
    const path = join(CACHE, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another run.
    }
  }
}
