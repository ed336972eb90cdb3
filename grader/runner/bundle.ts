/**
 * What the sandboxed child runs, as plain JavaScript made with esbuild: the child runtime (bundled
 * once and cached while the kit's code is unchanged) and each submitted module with the framework
 * files it imports.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildFailure } from 'esbuild';
import { KIT, type PreparedExercise } from './submission.js';
import { within } from './within.js';

/** Longest a bundling may take. */
const BUNDLE_MS = 60_000;

let childBundle: Promise<string> | undefined;

/** A hash of the kit's own code (the child bundles solutions/ and grader/): a change means a new bundle. */
function kitHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) hash.update(path.slice(KIT.length)).update(readFileSync(path));
    }
  };
  walk(join(KIT, 'grader'));
  walk(join(KIT, 'solutions'));
  return hash.digest('hex').slice(0, 16);
}

/**
 * grader/runner/child.ts with everything it imports, as one ES module: built once per process, and
 * kept in .tcplab/cache/ for the next grading run while the kit's code is unchanged.
 */
export function childCode(): Promise<string> {
  const cached = join(KIT, '.tcplab', 'cache', `sandbox-child-${kitHash()}.mjs`);
  if (!childBundle && existsSync(cached)) childBundle = Promise.resolve(readFileSync(cached, 'utf8'));
  childBundle ??= within(BUNDLE_MS, 'bundling the sandbox child', build({
    entryPoints: [join(KIT, 'grader', 'runner', 'child.ts')], bundle: true, platform: 'node', format: 'esm',
    target: 'node20', write: false, logLevel: 'silent', absWorkingDir: KIT,
  })).then((r) => {
    const code = r.outputFiles[0]!.text;
    try {
      mkdirSync(join(KIT, '.tcplab', 'cache'), { recursive: true });
      writeFileSync(cached, code);
    } catch {
      // A read-only kit bundles every run.
    }
    return code;
  });
  childBundle.catch(() => { childBundle = undefined; });
  return childBundle;
}

/** A submission's module with the framework files it imports, as one self-contained ES module beside it. */
export async function bundleCandidate(p: PreparedExercise, workDir: string): Promise<{ file: string } | { line?: number; message: string }> {
  const file = p.source.replace(/\.ts$/, '.mjs');
  try {
    // tsconfigRaw: no tsconfig.json is looked for above the private copy.
    await within(BUNDLE_MS, `bundling ${p.exercise.file}`, build({
      entryPoints: [p.source], outfile: file, bundle: true, platform: 'node', format: 'esm', target: 'node20',
      logLevel: 'silent', absWorkingDir: workDir, tsconfigRaw: {},
    }));
    return { file };
  } catch (e) {
    const first = (e as Partial<BuildFailure>).errors?.[0];
    const line = first?.location?.file && p.source.endsWith(first.location.file.replace(/^.*[\\/]/, '')) ? first.location.line : undefined;
    return { message: first?.text ?? (e instanceof Error ? e.message : String(e)), ...(line ? { line } : {}) };
  }
}
