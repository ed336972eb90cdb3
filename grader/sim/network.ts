/**
 * The virtual network: hosts joined by links with per-direction delay, jitter (which reorders),
 * loss, duplication and scripted drops, all on one virtual clock. A discrete-event loop, like
 * quinn-proto's test `Pair`: take the earliest of (arrival, scheduled action, engine deadline),
 * handle it, repeat; stop at a time or step bound so a livelock fails instead of hanging.
 */
import type { Config, ProfileName } from '../engine/config.js';
import type { Modules } from '../engine/modules.js';
import { flagNames } from '../engine/tcb.js';
import type { Ctl, Segment, State } from '../engine/types.js';
import { EventHeap } from './heap.js';
import { Host, type EngineInput, type Endpoint, type Socket } from './host.js';
import { createRng, type Rng } from './rng.js';
import { traceSegment, type SsRow, type TraceSegment, type TraceStep } from './trace.js';

export interface LinkFaults {
  /** One-way delay in ms. */
  delayMs: number;
  /** Extra delay drawn uniformly from 0..jitterMs per segment; segments may overtake each other. */
  jitterMs: number;
  /** Probability that a segment is lost. */
  loss: number;
  /** Probability that a segment is delivered twice. */
  duplicate: number;
}

/** "Drop the nth segment with exactly these flags sent by this host (optionally: while in this state)." */
export interface ScriptedDrop {
  from: string;
  flags: Ctl;
  nth?: number;
  /** Only count segments sent by a connection that is in this state after the step. */
  state?: State;
}

export interface NetworkOptions {
  modules: Modules;
  /** A different module set for some hosts (a candidate on one side, the reference on the other). */
  modulesFor?: (hostName: string) => Modules | undefined;
  config: Config;
  profile?: ProfileName;
  seed?: number;
  /** Faults for segments sent by each host, by host name; hosts not named get `defaultFaults`. */
  faults?: Record<string, Partial<LinkFaults>>;
  defaultFaults?: Partial<LinkFaults>;
  drops?: ScriptedDrop[];
  /** Record every step (needed for traces and diagrams). */
  record?: boolean;
}

export interface Packet {
  src: Endpoint;
  dst: Endpoint;
  seg: Segment;
  /** Forged by the scenario (an attacker or an old duplicate), not sent by any engine. */
  injected?: boolean;
}

type Event =
  | { kind: 'arrive'; packet: Packet }
  | { kind: 'action'; run: () => void }
  | { kind: 'timer'; host: Host; socket: Socket };

export class SimulationError extends Error {
  override name = 'SimulationError';
}

/** Returned by `transmit` when steps are not recorded (benchmarks): nothing reads it. */
const NOT_RECORDED: TraceSegment = Object.freeze({ flags: [], seq: 0, ack: 0, len: 0, dropped: false }) as TraceSegment;

const NO_FAULTS: LinkFaults = { delayMs: 1, jitterMs: 0, loss: 0, duplicate: 0 };

export class Network {
  readonly modules: Modules;
  readonly modulesFor: ((hostName: string) => Modules | undefined) | undefined;
  readonly config: Config;
  readonly seed: number;
  readonly steps: TraceStep[] = [];
  /** Told of every step as it is recorded. */
  onStep: ((step: TraceStep) => void) | undefined;
  /** Told of every input a host hands one of its engines, before the engine handles it. */
  onInput: ((host: Host, input: EngineInput) => void) | undefined;
  readonly record: boolean;
  now = 0;
  /** Engine events handled so far (for the benchmark and the step bound). */
  events = 0;

  readonly #hosts = new Map<string, Host>();
  readonly #byName = new Map<string, Host>();
  readonly #queue = new EventHeap<Event>();
  readonly #rng: Rng;
  readonly #faults: Record<string, Partial<LinkFaults>>;
  readonly #defaultFaults: LinkFaults;
  readonly #drops: { rule: ScriptedDrop; seen: number }[];
  readonly #cut = new Set<string>();

  constructor(options: NetworkOptions) {
    this.modules = options.modules;
    this.modulesFor = options.modulesFor;
    this.config = options.config;
    this.seed = options.seed ?? 1;
    this.record = options.record ?? true;
    this.#rng = createRng(this.seed);
    this.#faults = options.faults ?? {};
    this.#defaultFaults = { ...NO_FAULTS, ...options.defaultFaults };
    this.#drops = (options.drops ?? []).map((rule) => ({ rule, seen: 0 }));
  }

  /** Add a host; `isnBase` seeds its initial sequence numbers (deterministic, distinct per host). */
  addHost(name: string, address: string, isnBase = 0): Host {
    if (this.#byName.has(name)) throw new SimulationError(`host name '${name}' is already used`);
    const host = new Host(this, name, address, isnBase);
    this.#hosts.set(address, host);
    this.#byName.set(name, host);
    return host;
  }

  host(name: string): Host {
    const host = this.#byName.get(name);
    if (!host) throw new SimulationError(`no host named '${name}'`);
    return host;
  }

  /** Run `fn` at virtual time `at` (absolute ms). */
  at(at: number, fn: () => void): void {
    if (at < this.now) throw new SimulationError(`cannot schedule at ${at} ms: it is already ${this.now} ms`);
    this.#queue.push(at, { kind: 'action', run: fn });
  }

  /** Run `fn` `ms` after now. */
  after(ms: number, fn: () => void): void {
    this.at(this.now + ms, fn);
  }

  /** Called by hosts whenever an engine's earliest deadline may have changed. */
  wake(host: Host, socket: Socket, at: number): void {
    this.#queue.push(at, { kind: 'timer', host, socket });
  }

  /** Put a segment on the wire; returns how the trace should record it. */
  transmit(from: Host, packet: Packet, senderState: State): TraceSegment {
    const faults = this.#faultsOf(from.name);
    let dropped =
      (this.#cut.size > 0 && (this.#cut.has(packet.src.addr) || this.#cut.has(packet.dst.addr))) ||
      (this.#drops.length > 0 && this.#scriptedDrop(from.name, packet.seg, senderState));
    if (!dropped && faults.loss > 0 && this.#rng.float() < faults.loss) dropped = true;
    const record = this.record ? traceSegment(packet.seg, dropped) : NOT_RECORDED;
    if (dropped) return record;
    this.#queue.push(this.now + this.#delay(faults), { kind: 'arrive', packet });
    if (faults.duplicate > 0 && this.#rng.float() < faults.duplicate) {
      this.#queue.push(this.now + this.#delay(faults), { kind: 'arrive', packet });
      if (this.record) record.duplicated = true;
    }
    return record;
  }

  #delay(faults: LinkFaults): number {
    return faults.delayMs + (faults.jitterMs > 0 ? this.#rng.int(0, faults.jitterMs) : 0);
  }

  readonly #faultCache = new Map<string, LinkFaults>();

  #faultsOf(host: string): LinkFaults {
    let faults = this.#faultCache.get(host);
    if (!faults) this.#faultCache.set(host, (faults = { ...this.#defaultFaults, ...this.#faults[host] }));
    return faults;
  }

  /** From now on, every segment to or from this host is lost (it crashed or became unreachable). */
  cut(hostName: string): void {
    this.#cut.add(this.host(hostName).address);
  }

  /** Deliver a forged segment at `at` ms, as if an attacker or an old duplicate had sent it. */
  inject(at: number, src: Endpoint, dst: Endpoint, seg: Segment): void {
    this.#queue.push(at, { kind: 'arrive', packet: { src, dst, seg, injected: true } });
  }

  #scriptedDrop(from: string, seg: Segment, state: State): boolean {
    const flags = flagNames(seg.flags).sort().join(',');
    for (const drop of this.#drops) {
      const { rule } = drop;
      if (rule.from !== from || (rule.state && rule.state !== state)) continue;
      if (rule.flags.split(',').filter(Boolean).sort().join(',') !== flags) continue;
      drop.seen += 1;
      if (drop.seen === (rule.nth ?? 1)) return true;
    }
    return false;
  }

  /**
   * Run until nothing is left to do, virtual time passes `untilMs`, or `maxEvents` engine events
   * have been handled (then throw: a scenario that never settles is a bug, not a hang).
   */
  run(untilMs = Number.POSITIVE_INFINITY, maxEvents = 5_000_000): void {
    for (;;) {
      const next = this.#queue.peek();
      if (!next || next.at > untilMs) break;
      this.#queue.pop();
      this.now = Math.max(this.now, next.at);
      const event = next.item;
      if (event.kind === 'action') event.run();
      else if (event.kind === 'arrive') this.#deliver(event.packet);
      else event.host.fireTimers(event.socket, this.now);
      if (this.events > maxEvents) {
        throw new SimulationError(
          `stopped after ${maxEvents} engine events at ${this.now} ms: the simulation does not settle`,
        );
      }
    }
    if (untilMs !== Number.POSITIVE_INFINITY && this.now < untilMs) this.now = untilMs;
  }

  #deliver(packet: Packet): void {
    const host = this.#hosts.get(packet.dst.addr);
    if (host) host.receive(packet);
  }

  /** Every socket on every host, like `ss -tan` (listeners included). */
  ss(): SsRow[] {
    return [...this.#byName.values()].flatMap((h) => h.ss());
  }
}
