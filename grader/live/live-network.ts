/**
 * The simulator's network with one host on a real wire. The host and its engines are the
 * simulator's own (grader/sim/host.ts), so the applications and `ss` listing work unchanged; what
 * they transmit goes out as IPv4 packets instead of onto a virtual link, and packets from the kernel
 * are handed to the host as segments. Time is virtual milliseconds as everywhere else; the driver
 * advances it to the real time elapsed (the engine still reads no clock).
 */
import type { Config } from '../engine/config.js';
import type { Modules } from '../engine/modules.js';
import type { State } from '../engine/types.js';
import type { Host, Socket } from '../sim/host.js';
import { Network, type Packet } from '../sim/network.js';
import { traceSegment, type TraceSegment, type TraceStep } from '../sim/trace.js';
import { WireError } from '../wire/errors.js';
import { buildIpv4, ipv4Address, parseIpv4, PROTOCOL_TCP } from '../wire/ipv4.js';
import { fromEngineSegment, toEngineSegment } from '../wire/segment.js';
import { buildTcp, parseTcp, tcpChecksumOk } from '../wire/tcp.js';
import { contained } from './contain.js';

export interface LiveOptions {
  modules: Modules;
  config: Config;
  /** The engine's address and the kernel's, on the TUN device's subnet. */
  engineAddr: string;
  kernelAddr: string;
  /** Writes one IPv4 packet to the device. */
  send: (packet: Uint8Array) => void;
  /** Told of every packet that crossed the device, either way (for --pcap). */
  onPacket?: (packet: Uint8Array) => void;
  /** Told of every step of the engine and of every segment the kernel sent, as the diagram draws them. */
  onStep?: (step: TraceStep) => void;
  /** How long one input to the engine may take. */
  limitMs: number;
  /** The kernel's state as the diagram's first line shows it: CLOSED when it connects, LISTEN when it serves. */
  kernelStart: State;
}

class WireNetwork extends Network {
  constructor(readonly live: LiveOptions) {
    super({ modules: live.modules, config: live.config, record: true });
  }

  /** What a host transmits leaves through the device, at once. */
  override transmit(_from: Host, packet: Packet): TraceSegment {
    const src = ipv4Address(packet.src.addr);
    const dst = ipv4Address(packet.dst.addr);
    const tcp = buildTcp(
      fromEngineSegment(packet.seg, { srcPort: packet.src.port, dstPort: packet.dst.port }, this.live.config.mss),
      src,
      dst,
    );
    const ip = buildIpv4({ src, dst, protocol: PROTOCOL_TCP, payload: tcp });
    this.live.onPacket?.(ip);
    this.live.send(ip);
    return traceSegment(packet.seg);
  }
}

export class LiveHost {
  readonly net: WireNetwork;
  readonly host: Host;
  /** Packets the kernel sent that were not for us or not TCP (IPv6 router solicitations, ...). */
  ignored = 0;
  /** TCP segments with a wrong checksum, dropped as RFC 9293 §3.1 says a receiver does. */
  badChecksums = 0;
  readonly #live: LiveOptions;
  readonly #engineAddr: Uint8Array;

  constructor(live: LiveOptions) {
    this.#live = live;
    this.net = new WireNetwork(live);
    this.host = this.net.addHost('tcplab', live.engineAddr, 1_000_000);
    this.#engineAddr = ipv4Address(live.engineAddr);
    this.net.onStep = (step) => live.onStep?.(step);
  }

  /** Advance virtual time to `now`, firing every timer that is due. */
  advance(now: number): void {
    if (now <= this.net.now) return;
    contained(
      this.#live.limitMs,
      () => this.net.run(now),
      () => this.#running(),
      `the time advancing to ${now} ms`,
    );
  }

  /** A user call or an application's action on the host, at `now`. */
  act(now: number, what: string, action: () => void): void {
    this.advance(now);
    contained(this.#live.limitMs, action, () => this.#running(), what);
  }

  /** A packet the kernel wrote to the device, at `now`. */
  packet(bytes: Uint8Array, now: number): void {
    let ip;
    try {
      ip = parseIpv4(bytes);
    } catch {
      this.ignored += 1; // IPv6 or something else that is not ours to answer
      return;
    }
    if (ip.protocol !== PROTOCOL_TCP || !ip.checksumOk || ip.dst.join('.') !== this.#engineAddr.join('.')) {
      this.ignored += 1;
      return;
    }
    this.#live.onPacket?.(bytes);
    if (!tcpChecksumOk(ip.payload, ip.src, ip.dst)) {
      this.badChecksums += 1;
      return;
    }
    let tcp;
    try {
      tcp = parseTcp(ip.payload);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      this.ignored += 1; // a header that cannot be read is dropped, as a damaged one would be
      return;
    }
    const seg = toEngineSegment(tcp);
    const src = { addr: ip.src.join('.'), port: tcp.srcPort };
    const dst = { addr: this.#live.engineAddr, port: tcp.dstPort };
    this.advance(now);
    // The kernel's segment as a step of its own, so the diagram draws an arrow from its side.
    const k = this.#live.kernelStart;
    this.#live.onStep?.({
      t: this.net.now,
      side: 'linux',
      conn: `${src.addr}:${src.port}`,
      peer: `${dst.addr}:${dst.port}`,
      event: 'send',
      // The trace format wants a catalogue id; the kernel's steps are only drawn, never judged.
      from: k,
      to: k,
      transition: 'kernel' as TraceStep['transition'],
      rules: [],
      sent: [traceSegment(seg)],
      notices: [],
      timers: { set: [], cancelled: [] },
    });
    const mine = () =>
      this.#running((s) => s.local.port === dst.port && s.remote.addr === src.addr && s.remote.port === src.port);
    contained(
      this.#live.limitMs,
      () => this.host.receive({ src, dst, seg }),
      mine,
      `a segment from the kernel (${traceSegment(seg).flags.join(',')})`,
    );
  }

  /** The module function that ran last on the connection that was busy (the newest one unless told). */
  #running(which?: (socket: Socket) => boolean): string {
    const sockets = this.host.sockets();
    const socket = (which ? sockets.find(which) : undefined) ?? sockets[sockets.length - 1];
    return socket?.engine.running ?? '';
  }
}
