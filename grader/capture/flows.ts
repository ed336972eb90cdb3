/**
 * TCP flows in a capture, and each side's own view of one.
 *
 * A flow is one connection: its two endpoints, from its SYN on. The same pair of endpoints makes a
 * new flow when a SYN with a new ISN follows a FIN or RST (a SYN to a TIME-WAIT socket, RFC 9293
 * §3.10.7.4 and RFC 6191). The client is the side that sent the first SYN without ACK.
 *
 * A capture taken on a router's two interfaces (tcpdump -i any) holds each packet twice, once per
 * interface, and a packet lost between them once. A side's view is then the interface nearest to
 * it: the one where that side's first segment was seen first. There, what the side sent is all it
 * sent, and what came to it is all it received.
 */
import { CaptureError } from './errors.js';
import type { TcpPacket } from './packets.js';

export type Side = 'client' | 'server';
export const SIDES: readonly Side[] = ['client', 'server'];

export interface Flow {
  /** 1-based, in the order flows start. */
  id: number;
  client: string;
  server: string;
  segments: TcpPacket[];
  /** The views (interfaces) the flow was seen on, in order of first appearance. */
  views: string[];
  /** The first segment is a SYN: the flow can be replayed from its start. */
  fromSyn: boolean;
}

const isSyn = (p: TcpPacket): boolean => p.tcp.flags.syn && !p.tcp.flags.ack;

export function findFlows(segments: readonly TcpPacket[]): Flow[] {
  const flows: Flow[] = [];
  const current = new Map<string, { flow: Flow; isn: number; ended: boolean }>();
  for (const p of segments) {
    const key = [p.src, p.dst].sort().join(' ');
    let entry = current.get(key);
    if (entry && isSyn(p) && p.tcp.seq !== entry.isn && entry.ended) entry = undefined;
    if (!entry) {
      const flow: Flow = {
        id: flows.length + 1,
        client: isSyn(p) ? p.src : p.src,
        server: p.dst,
        segments: [],
        views: [],
        fromSyn: isSyn(p),
      };
      flows.push(flow);
      entry = { flow, isn: isSyn(p) ? p.tcp.seq : -1, ended: false };
      current.set(key, entry);
    }
    entry.flow.segments.push(p);
    if (!entry.flow.views.includes(p.view)) entry.flow.views.push(p.view);
    if (p.tcp.flags.fin || p.tcp.flags.rst) entry.ended = true;
  }
  return flows;
}

/** The flow to replay: `chosen` (1-based) or the only one. */
export function chooseFlow(flows: readonly Flow[], chosen: number | undefined, file: string): Flow {
  if (flows.length === 0) throw new CaptureError(`${file}: no TCP segment in the capture`);
  if (chosen === undefined && flows.length > 1) {
    throw new CaptureError(`${file} holds ${flows.length} TCP flows; choose one with --flow N:\n${flowListing(flows)}`);
  }
  const flow = flows[(chosen ?? 1) - 1];
  if (!flow)
    throw new CaptureError(
      `--flow ${chosen}: ${file} holds ${flows.length} TCP flow${flows.length === 1 ? '' : 's'}:\n${flowListing(flows)}`,
    );
  if (!flow.fromSyn) {
    const first = flow.segments[0]!;
    throw new CaptureError(
      `${file}: flow ${flow.id} starts mid-connection (its first segment, packet ${first.n}, has no SYN): replay needs the handshake; capture from before the connection opens`,
    );
  }
  return flow;
}

export function flowListing(flows: readonly Flow[]): string {
  return flows
    .map((f) => {
      const first = f.segments[0]!;
      const last = f.segments[f.segments.length - 1]!;
      const secs = ((last.t - first.t) / 1000).toFixed(3);
      const start = f.fromSyn ? '' : ', starts mid-connection';
      const views = f.views.length > 1 ? `, seen on ${f.views.join(' and ')}` : '';
      return `  ${f.id}  ${f.client} -> ${f.server}  ${f.segments.length} segments over ${secs} s${start}${views}`;
    })
    .join('\n');
}

/** Segments from one view only: the one nearest `side` (see the file's header). */
export function viewOf(flow: Flow, side: Side): TcpPacket[] {
  const me = side === 'client' ? flow.client : flow.server;
  const mine = flow.segments.find((p) => p.src === me);
  const view =
    flow.views.length <= 1 ? flow.segments : flow.segments.filter((p) => p.view === (mine?.view ?? flow.views[0]!));
  // One view holding the same segment both coming in and going out is a router's capture without
  // interface numbers (tcpdump -i any with LINUX_SLL): what a side sent is what came in from it, what
  // it received is what went out towards it. A segment that came in and never went out was lost.
  const seen = new Map<string, Set<string>>();
  for (const p of view) {
    const k = `${p.src} ${p.tcp.seq} ${p.tcp.ack} ${p.tcp.checksum}`;
    const dirs = seen.get(k) ?? new Set<string>();
    dirs.add(p.direction ?? '');
    seen.set(k, dirs);
  }
  const routed = [...seen.values()].some((d) => d.has('in') && d.has('out'));
  if (!routed) return view;
  return view.filter((p) => (p.src === me ? p.direction === 'in' : p.direction === 'out'));
}
