/**
 * Reading capture files: classic pcap (the format tcpdump -w writes) and pcapng (Wireshark's), in
 * either byte order, with microsecond or nanosecond times (pcap) or any if_tsresol (pcapng). Only
 * the records are read here; what is in them is link.ts's business.
 *
 * pcap: a 24-octet file header (magic, version, snaplen, link type), then per packet a 16-octet
 * record header (seconds, fraction, captured length, original length) and the captured octets.
 * pcapng: blocks of (type, total length, body, total length again). Read: the Section Header (byte
 * order), Interface Description (link type, snaplen, if_name, if_tsresol), Enhanced Packet and
 * Simple Packet blocks; every other block is skipped by its length.
 */
import { CaptureError } from './errors.js';

export interface CapturedPacket {
  /** 1-based, in file order, as tcpdump -r and Wireshark number them. */
  n: number;
  /** Capture time in milliseconds since the Unix epoch (fractional). */
  t: number;
  linkType: number;
  /** pcapng: the interface id; pcap: 0. (SLL2's own interface index is read by link.ts.) */
  iface: number;
  ifaceName?: string;
  /** The octets captured, at most the snap length. */
  data: Uint8Array;
  /** The packet's length on the wire; more than data.length when the snap length cut it. */
  origLen: number;
}

export interface CaptureFile {
  format: 'pcap' | 'pcapng';
  packets: CapturedPacket[];
}

const PCAPNG_SHB = 0x0a0d0d0a;

export function readCapture(bytes: Uint8Array, file: string): CaptureFile {
  if (bytes.length < 4)
    throw new CaptureError(`${file}: ${bytes.length} octets, too short to be a pcap or pcapng file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, false) === PCAPNG_SHB) return { format: 'pcapng', packets: readPcapng(view, file) };
  return { format: 'pcap', packets: readPcap(view, file) };
}

/** pcap magic numbers and the units of their fractional seconds per millisecond (µs, ns). */
const MAGICS = new Map<number, number>([
  [0xa1b2c3d4, 1e3],
  [0xa1b23c4d, 1e6],
]);

function readPcap(view: DataView, file: string): CapturedPacket[] {
  const be = view.getUint32(0, false);
  const le = view.getUint32(0, true);
  const little = MAGICS.has(le);
  const perMs = MAGICS.get(be) ?? MAGICS.get(le);
  if (perMs === undefined) {
    const hex = be.toString(16).padStart(8, '0');
    throw new CaptureError(
      `${file}: not a pcap or pcapng file (magic number 0x${hex} at octet 0; pcap starts a1b2c3d4 or a1b23c4d, pcapng 0a0d0d0a)`,
    );
  }
  if (view.byteLength < 24)
    throw new CaptureError(`${file}: truncated pcap file header (${view.byteLength} of 24 octets)`);
  // The upper bits of the link-type field may carry FCS information (pcap-savefile(5)).
  const linkType = view.getUint32(20, little) & 0x0fffffff;
  const packets: CapturedPacket[] = [];
  let at = 24;
  while (at < view.byteLength) {
    const n = packets.length + 1;
    if (at + 16 > view.byteLength)
      throw new CaptureError(
        `${file}: truncated at packet ${n}: its record header needs 16 octets at octet ${at}, the file ends at ${view.byteLength}`,
      );
    const sec = view.getUint32(at, little);
    const frac = view.getUint32(at + 4, little);
    const capLen = view.getUint32(at + 8, little);
    const origLen = view.getUint32(at + 12, little);
    if (at + 16 + capLen > view.byteLength) {
      throw new CaptureError(
        `${file}: truncated at packet ${n}: ${capLen} octets announced at octet ${at + 8}, ${view.byteLength - at - 16} left in the file`,
      );
    }
    const data = new Uint8Array(view.buffer, view.byteOffset + at + 16, capLen).slice();
    packets.push({ n, t: sec * 1000 + frac / perMs, linkType, iface: 0, data, origLen });
    at += 16 + capLen;
  }
  return packets;
}

interface Interface {
  linkType: number;
  name?: string;
  /** Timestamp units per millisecond. */
  perMs: number;
}

function readPcapng(view: DataView, file: string): CapturedPacket[] {
  const packets: CapturedPacket[] = [];
  let interfaces: Interface[] = [];
  let little = true;
  let at = 0;
  while (at < view.byteLength) {
    if (at + 12 > view.byteLength) throw new CaptureError(`${file}: truncated pcapng block at octet ${at}`);
    const type = view.getUint32(at, little);
    if (type === PCAPNG_SHB) {
      const magic = view.getUint32(at + 8, true);
      if (magic === 0x1a2b3c4d) little = true;
      else if (magic === 0x4d3c2b1a) little = false;
      else
        throw new CaptureError(
          `${file}: pcapng section at octet ${at} has byte-order magic 0x${magic.toString(16)}, expected 1a2b3c4d`,
        );
      interfaces = []; // interface ids are per section
    }
    const length = view.getUint32(at + 4, little);
    if (length < 12 || length % 4 !== 0 || at + length > view.byteLength) {
      throw new CaptureError(
        `${file}: truncated or damaged pcapng block at octet ${at}: length ${length}, ${view.byteLength - at} octets left`,
      );
    }
    const body = at + 8;
    if (type === 1) interfaces.push(readInterface(view, body, at + length - 4, little));
    else if (type === 6 || type === 3)
      packets.push(readPacket(view, { at, length, simple: type === 3 }, interfaces, packets.length + 1, little, file));
    at += length;
  }
  return packets;
}

/** A pcapng Enhanced (6) or Simple (3) Packet Block at `block.at`, numbered `n`. */
function readPacket(
  view: DataView,
  block: { at: number; length: number; simple: boolean },
  interfaces: readonly Interface[],
  n: number,
  little: boolean,
  file: string,
): CapturedPacket {
  const { at, length, simple } = block;
  const body = at + 8;
  const ifaceId = simple ? 0 : view.getUint32(body, little);
  const iface = interfaces[ifaceId];
  if (!iface)
    throw new CaptureError(
      `${file}: packet ${n} (octet ${at}) names interface ${ifaceId}, but the section describes ${interfaces.length}`,
    );
  const capLen = simple ? Math.min(view.getUint32(body, little), length - 16) : view.getUint32(body + 12, little);
  const origLen = simple ? view.getUint32(body, little) : view.getUint32(body + 16, little);
  const dataAt = simple ? body + 4 : body + 20;
  if (dataAt + capLen > at + length - 4)
    throw new CaptureError(`${file}: packet ${n} (octet ${at}) announces ${capLen} octets, more than its block holds`);
  let t = 0;
  if (!simple) {
    const ticks = (BigInt(view.getUint32(body + 4, little)) << 32n) | BigInt(view.getUint32(body + 8, little));
    t = Number(ticks) / iface.perMs;
  }
  const data = new Uint8Array(view.buffer, view.byteOffset + dataAt, capLen).slice();
  return {
    n,
    t,
    linkType: iface.linkType,
    iface: ifaceId,
    ...(iface.name !== undefined ? { ifaceName: iface.name } : {}),
    data,
    origLen,
  };
}

function readInterface(view: DataView, body: number, end: number, little: boolean): Interface {
  const iface: Interface = { linkType: view.getUint16(body, little), perMs: 1e3 };
  let at = body + 8;
  while (at + 4 <= end) {
    const code = view.getUint16(at, little);
    const len = view.getUint16(at + 2, little);
    if (code === 0) break;
    if (code === 2) iface.name = new TextDecoder().decode(new Uint8Array(view.buffer, view.byteOffset + at + 4, len));
    if (code === 9 && len >= 1) {
      // if_tsresol: high bit set means a power of 2, else a power of 10, of the units per second.
      const r = view.getUint8(at + 4);
      const perSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
      iface.perMs = perSecond / 1000;
    }
    at += 4 + Math.ceil(len / 4) * 4;
  }
  return iface;
}
