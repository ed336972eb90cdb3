/**
 * The typecheck with the native TypeScript compiler (TypeScript 7, package `typescript7`): about a
 * tenth of the time of TypeScript 6's, so it runs beside the checks without slowing them. It is an
 * optional, per-platform package; where it is missing, the inspector typechecks instead.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { execa } from 'execa';
import { KIT, referenceFile } from '../kit.js';
import { located, type PrepError, type Prepared } from '../submission.js';
import { EXERCISE_OPTIONS } from './compiler-options.js';
import { signatureProblem, signatureSource } from './signatures.js';
import type { Problem, StaticVerdict } from './static-checks.js';

/** Longest a typecheck may take. */
const TSC_MS = 60_000;

let found: string | null | undefined;

/** The native `tsc` of this platform, if it is installed. */
export function nativeTsc(): string | undefined {
  if (found === undefined) {
    found = null;
    try {
      const require = createRequire(join(KIT, 'node_modules', 'typescript7', 'package.json'));
      const pkg = require.resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`);
      const exe = join(dirname(pkg), 'lib', process.platform === 'win32' ? 'tsc.exe' : 'tsc');
      if (existsSync(exe)) found = exe;
    } catch {
      // Not installed for this platform (or optional packages were left out).
    }
  }
  return found ?? undefined;
}

const specifier = (from: string, to: string): string => {
  const path = relative(dirname(from), to)
    .replaceAll('\\', '/')
    .replace(/(\.d)?\.ts$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
};

/**
 * Typecheck the copies `prepared` holds (the exercises that passed the static checks) with the kit's
 * strict settings, then their signatures; each error goes to the student's file and line.
 */
export async function nativeTypecheck(
  exe: string,
  prepared: Prepared,
  verdicts: ReadonlyMap<string, StaticVerdict>,
  signal?: AbortSignal,
): Promise<PrepError[]> {
  if (prepared.exercises.length === 0) return [];
  const { config, signatures } = writeProject(prepared, verdicts);
  const run = await execa(exe, ['-p', config, '--pretty', 'false'], {
    reject: false,
    timeout: TSC_MS,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  // A typecheck that did not finish vouches for nothing: every exercise it covered is left ungraded.
  const unfinished = (kind: PrepError['kind'], message: string): PrepError[] =>
    prepared.exercises.map((p) => located(p, kind, { message }));
  if (run.timedOut) return unfinished('timeout', `the typecheck took longer than ${TSC_MS / 1000} s`);
  if (run.isCanceled) return [];
  // Exit 0: no errors; 1 and 2: errors found. Anything else is the compiler failing, not the submission.
  if (run.exitCode === undefined) return unfinished('crash', `the typecheck could not run: ${run.shortMessage}`);
  if (run.exitCode > 2)
    return unfinished(
      'crash',
      `the typecheck ended with code ${run.exitCode}: ${run.stderr.trim().split('\n').at(-1) ?? ''}`,
    );
  const byFile = problemsByFile(run.stdout);
  const errors: PrepError[] = [];
  for (const p of prepared.exercises) {
    const own = byFile.get(resolve(p.source)) ?? [];
    const verdict = verdicts.get(p.exercise.id);
    // Type errors already say what is wrong; the signature check speaks only when the file is clean.
    const problems =
      own.length > 0
        ? own
        : (byFile.get(resolve(signatures.get(p.exercise.id)!)) ?? []).flatMap(
            (s) => signatureProblem(verdict?.expected ?? [], verdict?.exports ?? {}, s.line ?? 0, s.message) ?? [],
          );
    for (const problem of problems) errors.push(located(p, 'typecheck', problem));
  }
  // Errors inside the kit's own files would be the kit's fault, not the student's: left out above.
  return errors;
}

/** The tsconfig.json of the copies and, beside each, a file that checks its signatures against the reference's. */
function writeProject(
  prepared: Prepared,
  verdicts: ReadonlyMap<string, StaticVerdict>,
): { config: string; signatures: Map<string, string> } {
  const signatures = new Map(
    prepared.exercises.map((p) => {
      const file = p.source.replace(/\.ts$/, '.signatures.ts');
      const reference = referenceFile(p.exercise);
      writeFileSync(
        file,
        signatureSource(
          specifier(file, reference),
          `./${basename(p.source).replace(/\.ts$/, '.js')}`,
          verdicts.get(p.exercise.id)?.expected ?? [],
        ),
      );
      return [p.exercise.id, file];
    }),
  );
  const config = join(prepared.workDir, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: EXERCISE_OPTIONS,
      files: [...prepared.exercises.map((p) => p.source), ...signatures.values()],
    }),
  );
  return { config, signatures };
}

/** `file(line,col): error TSn: message`, the file as tsc names it (relative to where it runs, or absolute). */
function problemsByFile(stdout: string): Map<string, Problem[]> {
  const byFile = new Map<string, Problem[]>();
  for (const line of stdout.split('\n')) {
    const m = /^(.*)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line.trim());
    if (m)
      byFile.set(resolve(m[1]!), [
        ...(byFile.get(resolve(m[1]!)) ?? []),
        { message: `${m[5]} (${m[4]})`, line: Number(m[2]), column: Number(m[3]) },
      ]);
  }
  return byFile;
}
