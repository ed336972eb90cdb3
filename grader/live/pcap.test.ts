/** The pcap writer, read back by tcpdump itself (the reference reader of the format). */
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KERNEL_SYN_HEX } from '../wire/kernel-syn.js';
import { LINKTYPE_RAW, openPcap, pcapHeader, pcapRecord } from './pcap.js';

const dir = mkdtempSync(join(tmpdir(), 'tcplab-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SYN = Buffer.from(KERNEL_SYN_HEX, 'hex');

describe('pcap files', () => {
  it('writes the classic header: magic a1b2c3d4, version 2.4, snaplen 65535, link type RAW (101)', () => {
    expect(pcapHeader().toString('hex')).toBe(
      'd4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + 'ffff0000' + '65000000',
    );
    expect(LINKTYPE_RAW).toBe(101);
  });

  it('writes a record header of seconds, microseconds, captured and original length', () => {
    const record = pcapRecord(SYN, 1_796_615_000_123_456);
    expect(record.readUInt32LE(0)).toBe(1_796_615_000);
    expect(record.readUInt32LE(4)).toBe(123_456);
    expect(record.readUInt32LE(8)).toBe(60);
    expect(record.readUInt32LE(12)).toBe(60);
    expect(record.subarray(16)).toEqual(SYN);
  });

  it("is read by tcpdump, which decodes the kernel's SYN from it", async () => {
    const path = join(dir, 'syn.pcap');
    const pcap = openPcap(path);
    pcap.write(SYN, 1_796_615_000_000_000);
    pcap.close();
    pcap.write(SYN, 0); // after close: ignored, the file stays whole
    expect(readFileSync(path).length).toBe(24 + 16 + 60);
    const read = await execa('tcpdump', ['-r', path, '-nn', '-v'], { reject: false });
    expect(read.exitCode, read.stderr).toBe(0);
    expect(read.stderr).toContain('link-type RAW');
    expect(read.stdout).toContain(
      '10.77.0.1.53544 > 10.77.0.2.8080: Flags [S], cksum 0x99af (correct), seq 3524755237',
    );
    expect(read.stdout).toContain('options [mss 1460,sackOK,TS val 1934748024 ecr 0,nop,wscale 10]');
  }, 30_000);
});
