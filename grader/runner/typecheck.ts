/**
 * Typechecking a prepared submission in a `tsc` process of its own, so it runs on the other core
 * while the checks run: its errors arrive with the student's file and line, and mark only their
 * exercise broken. Same strict settings as the kit; no Node types (an exercise needs none).
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { KIT, type PrepError, type Prepared } from './submission.js';

const TSC = join(KIT, 'node_modules', 'typescript', 'bin', 'tsc');

export async function typecheck(prepared: Prepared): Promise<PrepError[]> {
  if (prepared.exercises.length === 0) return [];
  const config = join(prepared.workDir, 'tsconfig.json');
  writeFileSync(config, JSON.stringify({
    compilerOptions: {
      strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, target: 'ES2022',
      module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: true, noEmit: true, types: [], lib: ['ES2023'],
    },
    files: prepared.exercises.map((p) => p.source),
  }));
  const run = await execa(process.execPath, [TSC, '-p', config, '--pretty', 'false'], { reject: false, timeout: 60_000 });
  const errors: PrepError[] = [];
  for (const line of run.stdout.split('\n')) {
    const m = /^(.*)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line.trim());
    if (!m) continue;
    const owner = prepared.exercises.find((p) => p.source === m[1] || m[1]!.endsWith(relative(prepared.workDir, p.source)));
    // Errors inside the kit's own files would be the kit's fault, not the student's: left out here.
    if (!owner) continue;
    errors.push({ kind: 'typecheck', message: `${m[5]} (${m[4]})`, file: relative(process.cwd(), owner.original), line: Number(m[2]), exercise: owner.exercise.id });
  }
  if (run.timedOut) errors.push({ kind: 'timeout', message: 'the typecheck took longer than 60 s' });
  return errors;
}
