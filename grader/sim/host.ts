/**
 * A simulated host: many connections, each its own engine, demultiplexed by 4-tuple, with a
 * socket-like API for the applications that run on it, and an `ss -tan`-style listing.
 */
import type { AppHost, AppSocket } from '../engine/app.js';
import { createEngine, type Engine, type StepRecord } from '../engine/engine.js';
import type { Notice, Segment, State, UserCall } from '../engine/types.js';
import type { Network, Packet } from './network.js';
import { traceSegment, type SsRow, type TraceStep } from './trace.js';

export type { Endpoint } from '../engine/app.js';
import type { Endpoint } from '../engine/app.js';

/**
 * One input to one of a host's engines, numbered by `conn` in the order the host made them: with the
 * host's ISN sequence, enough to play that host's side again on other code (grader/conformance/replay.ts).
 */
export type EngineInput = { conn: number; t: number } & ({ call: UserCall } | { seg: Segment } | { timeout: true });

/** How far apart the ISNs of one host's successive connections are. */
export const ISN_STEP = 100_000;

const formatEndpoint = (e: Endpoint): string => `${e.addr}:${e.port}`;

export type { SocketEvent } from '../engine/app.js';
import type { SocketEvent } from '../engine/app.js';

export interface SocketOptions {
  keepAlive?: boolean;
  /** Bind this local port instead of picking an ephemeral one. */
  localPort?: number;
}

/** The application's handle on one connection, like a socket. */
export class Socket implements AppSocket {
  readonly local: Endpoint;
  readonly remote: Endpoint;
  /** Data received so far, in order. */
  received = '';
  readonly notices: Notice[] = [];
  readonly #host: Host;
  readonly #listeners = new Map<SocketEvent, ((notice: Notice | undefined) => void)[]>();
  /** @internal */ engine: Engine;
  /** @internal The deadline a wake-up is queued for. */ wakeAt: number | undefined;
  /** @internal The host's number for this connection's engine, from 0. */ readonly conn: number;

  constructor(host: Host, engine: Engine, local: Endpoint, remote: Endpoint, conn: number) {
    this.conn = conn;
    this.#host = host;
    this.engine = engine;
    this.local = local;
    this.remote = remote;
  }

  get state(): State {
    return this.engine.state;
  }

  get id(): string {
    return `${formatEndpoint(this.local)}>${formatEndpoint(this.remote)}`;
  }

  /** Be called on a notice of this kind ('data', 'closing', 'reset', ...) or when the socket closes. */
  on(event: SocketEvent, fn: (notice: Notice | undefined) => void): this {
    const list = this.#listeners.get(event) ?? [];
    list.push(fn);
    this.#listeners.set(event, list);
    return this;
  }

  send(data: string): void {
    this.#host.call(this, { call: 'SEND', data });
  }

  close(): void {
    this.#host.call(this, { call: 'CLOSE' });
  }

  abort(): void {
    this.#host.call(this, { call: 'ABORT' });
  }

  /** @internal */ emit(event: SocketEvent, notice: Notice | undefined): void {
    if (notice?.kind === 'data') this.received += notice.data;
    if (notice) this.notices.push(notice);
    for (const fn of this.#listeners.get(event) ?? []) fn(notice);
  }
}

interface Listener {
  port: number;
  options: SocketOptions;
  onConnection: (socket: Socket) => void;
}

const EPHEMERAL_FIRST = 32768; // Linux net.ipv4.ip_local_port_range = 32768 60999
const EPHEMERAL_LAST = 60999;

export class Host implements AppHost {
  readonly name: string;
  readonly address: string;
  readonly #net: Network;
  readonly #sockets = new Map<string, Socket>();
  readonly #listeners = new Map<number, Listener>();
  /** The ISN of the host's first connection; each later one adds ISN_STEP. */
  readonly isnBase: number;
  #isnNext: number;
  #engines = 0;
  #nextPort = EPHEMERAL_FIRST;

  constructor(net: Network, name: string, address: string, isnBase: number) {
    this.#net = net;
    this.name = name;
    this.address = address;
    this.isnBase = isnBase >>> 0;
    this.#isnNext = this.isnBase;
  }

  /** Listen on a port (passive OPEN); each arriving SYN gets its own engine, as Linux clones a listener. */
  listen(port: number, onConnection: (socket: Socket) => void, options: SocketOptions = {}): void {
    if (this.#listeners.has(port)) throw new Error(`${this.name}: port ${port} is already listening`);
    this.#listeners.set(port, { port, options, onConnection });
  }

  /** Stop listening (existing connections carry on). */
  unlisten(port: number): void {
    this.#listeners.delete(port);
  }

  /** Active OPEN from an ephemeral port to `remote`. */
  connect(remote: Endpoint, options: SocketOptions = {}): Socket {
    const port = options.localPort ?? this.#freePort(remote);
    const socket = this.#newSocket({ addr: this.address, port }, remote);
    this.call(socket, { call: 'OPEN', mode: 'active', ...(options.keepAlive ? { keepAlive: true } : {}) });
    return socket;
  }

  sockets(): Socket[] {
    return [...this.#sockets.values()];
  }

  /** This host's sockets like `ss -tan`: listeners first, then connections by local port. */
  ss(): SsRow[] {
    const rows: SsRow[] = [...this.#listeners.keys()]
      .sort((a, b) => a - b)
      .map((port) => ({
        host: this.name,
        state: 'LISTEN' as State,
        local: `${this.address}:${port}`,
        peer: '*:*',
      }));
    const conns = this.sockets().sort((a, b) => a.local.port - b.local.port || a.remote.port - b.remote.port);
    for (const s of conns)
      rows.push({ host: this.name, state: s.state, local: formatEndpoint(s.local), peer: formatEndpoint(s.remote) });
    return rows;
  }

  /** @internal A user call on one socket, at the network's current time. */
  call(socket: Socket, call: UserCall): void {
    this.#injected = false;
    this.#net.onInput?.(this, { conn: socket.conn, t: this.#net.now, call });
    socket.engine.handleUserCall(call, this.#net.now);
    this.#settle(socket);
  }

  /** @internal A segment has arrived for this host. */
  receive(packet: Packet): void {
    this.#injected = packet.injected === true;
    const now = this.#net.now;
    const key = keyOf(packet.dst, packet.src);
    let socket = this.#sockets.get(key);
    if (!socket) {
      const listener = this.#listeners.get(packet.dst.port);
      if (listener) {
        socket = this.#newSocket(packet.dst, packet.src);
        const open: UserCall = {
          call: 'OPEN',
          mode: 'passive',
          ...(listener.options.keepAlive ? { keepAlive: true } : {}),
        };
        this.#net.onInput?.(this, { conn: socket.conn, t: now, call: open });
        socket.engine.handleUserCall(open, now);
        socket.on('connected', () => listener.onConnection(socket!));
      } else {
        // No socket and no listener: an engine in CLOSED answers (RFC 9293 §3.10.7.1) and is forgotten.
        socket = this.#newSocket(packet.dst, packet.src);
      }
    }
    this.#net.onInput?.(this, { conn: socket.conn, t: now, seg: packet.seg });
    socket.engine.handleSegment(packet.seg, now);
    this.#settle(socket);
  }

  /** @internal A deadline of this socket's engine may be due (stale wake-ups are ignored). */
  fireTimers(socket: Socket, now: number): void {
    if (this.#sockets.get(keyOf(socket.local, socket.remote)) !== socket) return;
    this.#injected = false;
    const due = socket.engine.pollTimeout();
    if (due !== undefined && due <= now) {
      socket.wakeAt = undefined;
      this.#net.onInput?.(this, { conn: socket.conn, t: now, timeout: true });
      socket.engine.handleTimeout(now);
      this.#settle(socket);
    }
  }

  #newSocket(local: Endpoint, remote: Endpoint): Socket {
    const net = this.#net;
    let socket: Socket | undefined;
    const engine = createEngine(net.modulesFor?.(this.name) ?? net.modules, {
      config: net.config,
      // Each connection gets a distinct, reproducible ISN; RFC 9293 §3.4.1 wants them hard to guess,
      // the simulator wants them easy to read.
      isn: () => {
        const iss = this.#isnNext;
        this.#isnNext = (this.#isnNext + ISN_STEP) >>> 0;
        return iss;
      },
      ...(net.record ? { onStep: (step: StepRecord) => this.#record(socket!, step) } : {}),
    });
    socket = new Socket(this, engine, local, remote, this.#engines++);
    this.#sockets.set(keyOf(local, remote), socket);
    return socket;
  }

  readonly #pending: { socket: Socket; step: StepRecord }[] = [];
  #injected = false;

  #record(socket: Socket, step: StepRecord): void {
    this.#pending.push({ socket, step });
  }

  /** After an engine event: put its segments on the wire, record its steps, tell the application. */
  #settle(socket: Socket): void {
    const net = this.#net;
    net.events += 1;
    const engine = socket.engine;
    const sentRecords = net.record ? new Map<object, ReturnType<typeof traceSegment>>() : undefined;
    for (let seg = engine.pollTransmit(); seg; seg = engine.pollTransmit()) {
      const record = net.transmit(this, { src: socket.local, dst: socket.remote, seg }, engine.state);
      sentRecords?.set(seg, record);
    }
    if (sentRecords) {
      for (const { socket: s, step } of this.#pending.splice(0)) {
        const record: TraceStep = {
          t: step.t,
          side: this.name,
          conn: formatEndpoint(s.local),
          peer: formatEndpoint(s.remote),
          event: step.event,
          ...(step.input.kind === 'segment'
            ? { segment: { ...traceSegment(step.input.segment), ...(this.#injected ? { injected: true } : {}) } }
            : {}),
          from: step.from,
          to: step.to,
          transition: step.transition,
          rules: step.rules,
          sent: step.sent.map((seg) => sentRecords.get(seg) ?? traceSegment(seg)),
          notices: step.notices,
          timers: step.timers,
          running: step.running,
          tcb: step.tcb,
        };
        net.steps.push(record);
        net.onStep?.(record);
      }
    }
    const deadline = engine.pollTimeout();
    if (deadline !== undefined && deadline !== socket.wakeAt) {
      socket.wakeAt = deadline;
      net.wake(this, socket, deadline);
    }
    // A connection is gone once CLOSED, or when a listener's clone falls back to LISTEN.
    const gone = engine.state === 'CLOSED' || engine.state === 'LISTEN';
    if (gone) this.#sockets.delete(keyOf(socket.local, socket.remote));
    for (let n = engine.pollNotice(); n; n = engine.pollNotice()) socket.emit(n.kind, n);
    if (gone) socket.emit('closed', undefined);
  }

  #freePort(remote: Endpoint): number {
    for (let tries = 0; tries <= EPHEMERAL_LAST - EPHEMERAL_FIRST; tries++) {
      const port = this.#nextPort;
      this.#nextPort = port === EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
      if (!this.#sockets.has(keyOf({ addr: this.address, port }, remote))) return port;
    }
    throw new Error(
      `${this.name}: no free ephemeral port towards ${formatEndpoint(remote)} (all ${EPHEMERAL_LAST - EPHEMERAL_FIRST + 1} in use, TIME-WAIT included)`,
    );
  }
}

function keyOf(local: Endpoint, remote: Endpoint): string {
  return `${local.port}|${remote.addr}|${remote.port}`;
}
