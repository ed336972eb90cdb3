/**
 * Reading a file the user points the command at (a rubric, a recorded pack, a hints file): only a
 * regular file under a size cap is read. It is judged by stat before it is opened, so a FIFO cannot
 * hang the command and /dev/zero cannot fill its memory; every refusal is a usage error (exit 2)
 * naming the file.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { UsageError } from './errors.js';

export const MB = 1024 * 1024;

/** A path as a message shows it: an empty one as '' so it is seen. */
export const shown = (path: string): string => (path === '' ? "''" : path);

/** `resolve('')` is the current folder, which nobody means by an empty argument. */
export function nonEmpty(path: string, what: string): string {
  if (path.trim() === '') throw new UsageError(`${what} ${shown(path)}: the path is empty`);
  return path;
}

/** What a file that is not a regular one is, in words. */
export function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why a file system call failed, in words. */
export function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links';
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

function refuseUnlessSmallFile(path: string, what: string, stat: Stats, maxBytes: number): void {
  if (!stat.isFile()) throw new UsageError(`${path}: the ${what} is ${kindOf(stat)}, not a regular file`);
  if (stat.size > maxBytes)
    throw new UsageError(`${path}: the ${what} is ${stat.size} bytes; at most ${maxBytes} are read`);
}

/** The text of `path`, a regular file of at most `maxBytes` (`what` names it in messages: "rubric"). */
export function readInputFile(path: string, what: string, maxBytes: number): string {
  nonEmpty(path, `the ${what}`);
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (e) {
    throw new UsageError(`${path}: cannot read the ${what}: ${reason(e)}`);
  }
  refuseUnlessSmallFile(path, what, stat, maxBytes);
  let fd: number;
  try {
    // Non-blocking: should a FIFO take the file's place after the stat, opening it still returns.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new UsageError(`${path}: cannot read the ${what}: ${reason(e)}`);
  }
  try {
    const opened = fstatSync(fd);
    refuseUnlessSmallFile(path, what, opened, maxBytes);
    // One byte more than it holds: a file that grows while read is refused, not followed past the cap.
    const buffer = Buffer.alloc(opened.size + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; ) {
      n = readSync(fd, buffer, length, buffer.length - length, null);
      length += n;
    }
    if (length > opened.size) throw new UsageError(`${path}: the ${what} changed while it was read`);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}
