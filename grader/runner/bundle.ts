/**
 * The kit's programs that run in a process of their own (the sandbox child, the inspector), and
 * each submitted module with the framework files it imports, as plain JavaScript made with esbuild.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildFailure, type Plugin } from 'esbuild';
import { KIT } from './kit.js';
import type { PreparedExercise } from './submission.js';
import { within } from './within.js';

/** Longest a bundling may take. */
const BUNDLE_MS = 60_000;

const bundles = new Map<string, Promise<string>>();

let hashed: string | undefined;

/** A hash of the kit's own code (the bundles hold solutions/ and grader/): a change means new bundles. */
export function kitHash(): string {
  if (hashed) return hashed;
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
        hash.update(path.slice(KIT.length)).update(readFileSync(path));
    }
  };
  walk(join(KIT, 'grader'));
  walk(join(KIT, 'solutions'));
  return (hashed = hash.digest('hex').slice(0, 16));
}

/** Packages stay outside a bundle, imported from the kit's node_modules by absolute URL: the bundle may run from anywhere. */
const kitPackages: Plugin = {
  name: 'kit-packages',
  setup(b) {
    const require = createRequire(join(KIT, 'package.json'));
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('node:')
        ? undefined
        : { path: pathToFileURL(require.resolve(args.path)).href, external: true },
    );
  },
};

/** `import.meta.dirname` and `.url` keep naming the kit's own files once bundled elsewhere (the kit's paths hang on them). */
export const kitLocations: Plugin = {
  name: 'kit-locations',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => ({
      loader: 'ts',
      // A pattern, not the words as a string: this file is bundled too (the CLI), and a string
      // spelling them would itself be replaced.
      contents: readFileSync(args.path, 'utf8').replace(/\bimport\.meta\.(dirname|url)\b/g, (_, which: string) =>
        JSON.stringify(which === 'url' ? pathToFileURL(args.path).href : dirname(args.path)),
      ),
    }));
  },
};

/**
 * One of the kit's programs (`entry`, relative to the kit) with everything it imports, as one ES
 * module: built once per process and kept in .tcplab/cache/ for the next run while the kit's code is
 * unchanged; older copies there are removed. `packages`: 'bundle' puts them inside (the sandbox child,
 * which may read nothing else), 'kit' imports them from the kit's node_modules.
 */
export function kitBundle(entry: string, packages: 'bundle' | 'kit'): Promise<string> {
  const name = entry
    .replace(/^grader\//, '')
    .replace(/\.ts$/, '')
    .replaceAll('/', '-');
  const dir = join(KIT, '.tcplab', 'cache');
  const cached = join(dir, `${name}-${kitHash()}.mjs`);
  let bundle = bundles.get(entry);
  try {
    bundle ??= Promise.resolve(readFileSync(cached, 'utf8'));
  } catch {
    // Not built yet (or just pruned by another run): build it.
  }
  bundle ??= within(
    BUNDLE_MS,
    `bundling ${entry}`,
    build({
      entryPoints: [join(KIT, entry)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      absWorkingDir: KIT,
      plugins: packages === 'kit' ? [kitLocations, kitPackages] : [kitLocations],
    }),
  ).then((r) => {
    const code = r.outputFiles[0]!.text;
    try {
      mkdirSync(dir, { recursive: true });
      // Bundles of code that has since changed are never read again.
      for (const old of readdirSync(dir)) {
        const hash = /-([0-9a-f]{16})\.mjs$/.exec(old)?.[1];
        if (hash && hash !== kitHash()) rmSync(join(dir, old), { force: true });
      }
      // Written aside, then renamed: another run never reads half a file.
      const partial = `${cached}.${process.pid}.partial`;
      writeFileSync(partial, code);
      renameSync(partial, cached);
    } catch {
      // A read-only kit bundles every run.
    }
    return code;
  });
  bundles.set(entry, bundle);
  bundle.catch(() => bundles.delete(entry));
  return bundle;
}

/** A submission's module with the framework files it imports, as one self-contained ES module beside it. */
export async function bundleCandidate(
  p: PreparedExercise,
  workDir: string,
): Promise<{ file: string } | { line?: number; column?: number; message: string }> {
  const file = p.source.replace(/\.ts$/, '.mjs');
  try {
    // tsconfigRaw: no tsconfig.json is looked for above the private copy.
    await within(
      BUNDLE_MS,
      `bundling ${p.exercise.file}`,
      build({
        entryPoints: [p.source],
        outfile: file,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        logLevel: 'silent',
        absWorkingDir: workDir,
        tsconfigRaw: {},
      }),
    );
    return { file };
  } catch (e) {
    const first = (e as Partial<BuildFailure>).errors?.[0];
    const line =
      first?.location?.file && p.source.endsWith(first.location.file.replace(/^.*[\\/]/, ''))
        ? first.location.line
        : undefined;
    // esbuild counts columns from 0.
    return {
      message: first?.text ?? (e instanceof Error ? e.message : String(e)),
      ...(line ? { line, column: (first?.location?.column ?? 0) + 1 } : {}),
    };
  }
}
