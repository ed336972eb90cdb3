/**
 * From captured frames to TCP segments with their addresses: the link layer (link.ts), IPv4
 * (grader/wire) or IPv6 (ipv6.ts), then TCP (grader/wire). Packets that are not TCP are skipped.
 * A packet whose payload the snap length cut is kept, its payload length taken from the IP header
 * (the missing octets read as zeros: replay compares lengths, never contents); one whose IP or TCP
 * header was cut is refused, naming the packet.
 */
import { parseIpv4, PROTOCOL_TCP } from '../wire/ipv4.js';
import { parseTcp, type ParsedTcp } from '../wire/tcp.js';
import { WireError } from '../wire/errors.js';
import { CaptureError } from './errors.js';
import { formatIpv6, parseIpv6 } from './ipv6.js';
import { type LinkFrame, linkTypeName, unwrapLink } from './link.js';
import type { CapturedPacket, CaptureFile } from './pcap.js';

export interface TcpPacket {
  /** The packet's number in the file (1-based). */
  n: number;
  /** Milliseconds since the Unix epoch. */
  t: number;
  /** Where it was seen: `if2` (SLL2's index), a pcapng interface name or id, or `-` when the file has one view. */
  view: string;
  direction?: 'in' | 'out';
  src: string;
  dst: string;
  tcp: ParsedTcp;
  /** Payload length from the IP header (the captured payload may be shorter). */
  len: number;
  /** The snap length cut the payload. */
  cut: boolean;
}

export interface DecodedCapture {
  format: 'pcap' | 'pcapng';
  linkTypes: string[];
  packets: number;
  segments: TcpPacket[];
}

function padded(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length >= length) return bytes.subarray(0, length);
  const out = new Uint8Array(length);
  out.set(bytes);
  return out;
}

function endpoint(address: string, port: number, ip: 4 | 6): string {
  return ip === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

export function decodeCapture(capture: CaptureFile, file: string): DecodedCapture {
  const segments: TcpPacket[] = [];
  const linkTypes = new Set<string>();
  for (const p of capture.packets) {
    const where = `${file}: packet ${p.n}`;
    linkTypes.add(linkTypeName(p.linkType));
    const frame = unwrapLink(p.linkType, p.data, where);
    if (frame.ip === undefined) continue;
    try {
      const packet = tcpPacket(capture, p, { ...frame, ip: frame.ip }, where);
      if (packet) segments.push(packet);
    } catch (e) {
      if (e instanceof WireError) throw new CaptureError(`${where}: ${e.message}`);
      throw e;
    }
  }
  return { format: capture.format, linkTypes: [...linkTypes], packets: capture.packets.length, segments };
}

type Frame = LinkFrame & { ip: 4 | 6 };

/** One IP packet's TCP segment, or undefined when it carries another protocol. */
function tcpPacket(capture: CaptureFile, p: CapturedPacket, frame: Frame, where: string): TcpPacket | undefined {
  // Octets the link header took, so the IP lengths can be checked against what was captured.
  const linkOctets = p.data.length - frame.payload.length;
  const cut = p.origLen > p.data.length;
  const ip = ipLayer(p, frame, where, cut);
  if (!ip) return undefined;
  const captured = frame.payload.length - ip.header;
  if (captured < 20 || captured < ((frame.payload[ip.header + 12] ?? 0) >> 4) * 4) {
    throw new CaptureError(
      `${where}: the snap length cut the TCP header (${p.data.length} octets kept: ${linkOctets} link, ${ip.header} IP, ${Math.max(captured, 0)} TCP); capture again with a larger snap length (tcpdump -s 128 or more)`,
    );
  }
  const tcp = parseTcp(ip.tcpBytes);
  return {
    n: p.n,
    t: p.t,
    view:
      frame.ifindex !== undefined
        ? `if${frame.ifindex}`
        : (p.ifaceName ?? (capture.format === 'pcapng' ? `interface ${p.iface}` : '-')),
    ...(frame.direction !== undefined ? { direction: frame.direction } : {}),
    src: endpoint(ip.src, tcp.srcPort, frame.ip),
    dst: endpoint(ip.dst, tcp.dstPort, frame.ip),
    tcp,
    len: tcp.payload.length,
    cut,
  };
}

/** The IPv4 or IPv6 header read: addresses, its length and the TCP octets; undefined when it is not TCP. */
function ipLayer(
  p: CapturedPacket,
  frame: Frame,
  where: string,
  cut: boolean,
): { src: string; dst: string; header: number; tcpBytes: Uint8Array } | undefined {
  if (frame.ip === 4) {
    if (frame.payload.length < 20)
      throw new CaptureError(`${where}: the snap length (${p.data.length} octets kept) cut the IPv4 header`);
    const view = new DataView(frame.payload.buffer, frame.payload.byteOffset, frame.payload.byteLength);
    const total = view.getUint16(2);
    if (total > frame.payload.length && !cut) {
      throw new CaptureError(
        `${where}: IPv4 total length ${total}, but the packet holds ${frame.payload.length} octets`,
      );
    }
    const ip = parseIpv4(padded(frame.payload, total));
    if (ip.protocol !== PROTOCOL_TCP) return undefined;
    return { src: [...ip.src].join('.'), dst: [...ip.dst].join('.'), header: ip.headerLength, tcpBytes: ip.payload };
  }
  const ip = parseIpv6(frame.payload, where);
  if (ip.protocol !== PROTOCOL_TCP) return undefined;
  return {
    src: formatIpv6(ip.src),
    dst: formatIpv6(ip.dst),
    header: ip.headerLength,
    tcpBytes: padded(frame.payload, ip.totalLength).subarray(ip.headerLength),
  };
}
