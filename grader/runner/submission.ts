/**
 * Preparing a submission before anything of it runs: find its exercise folders and read each file
 * the kit grades (never following symlinks). The inspector (./inspect/) then checks the text; an
 * exercise that passes is copied into a private directory with its framework imports pointed at
 * the kit's own copy, so a student's edited `grader/` changes nothing.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { EXERCISES, type Exercise } from '../engine/exercises.js';
import { ENGINE } from './kit.js';
import type { StaticVerdict } from './inspect/static-checks.js';

export { KIT } from './kit.js';

/** A problem found before anything runs; the report lists these as its errors. */
export interface PrepError {
  kind: 'timeout' | 'crash' | 'static' | 'typecheck';
  message: string;
  file?: string;
  line?: number;
  /** 1-based, where known. */
  column?: number;
  exercise?: string;
}

export interface PreparedExercise {
  exercise: Exercise;
  /** The student's file, as given (for messages). */
  original: string;
  /** The student's code, as read. */
  text: string;
  /** The private copy of the code, with framework imports rewritten: what runs (in-process or bundled for the sandbox). */
  source: string;
}

export interface Prepared {
  dir: string;
  exercises: PreparedExercise[];
  /** Exercises that cannot be graded (missing file, refused import, missing export, type errors). */
  broken: Set<string>;
  errors: PrepError[];
  /** Where the copies live; removed by `cleanup`. */
  workDir: string;
}

/** The folder holding the exercise folders: DIR itself, DIR/exercises, or DIR/solutions. */
export function exerciseRoot(dir: string): string | undefined {
  const has = (d: string): boolean => EXERCISES.some((e) => existsSync(join(d, e.id)));
  for (const candidate of [dir, join(dir, 'exercises')]) if (has(candidate)) return candidate;
  return undefined;
}

/** Largest exercise file read: the reference's biggest is about 20 KB. */
const MAX_BYTES = 1_000_000;

/** Read every exercise found in `dir` (or just `only`); nothing is checked or copied yet. */
export function prepare(dir: string, only?: string): Prepared {
  const root = exerciseRoot(resolve(dir));
  const errors: PrepError[] = [];
  const broken = new Set<string>();
  const workDir = join(
    tmpdir(),
    `tcplab-${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 12)}-${process.pid}`,
  );
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  inUse.add(workDir);
  // The copies are ES modules, as in the kit (a folder outside it would otherwise mean CommonJS).
  writeFileSync(join(workDir, 'package.json'), '{ "type": "module" }\n');
  const prepared: Prepared = { dir, exercises: [], broken, errors, workDir };
  if (!root) {
    errors.push({
      kind: 'static',
      message: `${dir}: no exercise folders here (expected e.g. ${EXERCISES[0]!.id}/ directly or under exercises/)`,
    });
    return prepared;
  }
  const base = realpathSync(resolve(dir));
  for (const exercise of EXERCISES.filter((e) => e.module && (!only || e.id === only))) {
    const original = join(root, exercise.id, exercise.file);
    const fail = (message: string): void => {
      errors.push({ kind: 'static', message, file: relative(process.cwd(), original), exercise: exercise.id });
      broken.add(exercise.id);
    };
    if (!existsSync(join(root, exercise.id))) continue; // not handed in: graded as not started
    if (!existsSync(original)) {
      fail(`${exercise.file} is missing from ${exercise.id}/`);
      continue;
    }
    // A link anywhere on the way (the file, its folder, exercises/) could hand in someone else's code.
    if (lstatSync(original).isSymbolicLink() || !realpathSync(original).startsWith(base + sep)) {
      fail(`${exercise.file} is, or is reached through, a symbolic link; hand in the file itself`);
      continue;
    }
    const stat = statSync(original);
    if (!stat.isFile()) {
      fail(`${exercise.file} is not a regular file`);
      continue;
    }
    if (stat.size > MAX_BYTES) {
      fail(
        `${exercise.file} is ${(stat.size / 1e6).toFixed(1)} MB; an exercise file may be at most ${MAX_BYTES / 1e6} MB`,
      );
      continue;
    }
    let text: string;
    try {
      text = readRegular(original);
    } catch (e) {
      fail(`${exercise.file} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    prepared.exercises.push({ exercise, original, text, source: join(workDir, exercise.id, exercise.file) });
  }
  return prepared;
}

/**
 * The text of a file judged regular by stat: opened without blocking and checked again, so a FIFO put
 * in its place meanwhile cannot hang the grader, and read no further than MAX_BYTES.
 */
function readRegular(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error('it is no longer a regular file');
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_BYTES));
    let read = 0;
    for (let n = 1; n > 0 && read < buffer.length; read += n)
      n = readSync(fd, buffer, read, buffer.length - read, read);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * A problem in a prepared exercise, as the report lists it: the student's file, and the line if
 * known. A message that names the private copy (a loader's or bundler's error) names the student's
 * file instead.
 */
export function located(
  p: PreparedExercise,
  kind: PrepError['kind'],
  problem: { message: string; line?: number; column?: number },
): PrepError {
  const file = relative(process.cwd(), p.original);
  const message = problem.message.replaceAll(p.source, file).replaceAll(p.source.replace(/\.ts$/, '.mjs'), file);
  return {
    kind,
    message,
    file,
    ...(problem.line ? { line: problem.line } : {}),
    ...(problem.line && problem.column ? { column: problem.column } : {}),
    exercise: p.exercise.id,
  };
}

/**
 * Apply the static verdicts: a refused exercise is reported (file:line) and left out; the others
 * are copied with each framework import pointed at the kit's engine.
 */
export function applyStatics(prepared: Prepared, verdicts: ReadonlyMap<string, StaticVerdict>): void {
  for (const p of prepared.exercises) {
    const verdict = verdicts.get(p.exercise.id);
    const problems = verdict ? verdict.problems : [{ message: 'the static checks gave no verdict for this file' }];
    for (const problem of problems) {
      prepared.errors.push(located(p, 'static', problem));
      prepared.broken.add(p.exercise.id);
    }
    if (!verdict || problems.length > 0) continue;
    let text = p.text;
    // From the last import back, so earlier offsets stay valid.
    for (const spec of [...verdict.imports].sort((a, b) => b.start - a.start)) {
      const path = relative(dirname(p.source), join(ENGINE, `${spec.module}.js`)).replaceAll('\\', '/');
      text = `${text.slice(0, spec.start)}${path.startsWith('.') ? path : `./${path}`}${text.slice(spec.end)}`;
    }
    mkdirSync(dirname(p.source), { recursive: true });
    writeFileSync(p.source, text);
  }
  prepared.exercises = prepared.exercises.filter((p) => !prepared.broken.has(p.exercise.id));
}

export function cleanup(prepared: Prepared): void {
  rmSync(prepared.workDir, { recursive: true, force: true });
  inUse.delete(prepared.workDir);
}

/** Private copies not yet cleaned up: an interrupted command removes them on its way out. */
const inUse = new Set<string>();

export function removePrivateCopies(): void {
  for (const dir of inUse) rmSync(dir, { recursive: true, force: true });
  inUse.clear();
}
