/**
 * Where a command writes (a report, a gradebook, an autograder zip, a student's kit): judged before
 * any work starts, so a mistyped path costs nothing, and written aside then renamed into place at
 * the end, so a run that fails leaves what was there before.
 */
import {
  accessSync,
  constants,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { kindOf, reason } from './input-file.js';

/** Kernel file systems (statfs f_type): files there are not files, and a recursive mkdir in procfs never returns. */
const KERNEL_FS = new Map<number, string>([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x63677270, 'cgroup2'],
  [0x27e0eb, 'cgroup'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
]);

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The nearest folder on the way to `path` that exists. */
function existingAncestor(path: string): string {
  let dir = path;
  while (statOrUndefined(dir) === undefined && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Why nothing should be written under `path` (it lies in /proc, /sys or the like), or undefined. */
function kernelProblem(path: string): string | undefined {
  const near = realpathSync(existingAncestor(path));
  const named = ['/proc', '/sys'].find((p) => near === p || near.startsWith(p + sep));
  const type = process.platform === 'linux' ? KERNEL_FS.get(Number(statfsSync(near).type)) : undefined;
  if (named || type) return `${near} is ${type ?? named} (a kernel file system), not a place to write`;
  return undefined;
}

/** Why the folder `dir`, where a file or folder is to be made, cannot take it, or undefined. */
function parentProblem(dir: string): string | undefined {
  const stat = statOrUndefined(dir);
  if (!stat) return `the folder ${dir} does not exist`;
  if (!stat.isDirectory()) return `${dir} is not a folder`;
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    return `the folder ${dir} is not writable`;
  }
  return undefined;
}

/**
 * Why something cannot be written at `path`, or undefined: the checks every output shares (an empty
 * path, a kernel file system, a path that cannot be looked at), then `judge` with what is there now.
 */
function outputProblem(
  path: string,
  judge: (target: string, stat: Stats | undefined) => string | undefined,
): string | undefined {
  if (path.trim() === '') return 'the path is empty';
  try {
    const target = resolve(path);
    return kernelProblem(target) ?? judge(target, statOrUndefined(target));
  } catch (e) {
    return `cannot be checked: ${reason(e)}`;
  }
}

/** Why a file cannot be written at `path`, or undefined: checked before the work that makes it. */
export function outputFileProblem(path: string): string | undefined {
  return outputProblem(path, (target, stat) => {
    if (stat?.isDirectory()) return 'it is a folder: give the file to write';
    // Renaming over a FIFO or a device would replace it; writing to it could block.
    if (stat && !stat.isFile()) return `it is ${kindOf(stat)}, not a regular file to replace`;
    return parentProblem(dirname(stat ? realpathSync(target) : target));
  });
}

/** Why a new kit cannot be written to the folder `path`, or undefined: it must be new or empty. */
export function outputFolderProblem(path: string): string | undefined {
  return outputProblem(path, (target, stat) => {
    if (stat && !stat.isDirectory()) return `it is ${stat.isFile() ? 'a file' : kindOf(stat)}, not a folder`;
    if (stat && readdirSync(target).length > 0) return 'the folder exists and is not empty';
    return parentProblem(dirname(target));
  });
}

/** Write `data` beside `path`, then rename it into place (through a symbolic link to its target). */
export function writeAtomically(path: string, data: string | Uint8Array): void {
  const existing = statOrUndefined(path);
  const target = existing ? realpathSync(path) : resolve(path);
  const partial = `${target}.${process.pid}.partial`;
  try {
    writeFileSync(partial, data, { mode: existing ? existing.mode & 0o777 : 0o666 });
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
}
