/**
 * Between the wire and the engine. The engine's Segment has no ports, options or checksum and
 * holds its payload one character per octet; a TCP segment on the wire has all of them.
 * What the engine does not model is dropped on the way in, on purpose:
 * - options: the kernel's SYN offers MSS, window scale, SACK-permitted and timestamps (RFC 7323,
 *   RFC 2018). We answer with MSS only, so by those RFCs the kernel uses none of the others: no
 *   window scaling (its window field is then the plain window), no SACK blocks, no timestamps.
 * - PSH, URG and the ECN bits: the engine treats every segment as pushed and has no urgent data;
 *   a SYN with ECE and CWR asks for ECN, and a SYN-ACK without ECE declines it (RFC 3168 §6.1.1).
 */
import type { Segment } from '../engine/types.js';
import { NO_FLAGS, type ParsedTcp, type TcpOption, type TcpSegment } from './tcp.js';

/** The engine's view of a segment read from the wire. */
export function toEngineSegment(tcp: ParsedTcp | TcpSegment): Segment {
  return {
    seq: tcp.seq,
    ack: tcp.ack,
    wnd: tcp.window,
    flags: { syn: tcp.flags.syn, ack: tcp.flags.ack, fin: tcp.flags.fin, rst: tcp.flags.rst },
    data: Buffer.from(tcp.payload).toString('latin1'),
  };
}

export interface Ports {
  srcPort: number;
  dstPort: number;
}

/**
 * A segment the engine sent, ready for `buildTcp`. A SYN announces `mss` (RFC 9293 §3.7.1; by
 * §3.2 the option goes only on segments with SYN set); the window is capped to the 16 bits of the field, as we never
 * scale it. PSH rides on every segment with data, as Linux sets it.
 */
export function fromEngineSegment(seg: Segment, ports: Ports, mss: number): TcpSegment {
  const options: TcpOption[] = seg.flags.syn ? [{ kind: 'mss', mss: Math.min(mss, 0xffff) }] : [];
  return {
    ...ports,
    seq: seg.seq >>> 0,
    ack: seg.flags.ack ? seg.ack >>> 0 : 0,
    flags: { ...NO_FLAGS, ...seg.flags, psh: seg.data.length > 0 },
    window: Math.min(Math.max(seg.wnd, 0), 0xffff),
    urgent: 0,
    options,
    payload: Buffer.from(seg.data, 'latin1'),
  };
}
