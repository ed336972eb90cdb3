/**
 * One side of a flow as the capture shows it: what it sent and what it received, in time order,
 * with times in milliseconds from the flow's first segment and windows unscaled (RFC 7323 §2.3:
 * a window scale offered in both SYNs applies to every later segment). This is what the replay
 * feeds the engine and what it compares the engine's segments with.
 */
import type { Segment } from '../engine/types.js';
import type { TcpPacket } from './packets.js';
import { viewOf, type Flow, type Side } from './flows.js';

export interface SideEvent {
  t: number;
  dir: 'sent' | 'received';
  packet: TcpPacket;
  seg: Segment;
}

export interface SideTimeline {
  side: Side;
  me: string;
  peer: string;
  /** Where the capture saw this side's segments (an interface, or `-`). */
  view: string;
  /** Our ISN and the peer's, from the SYNs; undefined when no SYN was seen from that side. */
  iss?: number;
  irs?: number;
  events: SideEvent[];
  /** Milliseconds from the flow's first segment to the end of the capture. */
  end: number;
  /** What the SYNs carried that the engine leaves out (MSS, window scale, SACK permitted, timestamps). */
  synOptions: string[];
}

function wscale(p: TcpPacket | undefined): number | undefined {
  const o = p?.tcp.options.find((x) => x.kind === 'window-scale');
  return o && o.kind === 'window-scale' ? o.shift : undefined;
}

function optionNames(p: TcpPacket): string[] {
  return p.tcp.options.map((o) => {
    switch (o.kind) {
      case 'mss':
        return `MSS ${o.mss}`;
      case 'window-scale':
        return `window scale ${o.shift}`;
      case 'sack-permitted':
        return 'SACK permitted';
      case 'timestamps':
        return 'timestamps';
      case 'sack':
        return 'SACK';
      default:
        return `option ${o.code}`;
    }
  });
}

export function sideTimeline(flow: Flow, side: Side, captureEnd: number): SideTimeline {
  const me = side === 'client' ? flow.client : flow.server;
  const peer = side === 'client' ? flow.server : flow.client;
  const packets = viewOf(flow, side);
  const t0 = flow.segments[0]!.t;
  const mySyn = packets.find((p) => p.src === me && p.tcp.flags.syn);
  const peerSyn = packets.find((p) => p.src === peer && p.tcp.flags.syn);
  const shifts = { mine: wscale(mySyn), peer: wscale(peerSyn) };
  const scaled = shifts.mine !== undefined && shifts.peer !== undefined;
  const events = packets.map((packet): SideEvent => {
    const sent = packet.src === me;
    const shift = scaled && !packet.tcp.flags.syn ? (sent ? shifts.mine! : shifts.peer!) : 0;
    const data = Buffer.from(packet.tcp.payload).toString('latin1').padEnd(packet.len, 'x');
    return {
      t: packet.t - t0,
      dir: sent ? 'sent' : 'received',
      packet,
      seg: {
        seq: packet.tcp.seq,
        ack: packet.tcp.ack,
        // The engine's window field is 16 bits, unscaled: a larger window is the largest it can hold.
        wnd: Math.min(packet.tcp.window * 2 ** shift, 0xffff),
        flags: {
          syn: packet.tcp.flags.syn,
          ack: packet.tcp.flags.ack,
          fin: packet.tcp.flags.fin,
          rst: packet.tcp.flags.rst,
        },
        data,
      },
    };
  });
  const synOptions = [...new Set([...(mySyn ? optionNames(mySyn) : []), ...(peerSyn ? optionNames(peerSyn) : [])])];
  return {
    side,
    me,
    peer,
    view: packets.find((p) => p.src === me)?.view ?? packets[0]?.view ?? '-',
    ...(mySyn ? { iss: mySyn.tcp.seq } : {}),
    ...(peerSyn ? { irs: peerSyn.tcp.seq } : {}),
    events,
    end: captureEnd - t0,
    synOptions,
  };
}
