/**
 * Link layers: from a captured frame to the IP packet inside it. The link types are those of
 * tcpdump's LINKTYPE_ list (https://www.tcpdump.org/linktypes.html):
 *
 *   0 NULL, 108 LOOP    BSD loopback: a 4-octet address family (host order for NULL, network for LOOP)
 *   1 ETHERNET          14 octets, the EtherType last; 802.1Q / 802.1ad tags of 4 octets stepped over
 *   12, 14, 101 RAW     no header: the IP version is the first nibble (tcplab live writes 101)
 *   113 LINUX_SLL       Linux cooked v1 (tcpdump -i any, older): 16 octets, protocol at 14
 *   228 IPV4, 229 IPV6  no header, one version only
 *   276 LINUX_SLL2      Linux cooked v2 (tcpdump -i any): 20 octets, protocol at 0, interface index at 4,
 *                       packet type at 10 (0 to us, 4 sent by us)
 */
import { CaptureError } from './errors.js';

export interface LinkFrame {
  /** 4 or 6; anything else (ARP, ...) is not IP and is skipped. */
  ip: 4 | 6 | undefined;
  payload: Uint8Array;
  /** The interface the packet was seen on, where the link header says (SLL2). */
  ifindex?: number;
  /** Which way it went on that interface, where the link header says (SLL, SLL2). */
  direction?: 'in' | 'out';
}

export const LINK_TYPE_NAMES: Record<number, string> = {
  0: 'NULL',
  1: 'ETHERNET',
  12: 'RAW',
  14: 'RAW',
  101: 'RAW',
  108: 'LOOP',
  113: 'LINUX_SLL',
  228: 'IPV4',
  229: 'IPV6',
  276: 'LINUX_SLL2',
};

export function linkTypeName(linkType: number): string {
  return LINK_TYPE_NAMES[linkType] ?? String(linkType);
}

/** EtherType to IP version: 0x0800 IPv4, 0x86dd IPv6. */
const ETHERTYPE = new Map<number, 4 | 6>([
  [0x0800, 4],
  [0x86dd, 6],
]);

function byVersion(payload: Uint8Array): LinkFrame {
  const v = (payload[0] ?? 0) >> 4;
  return { ip: v === 4 || v === 6 ? v : undefined, payload };
}

/** BSD address families for IPv6 differ by system (24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS). */
function byFamily(family: number, payload: Uint8Array): LinkFrame {
  if (family === 2) return { ip: 4, payload };
  if (family === 24 || family === 28 || family === 30) return { ip: 6, payload };
  return { ip: undefined, payload };
}

function need(frame: Uint8Array, octets: number, what: string, where: string): void {
  if (frame.length < octets)
    throw new CaptureError(`${where}: the ${what} header needs ${octets} octets, the snap length kept ${frame.length}`);
}

/** The IP packet in `frame`; `where` names the packet in messages. */
export function unwrapLink(linkType: number, frame: Uint8Array, where: string): LinkFrame {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  switch (linkType) {
    case 0:
    case 108: {
      need(frame, 4, 'loopback', where);
      const family =
        linkType === 108 ? view.getUint32(0, false) : Math.min(view.getUint32(0, true), view.getUint32(0, false));
      return byFamily(family, frame.subarray(4));
    }
    case 1: {
      need(frame, 14, 'Ethernet', where);
      let at = 12;
      let type = view.getUint16(at);
      while (type === 0x8100 || type === 0x88a8) {
        at += 4;
        need(frame, at + 2, 'Ethernet VLAN', where);
        type = view.getUint16(at);
      }
      return { ip: ETHERTYPE.get(type), payload: frame.subarray(at + 2) };
    }
    case 12:
    case 14:
    case 101:
      return byVersion(frame);
    case 228:
      return { ip: 4, payload: frame };
    case 229:
      return { ip: 6, payload: frame };
    case 113: {
      need(frame, 16, 'Linux cooked (SLL)', where);
      const type = view.getUint16(0);
      return {
        ip: ETHERTYPE.get(view.getUint16(14)),
        payload: frame.subarray(16),
        direction: type === 4 ? 'out' : 'in',
      };
    }
    case 276: {
      need(frame, 20, 'Linux cooked v2 (SLL2)', where);
      const type = view.getUint8(10);
      return {
        ip: ETHERTYPE.get(view.getUint16(0)),
        payload: frame.subarray(20),
        ifindex: view.getUint32(4),
        direction: type === 4 ? 'out' : 'in',
      };
    }
    default:
      throw new CaptureError(
        `${where}: unknown link type ${linkType}; replay reads ${[...new Set(Object.values(LINK_TYPE_NAMES))].join(', ')}`,
      );
  }
}
