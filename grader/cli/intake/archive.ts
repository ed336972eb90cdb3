/**
 * Unpacking a .zip or .tar.gz a student handed in, safely. Only TypeScript files are taken out (all
 * that is graded), never into a path that leaves the folder; installs, history, dotfiles and macOS
 * resource forks are passed over unread. An archive holding a link or a device, a path that leaves
 * the folder, more than MAX_FILES files to take, a file over MAX_FILE_BYTES, or more than
 * MAX_ARCHIVE_BYTES packed or MAX_UNPACKED_BYTES unpacked is refused whole, with the reason.
 */
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { ArchiveEntry } from './entries.js';

const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
export const MAX_FILES = 500;
/** The most an exercise file may be (grader/runner/submission.ts reads no more). */
export const MAX_FILE_BYTES = 1_000_000;
const MAX_ENTRIES = 200_000;

/** An archive refused whole; the message says why. */
export class ArchiveRefused extends Error {}

export type ArchiveKind = 'zip' | 'tar.gz';

export function archiveKind(name: string): ArchiveKind | undefined {
  if (/\.zip$/i.test(name)) return 'zip';
  if (/\.(tar\.gz|tgz)$/i.test(name)) return 'tar.gz';
  return undefined;
}

/** Parts of a path that are never a submission's: installs, history, dotfiles, macOS resource forks. */
export const passedOver = (part: string): boolean =>
  part === 'node_modules' || part === '__MACOSX' || part.startsWith('.');

const isTypeScript = (name: string): boolean => /\.m?ts$/.test(name) && !/\.d\.m?ts$/.test(name);

/** The parts of an entry's name, or why it cannot be unpacked (absolute, `..`, a drive, NUL). */
function parts(name: string): string[] {
  const p = name.replaceAll('\\', '/');
  if (p.includes('\0')) throw new ArchiveRefused(`an entry's name holds a NUL byte`);
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) throw new ArchiveRefused(`${name} is an absolute path`);
  const split = p.split('/').filter((s) => s !== '' && s !== '.');
  if (split.includes('..')) throw new ArchiveRefused(`${name} leaves the folder it is unpacked in (..)`);
  return split;
}

/** The archive's bytes: a regular file under the cap, opened without blocking (a FIFO in its place cannot hang us). */
function readArchive(file: string): Uint8Array {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ArchiveRefused('it is not a regular file');
    if (stat.size > MAX_ARCHIVE_BYTES)
      throw new ArchiveRefused(`it is ${stat.size} bytes; an archive may be at most ${MAX_ARCHIVE_BYTES}`);
    const data = Buffer.alloc(stat.size);
    let read = 0;
    for (let n = 1; n > 0 && read < data.length; read += n) n = readSync(fd, data, read, data.length - read, read);
    return data.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

export interface Unpacked {
  /** Files written, relative to `dest`, `/`-separated. */
  taken: string[];
  /** Other files the archive holds (not TypeScript), for saying what was found. */
  others: string[];
}

/** Unpack the TypeScript files of the archive `file` into the folder `dest` (made if missing). */
export async function unpack(file: string, dest: string): Promise<Unpacked> {
  const entries = await readEntries(file);
  const root = resolve(dest);
  const { unpacked, writes } = judgeEntries(entries, root);
  // Nothing is written before the whole archive has been judged.
  for (const [target, data] of writes) {
    const rel = target.slice(root.length + 1);
    try {
      mkdirSync(dirname(target), { recursive: true });
      // 'wx': a second entry with the same name does not replace the first.
      writeFileSync(target, data, { flag: 'wx', mode: 0o644 });
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new ArchiveRefused(
        code === 'EEXIST' ? `${rel} is in the archive twice` : `${rel} cannot be unpacked (${code ?? String(e)})`,
      );
    }
  }
  return unpacked;
}

/** The archive's entries (of a .tar.gz, only the TypeScript files' contents are kept), at most MAX_ENTRIES. */
async function readEntries(file: string): Promise<ArchiveEntry[]> {
  const kind = archiveKind(file);
  if (!kind) throw new ArchiveRefused('it is neither a .zip nor a .tar.gz');
  let bytes: Uint8Array;
  try {
    bytes = readArchive(file);
  } catch (e) {
    if (e instanceof ArchiveRefused) throw e;
    throw new ArchiveRefused(`it cannot be read (${(e as { code?: string }).code ?? String(e)})`);
  }
  const keep = (name: string): boolean => {
    try {
      const p = parts(name);
      return p.length > 0 && !p.some(passedOver) && isTypeScript(p.at(-1)!);
    } catch {
      return false; // refused below, with its reason
    }
  };
  let entries: ArchiveEntry[];
  try {
    // The readers (and their packages) load only for an archive: most submissions are folders.
    entries =
      kind === 'zip'
        ? (await import('./zip.js')).zipEntries(bytes)
        : await (await import('./tar.js')).tarEntries(
            bytes,
            { maxTar: MAX_UNPACKED_BYTES, maxFile: MAX_FILE_BYTES },
            keep,
          );
  } catch (e) {
    throw new ArchiveRefused(e instanceof Error ? e.message : String(e));
  }
  if (entries.length > MAX_ENTRIES)
    throw new ArchiveRefused(`it lists ${entries.length} entries; at most ${MAX_ENTRIES} are read`);
  return entries;
}

/** Every entry judged: a link, a device or a path out of `root` refuses the archive; TypeScript files are read. */
function judgeEntries(
  entries: readonly ArchiveEntry[],
  root: string,
): { unpacked: Unpacked; writes: [string, Uint8Array][] } {
  const unpacked: Unpacked = { taken: [], others: [] };
  const writes: [string, Uint8Array][] = [];
  let total = 0;
  for (const entry of entries) {
    const p = parts(entry.name);
    if (p.length === 0 || p.some(passedOver)) continue;
    if (entry.kind === 'link') throw new ArchiveRefused(`${entry.name} is a link; hand in files only`);
    if (entry.kind === 'device') throw new ArchiveRefused(`${entry.name} is a device or FIFO, not a file`);
    if (entry.kind === 'directory') continue;
    const rel = p.join('/');
    if (!isTypeScript(rel)) {
      unpacked.others.push(rel);
      continue;
    }
    const target = resolve(root, ...p);
    if (!target.startsWith(root + sep)) throw new ArchiveRefused(`${entry.name} leaves the folder it is unpacked in`);
    if (writes.length >= MAX_FILES) throw new ArchiveRefused(`it holds more than ${MAX_FILES} TypeScript files`);
    let data: Uint8Array;
    try {
      data = entry.read(MAX_FILE_BYTES);
    } catch (e) {
      throw new ArchiveRefused(e instanceof Error ? e.message : String(e));
    }
    total += data.length;
    if (total > MAX_UNPACKED_BYTES)
      throw new ArchiveRefused(`its TypeScript files come to more than ${MAX_UNPACKED_BYTES} bytes`);
    writes.push([target, data]);
    unpacked.taken.push(rel);
  }
  return { unpacked, writes };
}
