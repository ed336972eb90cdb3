/**
 * What `tcplab live` needs from the machine, checked before anything starts, so a missing piece is
 * one clear sentence (with the Debian package that provides it), never a stack trace halfway in.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface Missing {
  what: string;
  /** How to get it. */
  fix: string;
}

function onPath(program: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Everything that is missing (empty when live runs can start). `needs` adds programs COMMAND-independent runs need. */
export function missingRequirements(): Missing[] {
  if (process.platform !== 'linux') {
    return [
      {
        what: `Linux (this is ${process.platform})`,
        fix: 'live runs need Linux network namespaces and TUN devices; run them in a Linux virtual machine or container',
      },
    ];
  }
  const missing: Missing[] = [];
  if (!onPath('unshare')) missing.push({ what: 'the unshare command', fix: 'apt-get install util-linux' });
  if (!onPath('ip')) missing.push({ what: 'the ip command', fix: 'apt-get install iproute2' });
  if (!onPath('ss')) missing.push({ what: 'the ss command', fix: 'apt-get install iproute2' });
  if (!onPath('socat'))
    missing.push({ what: "socat (it relays the TUN device's packets)", fix: 'apt-get install socat' });
  if (!existsSync('/dev/net/tun'))
    missing.push({
      what: 'the TUN device /dev/net/tun',
      fix: 'load the tun module (modprobe tun), or in a container start it with --device /dev/net/tun',
    });
  if (missing.some((m) => m.what === 'the unshare command')) return missing;
  // Unprivileged user namespaces may be switched off (kernel.unprivileged_userns_clone = 0,
  // user.max_user_namespaces = 0, or an AppArmor policy): try one.
  const probe = spawnSync('unshare', ['-rn', 'true'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.status !== 0) {
    const why = (probe.stderr || probe.error?.message || `exit ${String(probe.status)}`).trim().split('\n')[0];
    missing.push({
      what: `a private user and network namespace (unshare -rn failed: ${why})`,
      fix: 'allow unprivileged user namespaces: sysctl kernel.unprivileged_userns_clone=1 (Debian) and user.max_user_namespaces > 0; on Ubuntu 24.04 also kernel.apparmor_restrict_unprivileged_userns=0',
    });
  }
  return missing;
}

export function describeMissing(missing: readonly Missing[]): string {
  return ['tcplab live cannot run here:', ...missing.map((m) => `  - missing ${m.what}: ${m.fix}`)].join('\n');
}
