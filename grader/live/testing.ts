/**
 * What the tests of `tcplab live` share: the command run in a child process, a section of its
 * output, a pcap file read with the kit's own codec, and a student's folder made from the reference
 * with one change. Each test file has a scratch folder of its own.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { formatIpv4, parseIpv4 } from '../wire/ipv4.js';
import { parseTcp, tcpChecksumOk } from '../wire/tcp.js';
import { LINKTYPE_RAW } from './pcap.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'grader', 'cli', 'bin.js');
export const scratch = mkdtempSync(join(tmpdir(), 'tcplab-live-test-'));
/** For afterAll: the scratch folder goes. */
export const removeScratch = (): void => rmSync(scratch, { recursive: true, force: true });

/** Generous: a run takes a few seconds idle, and the machine may be busy. */
export const LIMIT = 90_000;

export function tcplab(args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    reject: false,
    timeout: LIMIT - 5_000,
    env: { ...env, CI: 'true' },
    extendEnv: true,
  });
}

/** The section of the output after `title`, up to the next blank line followed by a title. */
export function section(out: string, title: string): string {
  const at = out.indexOf(title);
  expect(at, `"${title}" in:\n${out}`).toBeGreaterThanOrEqual(0);
  return out.slice(at + title.length).split('\n\n')[0]!;
}

export interface Captured {
  src: string;
  dst: string;
  seq: number;
  ack: number;
  flags: string;
  len: number;
  mss?: number;
  checksumsOk: boolean;
}

/** Every record of a classic pcap file with link type RAW, read with the kit's own codec. */
export function readPcap(path: string): Captured[] {
  const file = readFileSync(path);
  expect(file.readUInt32LE(0)).toBe(0xa1b2c3d4);
  expect(file.readUInt32LE(20)).toBe(LINKTYPE_RAW);
  const out: Captured[] = [];
  for (let at = 24; at < file.length; ) {
    const len = file.readUInt32LE(at + 8);
    const ip = parseIpv4(file.subarray(at + 16, at + 16 + len));
    const tcp = parseTcp(ip.payload);
    const flags = (['syn', 'fin', 'rst', 'ack'] as const).filter((f) => tcp.flags[f]).join(',');
    const mss = tcp.options.find((o) => o.kind === 'mss');
    out.push({
      src: `${formatIpv4(ip.src)}:${tcp.srcPort}`,
      dst: `${formatIpv4(ip.dst)}:${tcp.dstPort}`,
      seq: tcp.seq,
      ack: tcp.ack,
      flags,
      len: tcp.payload.length,
      ...(mss?.kind === 'mss' ? { mss: mss.mss } : {}),
      checksumsOk: ip.checksumOk && tcpChecksumOk(ip.payload, ip.src, ip.dst),
    });
    at += 16 + len;
  }
  return out;
}

/** A copy of the reference's 02 module with one change, as a student's folder. */
export function studentWith(name: string, from: string, to: string): string {
  const dir = join(scratch, name, '02-three-way-handshake');
  mkdirSync(dir, { recursive: true });
  const source = readFileSync(join(ROOT, 'solutions', '02-three-way-handshake', 'three-way-handshake.ts'), 'utf8');
  expect(source).toContain(from);
  writeFileSync(join(dir, 'three-way-handshake.ts'), source.replace(from, to));
  return join(scratch, name);
}

export const CHECK_ACK =
  'export const synReceivedCheckAck: SegmentStep = (conn, seg, ctx) => {\n  const { tcb } = conn;\n  if (!seg.flags.ack) {';
