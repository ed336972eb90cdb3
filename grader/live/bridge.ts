/**
 * The TUN device and its relay, inside the private namespace. socat opens the device and turns
 * each IP packet the kernel routes to it into one UDP datagram on loopback, and each datagram back
 * into one packet; Node's dgram reads and writes those datagrams whole. So packet boundaries are kept
 * without a native module and without root.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';

/** The private namespace's addresses: the kernel's end of the device, and the engine's. */
export const KERNEL_ADDR = '10.77.0.1';
export const ENGINE_ADDR = '10.77.0.2';
export const DEVICE = 'tcplab0';
// Fixed ports are safe: the namespace is ours alone and its loopback is empty.
const NODE_PORT = 47_001;
const SOCAT_PORT = 47_002;

export interface Bridge {
  send(packet: Uint8Array): void;
  close(): void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Bring loopback up, start socat on a new TUN device and wait until the device is up. */
export async function openBridge(
  onPacket: (packet: Uint8Array) => void,
  onFailure: (message: string) => void,
): Promise<Bridge> {
  const lo = spawnSync('ip', ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (lo.status !== 0) throw new Error(`ip link set lo up failed: ${lo.stderr.trim()}`);
  const udp: Socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(NODE_PORT, '127.0.0.1', () => resolve());
  });
  udp.on('message', (msg) => onPacket(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength)));
  const socat: ChildProcess = spawn(
    'socat',
    [
      `TUN:${KERNEL_ADDR}/24,tun-name=${DEVICE},tun-type=tun,iff-no-pi,up`,
      `UDP-DATAGRAM:127.0.0.1:${NODE_PORT},bind=127.0.0.1:${SOCAT_PORT}`,
      // A process group of its own: Ctrl+C reaches the run, which ends socat itself, in order.
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let stderr = '';
  let closing = false;
  socat.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  socat.on('exit', (code) => {
    if (!closing) onFailure(`socat stopped (exit ${String(code)}): ${stderr.trim() || 'no message'}`);
  });
  // socat creates and configures the device after it starts: wait for it (generously, the machine may be busy).
  for (let waited = 0; ; waited += 50) {
    const link = spawnSync('ip', ['-o', 'addr', 'show', 'dev', DEVICE], { encoding: 'utf8' });
    if (link.status === 0 && link.stdout.includes(KERNEL_ADDR)) break;
    if (socat.exitCode !== null || waited > 20_000) {
      socat.kill();
      udp.close();
      throw new Error(`the TUN device did not come up: ${stderr.trim() || 'socat gave no message'}`);
    }
    await sleep(50);
  }
  return {
    send(packet) {
      if (!closing) udp.send(packet, SOCAT_PORT, '127.0.0.1');
    },
    close() {
      if (closing) return;
      closing = true;
      socat.kill();
      udp.close();
    },
  };
}
