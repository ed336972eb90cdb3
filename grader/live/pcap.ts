/**
 * Classic libpcap files (the format tcpdump -w writes): a 24-octet global header, then a 16-octet
 * record header before each packet. Link type 101 (LINKTYPE_RAW): each record is an IP packet with
 * no link-layer header, which is exactly what crosses a TUN device. tcpdump, Wireshark and
 * `tcplab replay` read it. Written as packets pass, so an interrupted run still leaves a valid file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export const LINKTYPE_RAW = 101;
const SNAPLEN = 65_535;

export function pcapHeader(linkType = LINKTYPE_RAW): Buffer {
  const out = Buffer.alloc(24);
  out.writeUInt32LE(0xa1b2c3d4, 0); // microsecond timestamps, written little-endian
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeInt32LE(0, 8); // thiszone: timestamps are UTC
  out.writeUInt32LE(0, 12); // sigfigs
  out.writeUInt32LE(SNAPLEN, 16);
  out.writeUInt32LE(linkType, 20);
  return out;
}

/** One record: `micros` is the capture time in microseconds since the Unix epoch. */
export function pcapRecord(packet: Uint8Array, micros: number): Buffer {
  const kept = packet.subarray(0, SNAPLEN);
  const out = Buffer.alloc(16 + kept.length);
  out.writeUInt32LE(Math.floor(micros / 1e6), 0);
  out.writeUInt32LE(Math.floor(micros % 1e6), 4);
  out.writeUInt32LE(kept.length, 8);
  out.writeUInt32LE(packet.length, 12);
  out.set(kept, 16);
  return out;
}

export interface PcapWriter {
  write(packet: Uint8Array, micros: number): void;
  close(): void;
}

/** Open `path` for writing (truncating it) and write the header at once. */
export function openPcap(path: string): PcapWriter {
  const fd = openSync(path, 'w');
  writeSync(fd, pcapHeader());
  let open = true;
  return {
    write(packet, micros) {
      if (open) writeSync(fd, pcapRecord(packet, micros));
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
