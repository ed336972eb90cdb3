/**
 * The IPv6 header (RFC 8200 §3) and the extension headers that may sit between it and TCP (§4):
 * hop-by-hop, routing and destination options are stepped over; a fragment is refused, as the
 * IPv4 reader refuses one, since replay does not reassemble.
 */
import { CaptureError } from './errors.js';

export interface Ipv6Packet {
  src: Uint8Array;
  dst: Uint8Array;
  /** The upper-layer protocol after any extension headers (6 for TCP). */
  protocol: number;
  /** Octets from the start of the packet to the upper-layer header. */
  headerLength: number;
  /** Length of the whole packet as the header gives it (40 + payload length). */
  totalLength: number;
}

const SKIPPED = new Set([0, 43, 60]); // hop-by-hop, routing, destination options

/** Reads the headers of an IPv6 packet; `where` names the packet in messages. */
export function parseIpv6(bytes: Uint8Array, where: string): Ipv6Packet {
  if (bytes.length < 40) throw new CaptureError(`${where}: IPv6 header cut at ${bytes.length} of 40 octets`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) >> 4 !== 6)
    throw new CaptureError(`${where}: IPv6 version field is ${view.getUint8(0) >> 4}, expected 6`);
  let next = view.getUint8(6);
  let at = 40;
  while (SKIPPED.has(next)) {
    if (at + 2 > bytes.length) throw new CaptureError(`${where}: IPv6 extension header ${next} cut at octet ${at}`);
    const following = view.getUint8(at);
    at += (view.getUint8(at + 1) + 1) * 8;
    next = following;
  }
  if (next === 44) throw new CaptureError(`${where}: an IPv6 fragment; fragments are not reassembled`);
  return {
    src: bytes.slice(8, 24),
    dst: bytes.slice(24, 40),
    protocol: next,
    headerLength: at,
    totalLength: 40 + view.getUint16(4),
  };
}

/** An IPv6 address in the short form of RFC 5952 (the longest run of zero groups as ::). */
export function formatIpv6(address: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((address[i] ?? 0) << 8) | (address[i + 1] ?? 0));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
