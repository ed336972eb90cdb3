/**
 * The folder of submissions: one entry per student, a folder (`alice/`) or an archive (`bob.zip`,
 * `carol.tar.gz`), named by the student's id; dotfiles and other files are not submissions. A hash
 * over what each holds says whether it changed since it was graded.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  statSync,
  type Dirent,
} from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { archiveKind, passedOver } from '../intake/archive.js';

export interface Submission {
  /** The student's id: the entry's name without the archive's extension. */
  id: string;
  /** Its name in the folder of submissions. */
  name: string;
  path: string;
}

/** The submissions in `dir`, sorted by id; two entries for one student (alice/ and alice.zip) are refused. */
export function listSubmissions(dir: string): { submissions: Submission[]; ignored: string[] } {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    throw new UsageError(`${dir}: not a folder of submissions`);
  }
  const submissions: Submission[] = [];
  const ignored: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    let kind: 'folder' | 'file' | undefined;
    try {
      const stat = statSync(path);
      kind = stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : undefined;
    } catch {
      kind = undefined; // a dangling link
    }
    const packed = kind === 'file' ? archiveKind(e.name) : undefined;
    if (kind === 'folder') submissions.push({ id: e.name, name: e.name, path });
    else if (packed) submissions.push({ id: e.name.replace(/\.(zip|tar\.gz|tgz)$/i, ''), name: e.name, path });
    else ignored.push(e.name);
  }
  submissions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < submissions.length; i++) {
    if (submissions[i]!.id === submissions[i - 1]!.id) {
      throw new UsageError(
        `${dir}: two submissions for ${submissions[i]!.id} (${submissions[i - 1]!.name} and ${submissions[i]!.name}); keep one`,
      );
    }
  }
  return { submissions, ignored: ignored.sort() };
}

/** Add a file's bytes to `hash`, read without blocking (a FIFO adds its kind, not a hang). */
function addFile(hash: ReturnType<typeof createHash>, path: string): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (e) {
    hash.update(`unreadable:${(e as { code?: string }).code ?? ''}`);
    return;
  }
  try {
    if (!fstatSync(fd).isFile()) {
      hash.update('not-a-file');
      return;
    }
    const buffer = Buffer.alloc(1 << 16);
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/**
 * sha256 over what a submission holds, as the intake would read it: every file's path and bytes
 * (a link's target, not what it points to), installs, history and dotfiles aside.
 */
export function hashSubmission(path: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string, rel: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (passedOver(e.name)) continue;
      const p = join(dir, e.name);
      const r = `${rel}${e.name}`;
      if (e.isSymbolicLink()) hash.update(`link\0${r}\0${readlinkSync(p)}\0`);
      else if (e.isDirectory()) walk(p, `${r}/`);
      else {
        hash.update(`file\0${r}\0`);
        addFile(hash, p);
        hash.update('\0');
      }
    }
  };
  if (statSync(path).isDirectory()) walk(path, '');
  else addFile(hash, path);
  return hash.digest('hex');
}
