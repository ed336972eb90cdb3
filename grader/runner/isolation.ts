/**
 * How the sandbox confines a child beyond Node's permission model: the permission flag of this Node
 * and, on Linux, user/PID/network namespaces through `unshare`, probed once per process.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import type { SandboxOptions } from './sandbox-options.js';

export type Isolation = 'namespaces' | 'permission-model';

export const UNSHARE_FLAGS = ['--user', '--map-root-user', '--pid', '--fork', '--net'];

/** The permission flag of this Node: `--permission` from 22.13 and 23.5, `--experimental-permission` before. */
export function permissionFlag(version = process.versions.node): string {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major >= 24 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13)
    ? '--permission'
    : '--experimental-permission';
}

function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      /* not here */
    }
  }
  return undefined;
}

let unshareProbe: Promise<string | undefined> | undefined;

/** The path of an `unshare` that can make user, PID and network namespaces here; probed once per process. */
export function unshareCommand(): Promise<string | undefined> {
  unshareProbe ??= (async () => {
    if (process.platform !== 'linux') return undefined;
    const unshare = findExecutable('unshare');
    if (!unshare) return undefined;
    const probe = await execa(unshare, [...UNSHARE_FLAGS, 'true'], {
      reject: false,
      timeout: 5_000,
      extendEnv: false,
      env: {},
      stdio: 'ignore',
    });
    return probe.exitCode === 0 ? unshare : undefined;
  })();
  return unshareProbe;
}

/** The isolation a sandboxed run gets on this machine. */
export async function sandboxIsolation(options: Pick<SandboxOptions, 'namespaces'> = {}): Promise<Isolation> {
  return options.namespaces !== false && (await unshareCommand()) ? 'namespaces' : 'permission-model';
}
