/** The kernel's view of the namespace's connections, read with `ss`. */
import { spawnSync } from 'node:child_process';

/** The kernel's own listing, only the rows on the namespace's subnet. */
export function kernelSs(): string {
  const ss = spawnSync('ss', ['-tan'], { encoding: 'utf8' });
  const lines = ss.stdout.split('\n').filter((l) => l.trim() !== '');
  const mine = lines.slice(1).filter((l) => l.includes('10.77.0.'));
  return [
    lines[0] ?? 'State Recv-Q Send-Q Local Address:Port Peer Address:Port',
    ...(mine.length > 0 ? mine : ['(no connection on 10.77.0.0/24)']),
  ].join('\n');
}

/** Whether the kernel still has a connection on our subnet between states (a segment of ours may be on its way to it). */
export function kernelInTransit(): boolean {
  const ss = spawnSync('ss', ['-Htan'], { encoding: 'utf8' });
  return ss.stdout
    .split('\n')
    .some((l) => l.includes('10.77.0.') && /^(LAST-ACK|CLOSING|FIN-WAIT-1|SYN-SENT|SYN-RECV)\s/.test(l));
}

/** Whether something listens on `port` in the kernel. */
export function kernelListens(port: number): boolean {
  const ss = spawnSync('ss', ['-Htln'], { encoding: 'utf8' });
  return ss.stdout.split('\n').some((l) => new RegExp(`[:.]${port}\\s`).test(l));
}
