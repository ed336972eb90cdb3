/**
 * For tests: the committed captures, and other capture files made from their real packets (the same
 * octets under another link layer or file format), so every reader path runs on real traffic.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CAPTURES = join(dirname(fileURLToPath(import.meta.url)), 'captures');

export function capture(name: string): Buffer {
  return readFileSync(join(CAPTURES, name));
}

export interface Record {
  sec: number;
  usec: number;
  data: Buffer;
  origLen: number;
}

/** The records of a little-endian microsecond pcap (what tcpdump writes here). */
export function pcapRecords(file: Buffer): { linkType: number; records: Record[] } {
  const records: Record[] = [];
  for (let at = 24; at < file.length; ) {
    const capLen = file.readUInt32LE(at + 8);
    records.push({
      sec: file.readUInt32LE(at),
      usec: file.readUInt32LE(at + 4),
      origLen: file.readUInt32LE(at + 12),
      data: file.subarray(at + 16, at + 16 + capLen),
    });
    at += 16 + capLen;
  }
  return { linkType: file.readUInt32LE(20), records };
}

/** A pcap file, little- or big-endian, with microsecond or nanosecond fractions. */
export function pcapFile(
  linkType: number,
  records: readonly Record[],
  opts: { bigEndian?: boolean; nano?: boolean; snaplen?: number } = {},
): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    if (opts.bigEndian) b.writeUInt32BE(n >>> 0);
    else b.writeUInt32LE(n >>> 0);
    return b;
  };
  const u16 = (n: number): Buffer => {
    const b = Buffer.alloc(2);
    if (opts.bigEndian) b.writeUInt16BE(n);
    else b.writeUInt16LE(n);
    return b;
  };
  parts.push(
    u32(opts.nano ? 0xa1b23c4d : 0xa1b2c3d4),
    u16(2),
    u16(4),
    u32(0),
    u32(0),
    u32(opts.snaplen ?? 262144),
    u32(linkType),
  );
  for (const r of records) {
    parts.push(u32(r.sec), u32(opts.nano ? r.usec * 1000 : r.usec), u32(r.data.length), u32(r.origLen), r.data);
  }
  return Buffer.concat(parts);
}

/** A pcapng file (little-endian): one section, one interface per entry of `interfaces`, one EPB per record. */
export function pcapngFile(
  interfaces: { linkType: number; name?: string; tsresol?: number }[],
  records: readonly (Record & { iface?: number })[],
): Buffer {
  const block = (type: number, body: Buffer): Buffer => {
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    const len = padded.length + 12;
    const head = Buffer.alloc(8);
    head.writeUInt32LE(type, 0);
    head.writeUInt32LE(len, 4);
    const tail = Buffer.alloc(4);
    tail.writeUInt32LE(len, 0);
    return Buffer.concat([head, padded, tail]);
  };
  const option = (code: number, value: Buffer): Buffer => {
    const h = Buffer.alloc(4);
    h.writeUInt16LE(code, 0);
    h.writeUInt16LE(value.length, 2);
    return Buffer.concat([h, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
  };
  const shb = Buffer.alloc(16);
  shb.writeUInt32LE(0x1a2b3c4d, 0);
  shb.writeUInt16LE(1, 4);
  shb.writeUInt16LE(0, 6);
  shb.writeBigInt64LE(-1n, 8);
  const out = [block(0x0a0d0d0a, shb)];
  for (const i of interfaces) {
    const head = Buffer.alloc(8);
    head.writeUInt16LE(i.linkType, 0);
    head.writeUInt32LE(262144, 4);
    const opts = [
      ...(i.name ? [option(2, Buffer.from(i.name))] : []),
      ...(i.tsresol !== undefined ? [option(9, Buffer.from([i.tsresol]))] : []),
      option(0, Buffer.alloc(0)),
    ];
    out.push(block(1, Buffer.concat([head, ...opts])));
  }
  for (const r of records) {
    const resol = interfaces[r.iface ?? 0]?.tsresol ?? 6;
    const ticks = BigInt(r.sec) * 10n ** BigInt(resol) + BigInt(r.usec) * 10n ** BigInt(resol - 6);
    const head = Buffer.alloc(20);
    head.writeUInt32LE(r.iface ?? 0, 0);
    head.writeUInt32LE(Number(ticks >> 32n), 4);
    head.writeUInt32LE(Number(ticks & 0xffffffffn), 8);
    head.writeUInt32LE(r.data.length, 12);
    head.writeUInt32LE(r.origLen, 16);
    out.push(block(6, Buffer.concat([head, r.data])));
  }
  return Buffer.concat(out);
}
