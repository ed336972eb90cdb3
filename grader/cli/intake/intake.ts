/**
 * One intake for `tcplab grade`, `grade-all` and the Gradescope autograder: whatever a student
 * handed in becomes a folder the grader reads, or the reason there is nothing to grade.
 *
 * Taken, in this order: a copy of the kit or its exercises/ folder (at the top, or nested one or two
 * folders down, as unzipping `tcp-lab-main.zip` leaves it); loose module files (placed into their
 * exercises by export names, ./loose.ts); one .zip or .tar.gz (unpacked safely, ./archive.ts, and
 * looked into the same way). What is made lives under `scratch`, which the caller removes.
 */
import { lstatSync, mkdirSync, readdirSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { exerciseRoot } from '../../runner/submission.js';
import { readInputFile } from '../input-file.js';
import { ArchiveRefused, archiveKind, MAX_FILE_BYTES, passedOver, unpack } from './archive.js';
import { place } from './loose.js';

export type Intake =
  /** `dir` holds exercise folders; `shown` maps paths made under scratch back to what was handed in. */
  | { kind: 'ready'; dir: string; notes: string[]; shown: [string, string][] }
  /** Nothing to grade (status no-submission). */
  | { kind: 'none'; reason: string }
  /** An archive refused whole: a link, a device, a path leaving the folder, over a cap. */
  | { kind: 'refused'; reason: string };

const isTypeScript = (name: string): boolean => /\.m?ts$/.test(name) && !/\.d\.m?ts$/.test(name);
const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const list = (dir: string): Dirent[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => !passedOver(d.name))
    .sort(byName);

/** A few names, for a message saying what a folder holds. */
function holds(names: string[]): string {
  if (names.length === 0) return 'it is empty';
  const shown = names.slice(0, 5).join(', ');
  return `it holds ${shown}${names.length > 5 ? `, and ${names.length - 5} more` : ''}`;
}

/** Kit roots (folders with exercise folders) one and two levels below `dir`, the nearest level that has any. */
function nestedKits(dir: string): string[] {
  let level = [dir];
  for (let depth = 1; depth <= 2; depth++) {
    level = level.flatMap((d) =>
      list(d)
        .filter((e) => e.isDirectory())
        .map((e) => join(d, e.name)),
    );
    const kits = level.filter((d) => exerciseRoot(d));
    if (kits.length > 0) return kits;
  }
  return [];
}

/** TypeScript files at most two levels down (links aside, noted). */
function looseFiles(dir: string, notes: string[], label: string): string[] {
  const found: string[] = [];
  const walk = (d: string, depth: number): void => {
    for (const e of list(d)) {
      const path = join(d, e.name);
      if (e.isSymbolicLink()) {
        if (isTypeScript(e.name)) notes.push(`${join(label, relative(dir, path))}: a link, not a file: not graded`);
      } else if (e.isDirectory() && depth < 2) {
        walk(path, depth + 1);
      } else if (e.isFile() && isTypeScript(e.name)) {
        found.push(path);
      }
    }
  };
  walk(dir, 0);
  return found;
}

/** Copy the loose files into exercise folders under `scratch`. */
function stageLoose(
  files: string[],
  dir: string,
  scratch: string,
  label: string,
  notes: string[],
  named = label,
): Intake {
  const texts: { path: string; text: string }[] = [];
  for (const path of files) {
    try {
      texts.push({ path, text: readInputFile(path, 'exercise file', MAX_FILE_BYTES) });
    } catch (e) {
      notes.push(`${join(label, relative(dir, path))}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const { placed, notes: placing } = place(texts);
  notes.push(...placing.map((n) => `${named}: ${n}`));
  if (placed.size === 0) {
    return {
      kind: 'none',
      reason: `${named}: no exercise folders, and no TypeScript file exports what an exercise does (${files.map((f) => basename(f)).join(', ')})`,
    };
  }
  const root = join(scratch, 'loose');
  const shown: [string, string][] = [];
  for (const [exercise, path] of placed) {
    const target = join(root, exercise.id, exercise.file);
    const text = texts.find((t) => t.path === path)!.text;
    // Written from the text read under the cap, never copied: a file swapped for a link meanwhile changes nothing.
    mkdirSync(join(root, exercise.id), { recursive: true });
    writeFileSync(target, text, { flag: 'wx', mode: 0o644 });
    shown.push([target, join(label, relative(dir, path))]);
  }
  return { kind: 'ready', dir: root, notes, shown };
}

/** A folder: a kit in it or below it, else loose files, else one archive in it. */
async function folder(dir: string, scratch: string, label: string, archives: boolean): Promise<Intake> {
  const notes: string[] = [];
  if (exerciseRoot(dir)) return { kind: 'ready', dir, notes, shown: [] };
  const kits = nestedKits(dir);
  if (kits.length === 1) return { kind: 'ready', dir: kits[0]!, notes, shown: [] };
  if (kits.length > 1) {
    return {
      kind: 'none',
      reason: `${label}: more than one copy of the kit (${kits.map((k) => relative(dir, k)).join(', ')}); hand in one`,
    };
  }
  const files = looseFiles(dir, notes, label);
  if (files.length > 0) return stageLoose(files, dir, scratch, label, notes);
  const entries = list(dir);
  const packed = entries.filter((e) => e.isFile() && archiveKind(e.name));
  if (archives && packed.length === 1)
    return archive(join(dir, packed[0]!.name), scratch, join(label, packed[0]!.name));
  if (archives && packed.length > 1)
    return {
      kind: 'none',
      reason: `${label}: ${packed.length} archives (${packed.map((e) => e.name).join(', ')}); hand in one`,
    };
  return {
    kind: 'none',
    reason: `${label}: no exercise folders, exercise files or archive found (${holds(entries.map((e) => e.name + (e.isDirectory() ? '/' : '')))})`,
  };
}

async function archive(path: string, scratch: string, label: string): Promise<Intake> {
  const into = join(scratch, 'unpacked');
  mkdirSync(into, { recursive: true });
  let others: string[];
  try {
    ({ others } = await unpack(path, into));
  } catch (e) {
    if (e instanceof ArchiveRefused) return { kind: 'refused', reason: `${label}: refused: ${e.message}` };
    throw e;
  }
  const inside = await folder(into, scratch, label, false);
  if (inside.kind === 'none' && readdirSync(into).length === 0) {
    return { kind: 'none', reason: `${label}: the archive holds no TypeScript file (${holds(others)})` };
  }
  return inside.kind === 'ready' ? { ...inside, shown: [...inside.shown, [into, label]] } : inside;
}

/**
 * What `path` (a folder, a .zip or .tar.gz, or one .ts file) gives to grade; `label` names it in
 * messages (the path as the user typed it, or the student's id).
 */
export async function intake(path: string, scratch: string, label: string): Promise<Intake> {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return { kind: 'none', reason: `${label}: not found` };
  }
  // `scratch` is made only when something is unpacked or placed: a folder graded as it is leaves nothing behind.
  if (stat.isDirectory()) return folder(path, scratch, label, true);
  if (!stat.isFile()) return { kind: 'none', reason: `${label}: not a folder, an archive or a file` };
  if (archiveKind(path)) return archive(path, scratch, label);
  if (isTypeScript(path) && !lstatSync(path).isSymbolicLink())
    return stageLoose([path], dirname(path), scratch, dirname(label), [], label);
  return { kind: 'none', reason: `${label}: not a folder, an archive (.zip, .tar.gz) or a TypeScript file` };
}
