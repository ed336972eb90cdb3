/**
 * The IPv4 header (RFC 791 §3.1), read and written. Only what a TCP endpoint on a point-to-point
 * link needs: no fragments are made, and a fragment is refused when read (the kernel does not
 * fragment a TCP segment on a TUN device with the default MTU).
 */
import { internetChecksum } from './checksum.js';
import { WireError } from './errors.js';

export const PROTOCOL_TCP = 6;

export interface Ipv4Packet {
  /** Source and destination addresses, 4 octets each. */
  src: Uint8Array;
  dst: Uint8Array;
  protocol: number;
  ttl: number;
  /** The identification field. */
  id: number;
  /** Header length in octets (IHL × 4). */
  headerLength: number;
  /** The header's checksum field verified. */
  checksumOk: boolean;
  /** What follows the header, up to the total length. */
  payload: Uint8Array;
}

/** Reads an IPv4 packet; throws WireError naming the field when it is not one. */
export function parseIpv4(bytes: Uint8Array): Ipv4Packet {
  if (bytes.length < 20)
    throw new WireError('IPv4', 'header', bytes.length, `${bytes.length} octets, a header needs 20`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint8(0);
  if (first >> 4 !== 4) throw new WireError('IPv4', 'version', 0, `version ${first >> 4}, expected 4`);
  const headerLength = (first & 0x0f) * 4;
  if (headerLength < 20) throw new WireError('IPv4', 'IHL', 0, `header length ${headerLength}, at least 20`);
  const totalLength = view.getUint16(2);
  if (totalLength < headerLength || totalLength > bytes.length) {
    throw new WireError(
      'IPv4',
      'total length',
      2,
      `${totalLength}, but the header is ${headerLength} and the packet ${bytes.length} octets`,
    );
  }
  const fragment = view.getUint16(6);
  // More Fragments set, or a non-zero offset: this is a piece of a datagram.
  if ((fragment & 0x2000) !== 0 || (fragment & 0x1fff) !== 0) {
    throw new WireError('IPv4', 'fragment offset', 6, 'a fragment; fragments are not reassembled');
  }
  return {
    src: bytes.slice(12, 16),
    dst: bytes.slice(16, 20),
    protocol: view.getUint8(9),
    ttl: view.getUint8(8),
    id: view.getUint16(4),
    headerLength,
    checksumOk: internetChecksum(bytes.subarray(0, headerLength)) === 0,
    payload: bytes.slice(headerLength, totalLength),
  };
}

export interface Ipv4Fields {
  src: Uint8Array;
  dst: Uint8Array;
  protocol: number;
  payload: Uint8Array;
  /** 64 unless given (Linux's default, net.ipv4.ip_default_ttl). */
  ttl?: number;
  id?: number;
}

/** Writes an IPv4 packet with a 20-octet header, Don't Fragment set, checksum filled in. */
export function buildIpv4(fields: Ipv4Fields): Uint8Array {
  const total = 20 + fields.payload.length;
  if (total > 0xffff) throw new RangeError(`IPv4 packet of ${total} octets is over 65535`);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint8(0, 0x45);
  view.setUint16(2, total);
  view.setUint16(4, fields.id ?? 0);
  view.setUint16(6, 0x4000); // DF: TCP does its own segmenting (RFC 9293 §3.7.1)
  view.setUint8(8, fields.ttl ?? 64);
  view.setUint8(9, fields.protocol);
  out.set(fields.src, 12);
  out.set(fields.dst, 16);
  view.setUint16(10, internetChecksum(out.subarray(0, 20)));
  out.set(fields.payload, 20);
  return out;
}

/** `10.77.0.2` → its 4 octets; throws on anything else. */
export function ipv4Address(text: string): Uint8Array {
  const parts = text.split('.');
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (octets.length !== 4 || octets.some((o) => !(o >= 0 && o <= 255))) {
    throw new RangeError(`not an IPv4 address: ${JSON.stringify(text)}`);
  }
  return Uint8Array.from(octets);
}

/** 4 octets → `10.77.0.2`. */
export function formatIpv4(address: Uint8Array): string {
  return Array.from(address).join('.');
}
