/**
 * The TCP header (RFC 9293 §3.1), read and written, with its checksum over the pseudo-header
 * (RFC 9293 §3.1 for IPv4, RFC 8200 §8.1 for IPv6: pass 4- or 16-octet addresses).
 * Options are read into a list so a caller can show them; our own segments carry only MSS.
 */
import { internetChecksum } from './checksum.js';
import { WireError } from './errors.js';

export interface TcpFlags {
  fin: boolean;
  syn: boolean;
  rst: boolean;
  psh: boolean;
  ack: boolean;
  urg: boolean;
  ece: boolean;
  cwr: boolean;
}

const FLAG_BITS: readonly [keyof TcpFlags, number][] = [
  ['fin', 0x01],
  ['syn', 0x02],
  ['rst', 0x04],
  ['psh', 0x08],
  ['ack', 0x10],
  ['urg', 0x20],
  ['ece', 0x40],
  ['cwr', 0x80],
];

/** The options a Linux SYN carries (RFC 9293 §3.2, RFC 7323, RFC 2018); any other kept as octets. */
export type TcpOption =
  | { kind: 'mss'; mss: number }
  | { kind: 'window-scale'; shift: number }
  | { kind: 'sack-permitted' }
  | { kind: 'sack'; blocks: [number, number][] }
  | { kind: 'timestamps'; value: number; echo: number }
  | { kind: 'other'; code: number; data: Uint8Array };

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: TcpFlags;
  window: number;
  urgent: number;
  options: TcpOption[];
  payload: Uint8Array;
}

export interface ParsedTcp extends TcpSegment {
  /** Header length in octets (data offset × 4). */
  headerLength: number;
  /** The checksum field as it arrived. */
  checksum: number;
}

/** Reads a TCP segment (everything after the IP header); throws WireError naming the field. */
export function parseTcp(bytes: Uint8Array): ParsedTcp {
  if (bytes.length < 20)
    throw new WireError('TCP', 'header', bytes.length, `${bytes.length} octets, a header needs 20`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = (view.getUint8(12) >> 4) * 4;
  if (headerLength < 20 || headerLength > bytes.length) {
    throw new WireError('TCP', 'data offset', 12, `header length ${headerLength}, segment ${bytes.length} octets`);
  }
  const bits = view.getUint8(13);
  const flags = Object.fromEntries(FLAG_BITS.map(([name, bit]) => [name, (bits & bit) !== 0])) as unknown as TcpFlags;
  return {
    srcPort: view.getUint16(0),
    dstPort: view.getUint16(2),
    seq: view.getUint32(4),
    ack: view.getUint32(8),
    flags,
    window: view.getUint16(14),
    checksum: view.getUint16(16),
    urgent: view.getUint16(18),
    options: parseOptions(bytes.subarray(20, headerLength)),
    headerLength,
    payload: bytes.slice(headerLength),
  };
}

function parseOptions(bytes: Uint8Array): TcpOption[] {
  const options: TcpOption[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at < bytes.length) {
    const code = view.getUint8(at);
    if (code === 0) break; // End of Option List
    if (code === 1) {
      at += 1; // No-Operation
      continue;
    }
    if (at + 1 >= bytes.length) throw new WireError('TCP', `option ${code} length`, 20 + at + 1, 'missing');
    const length = view.getUint8(at + 1);
    if (length < 2 || at + length > bytes.length) {
      throw new WireError(
        'TCP',
        `option ${code} length`,
        20 + at + 1,
        `${length} does not fit the ${bytes.length} octets of options`,
      );
    }
    const body = new DataView(bytes.buffer, bytes.byteOffset + at + 2, length - 2);
    if (code === 2 && length === 4) options.push({ kind: 'mss', mss: body.getUint16(0) });
    else if (code === 3 && length === 3) options.push({ kind: 'window-scale', shift: body.getUint8(0) });
    else if (code === 4 && length === 2) options.push({ kind: 'sack-permitted' });
    else if (code === 8 && length === 10)
      options.push({ kind: 'timestamps', value: body.getUint32(0), echo: body.getUint32(4) });
    else if (code === 5 && (length - 2) % 8 === 0) {
      const blocks: [number, number][] = [];
      for (let i = 0; i < length - 2; i += 8) blocks.push([body.getUint32(i), body.getUint32(i + 4)]);
      options.push({ kind: 'sack', blocks });
    } else options.push({ kind: 'other', code, data: bytes.slice(at + 2, at + length) });
    at += length;
  }
  return options;
}

/** The pseudo-header that the TCP checksum also covers: IPv4 (4-octet addresses) or IPv6 (16). */
function pseudoHeader(src: Uint8Array, dst: Uint8Array, tcpLength: number): Uint8Array {
  if (src.length !== dst.length || (src.length !== 4 && src.length !== 16)) {
    throw new RangeError(`addresses of ${src.length} and ${dst.length} octets: expected 4 (IPv4) or 16 (IPv6) each`);
  }
  const n = src.length;
  const out = new Uint8Array(n === 4 ? 12 : 40);
  const view = new DataView(out.buffer);
  out.set(src, 0);
  out.set(dst, n);
  if (n === 4) {
    view.setUint8(9, 6); // protocol TCP
    view.setUint16(10, tcpLength);
  } else {
    view.setUint32(32, tcpLength);
    view.setUint8(39, 6); // next header TCP
  }
  return out;
}

/** True when the segment's checksum is right for these addresses. */
export function tcpChecksumOk(bytes: Uint8Array, src: Uint8Array, dst: Uint8Array): boolean {
  return internetChecksum(pseudoHeader(src, dst, bytes.length), bytes) === 0;
}

/** Writes a TCP segment with its options and checksum. */
export function buildTcp(segment: TcpSegment, src: Uint8Array, dst: Uint8Array): Uint8Array {
  const options = buildOptions(segment.options);
  const headerLength = 20 + options.length;
  const out = new Uint8Array(headerLength + segment.payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, segment.srcPort);
  view.setUint16(2, segment.dstPort);
  view.setUint32(4, segment.seq >>> 0);
  view.setUint32(8, segment.ack >>> 0);
  view.setUint8(12, (headerLength / 4) << 4);
  view.setUint8(
    13,
    FLAG_BITS.reduce((bits, [name, bit]) => (segment.flags[name] ? bits | bit : bits), 0),
  );
  view.setUint16(14, segment.window);
  view.setUint16(18, segment.urgent);
  out.set(options, 20);
  out.set(segment.payload, headerLength);
  view.setUint16(16, internetChecksum(pseudoHeader(src, dst, out.length), out));
  return out;
}

function buildOptions(options: readonly TcpOption[]): Uint8Array {
  const bytes: number[] = [];
  const u16 = (v: number) => bytes.push((v >> 8) & 0xff, v & 0xff);
  const u32 = (v: number) => bytes.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  for (const option of options) {
    switch (option.kind) {
      case 'mss':
        bytes.push(2, 4);
        u16(option.mss);
        break;
      case 'window-scale':
        bytes.push(3, 3, option.shift);
        break;
      case 'sack-permitted':
        bytes.push(4, 2);
        break;
      case 'timestamps':
        bytes.push(8, 10);
        u32(option.value);
        u32(option.echo);
        break;
      case 'sack':
        bytes.push(5, 2 + 8 * option.blocks.length);
        for (const [l, r] of option.blocks) {
          u32(l);
          u32(r);
        }
        break;
      case 'other':
        bytes.push(option.code, 2 + option.data.length, ...option.data);
        break;
    }
  }
  while (bytes.length % 4 !== 0) bytes.push(0); // pad with End of Option List to a 32-bit boundary
  return Uint8Array.from(bytes);
}

/** No flags set; spread and override the ones wanted. */
export const NO_FLAGS: Readonly<TcpFlags> = {
  fin: false,
  syn: false,
  rst: false,
  psh: false,
  ack: false,
  urg: false,
  ece: false,
  cwr: false,
};
