/**
 * The engine's event rate, and the ceiling it is held against: the same connections driven through
 * the reference engine, and through a bare loop that does the same work by hand (one conversation's
 * states, sequence numbers, segments, notices and timers, with nothing looked up or checked). Both
 * run in the same process, in turns, so a machine busy with other work slows them alike and their
 * ratio holds. Wall-clock time is read here, never by the engine.
 */
import { performance } from 'node:perf_hooks';
import { makeConfig } from '../engine/config.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { modules } from '../../solutions/modules.js';

export interface Rate {
  events: number;
  ms: number;
}

/** Segments handed between two engines until neither sends any: the number handed. */
function pumpEngines(a: Engine, b: Engine, t: number): number {
  let events = 0;
  for (let moved = true; moved; ) {
    moved = false;
    for (let seg = a.pollTransmit(); seg; seg = a.pollTransmit()) {
      b.handleSegment(seg, t);
      events++;
      moved = true;
    }
    for (let seg = b.pollTransmit(); seg; seg = b.pollTransmit()) {
      a.handleSegment(seg, t);
      events++;
      moved = true;
    }
  }
  return events;
}

/**
 * `total` connections, two engines back to back per connection, `batch` of them live at once and
 * advanced phase by phase (open, request, reply, close, TIME-WAIT expiry): the cost of the engine
 * without the simulator's event loop.
 */
export function engineOnly(total: number, batch = 1_000): Rate {
  const config = makeConfig('rfc');
  let events = 0;
  let t = 0;
  const start = performance.now();
  const pump = (a: Engine, b: Engine): void => {
    events += pumpEngines(a, b, t);
  };
  for (let done = 0; done < total; done += batch) {
    const pairs: [Engine, Engine][] = [];
    for (let i = 0; i < batch; i++) {
      const a = createEngine(modules, { config, isn: () => 1000 + i });
      const b = createEngine(modules, { config, isn: () => 5000 + i });
      b.handleUserCall({ call: 'OPEN', mode: 'passive' }, t);
      a.handleUserCall({ call: 'OPEN', mode: 'active' }, t);
      events += 2;
      pairs.push([a, b]);
    }
    for (const [a, b] of pairs) pump(a, b);
    t++;
    for (const [a, b] of pairs) {
      a.handleUserCall({ call: 'SEND', data: 'GET / HTTP/1.0' }, t);
      events++;
      pump(a, b);
    }
    t++;
    for (const [a, b] of pairs) {
      b.handleUserCall({ call: 'SEND', data: 'HTTP/1.0 200 OK' }, t);
      events++;
      pump(a, b);
    }
    t++;
    for (const [a, b] of pairs) {
      a.handleUserCall({ call: 'CLOSE' }, t);
      events++;
      pump(a, b);
    }
    t++;
    for (const [a, b] of pairs) {
      b.handleUserCall({ call: 'CLOSE' }, t);
      events++;
      pump(a, b);
    }
    t += 2 * config.mslMs;
    for (const [a, b] of pairs) {
      a.handleTimeout(t);
      events++;
      if (a.state !== 'CLOSED' || b.state !== 'CLOSED') throw new Error('bench: a connection did not close');
    }
  }
  return { events, ms: performance.now() - start };
}

// ---- the ceiling: one conversation written out by hand ----------------------------------------------

interface Flags {
  syn: boolean;
  ack: boolean;
  fin: boolean;
  rst: boolean;
}
interface BareSegment {
  seq: number;
  ack: number;
  wnd: number;
  flags: Flags;
  data: string;
}
type BareNotice = { kind: 'connected' } | { kind: 'closing' } | { kind: 'closed' } | { kind: 'data'; data: string };

const SYN: Flags = Object.freeze({ syn: true, ack: false, fin: false, rst: false });
const SYN_ACK: Flags = Object.freeze({ syn: true, ack: true, fin: false, rst: false });
const ACK: Flags = Object.freeze({ syn: false, ack: true, fin: false, rst: false });
const FIN_ACK: Flags = Object.freeze({ syn: false, ack: true, fin: true, rst: false });

/**
 * An endpoint that knows only this conversation: the same states, TCB variables, segments, notices
 * and timers as the engine's, with the RFC's checks reduced to what the conversation needs (the
 * segment is the next in sequence). What it leaves out is what the engine is for: dispatch through
 * the topic modules, naming every step, checking its inputs and its handlers.
 */
class BareEndpoint {
  state = 'CLOSED';
  snd = { una: 0, nxt: 0, wnd: 0 };
  rcv = { nxt: 0, wnd: 65_535 };
  iss = 0;
  irs = 0;
  sendBuffer = '';
  retransmitAt = Number.NaN;
  timeWaitAt = Number.NaN;
  now = 0;
  readonly outbox: BareSegment[] = [];
  outHead = 0;
  readonly notices: BareNotice[] = [];

  constructor(
    private readonly isn: number,
    private readonly rtoMs: number,
    private readonly mslMs: number,
  ) {}

  private emit(flags: Flags, seq: number, data = ''): void {
    this.outbox.push({ seq, ack: flags.ack ? this.rcv.nxt : 0, wnd: this.rcv.wnd, flags, data });
  }

  poll(): BareSegment | undefined {
    if (this.outHead >= this.outbox.length) return undefined;
    const seg = this.outbox[this.outHead++];
    if (this.outHead === this.outbox.length) {
      this.outbox.length = 0;
      this.outHead = 0;
    }
    return seg;
  }

  open(passive: boolean, now: number): void {
    this.now = now;
    if (passive) {
      this.state = 'LISTEN';
      return;
    }
    this.iss = this.isn;
    this.snd.una = this.iss;
    this.snd.nxt = (this.iss + 1) >>> 0;
    this.emit(SYN, this.iss);
    this.retransmitAt = now + this.rtoMs;
    this.state = 'SYN-SENT';
  }

  send(data: string, now: number): void {
    this.now = now;
    this.sendBuffer += data;
    this.output();
  }

  close(now: number): void {
    this.now = now;
    this.emit(FIN_ACK, this.snd.nxt);
    this.snd.nxt = (this.snd.nxt + 1) >>> 0;
    this.retransmitAt = now + this.rtoMs;
    this.state = this.state === 'CLOSE-WAIT' ? 'LAST-ACK' : 'FIN-WAIT-1';
  }

  timeout(now: number): void {
    if (this.timeWaitAt <= now) {
      this.timeWaitAt = Number.NaN;
      this.state = 'CLOSED';
      this.notices.push({ kind: 'closed' });
    }
  }

  private output(): void {
    if (this.sendBuffer.length === 0) return;
    const data = this.sendBuffer;
    this.sendBuffer = '';
    this.emit(ACK, this.snd.nxt, data);
    this.snd.nxt = (this.snd.nxt + data.length) >>> 0;
    this.retransmitAt = this.now + this.rtoMs;
  }

  segment(seg: BareSegment, now: number): void {
    this.now = now;
    switch (this.state) {
      case 'LISTEN':
        this.irs = seg.seq;
        this.rcv.nxt = (seg.seq + 1) >>> 0;
        this.iss = this.isn;
        this.snd.una = this.iss;
        this.snd.nxt = (this.iss + 1) >>> 0;
        this.emit(SYN_ACK, this.iss);
        this.retransmitAt = now + this.rtoMs;
        this.state = 'SYN-RECEIVED';
        return;
      case 'SYN-SENT':
        this.irs = seg.seq;
        this.rcv.nxt = (seg.seq + 1) >>> 0;
        this.snd.una = seg.ack;
        this.snd.wnd = seg.wnd;
        this.retransmitAt = Number.NaN;
        this.state = 'ESTABLISHED';
        this.notices.push({ kind: 'connected' });
        this.emit(ACK, this.snd.nxt);
        return;
      default:
        break;
    }
    if (seg.seq !== this.rcv.nxt) return;
    if (seg.flags.ack && ((seg.ack - this.snd.una) | 0) > 0) {
      this.snd.una = seg.ack;
      this.snd.wnd = seg.wnd;
      if (this.snd.una === this.snd.nxt) this.retransmitAt = Number.NaN;
      if (this.state === 'SYN-RECEIVED') {
        this.state = 'ESTABLISHED';
        this.notices.push({ kind: 'connected' });
      } else if (this.state === 'FIN-WAIT-1' && this.snd.una === this.snd.nxt) this.state = 'FIN-WAIT-2';
      else if (this.state === 'LAST-ACK' && this.snd.una === this.snd.nxt) {
        this.state = 'CLOSED';
        this.notices.push({ kind: 'closed' });
        return;
      }
    }
    let ackNow = false;
    if (seg.data.length > 0) {
      this.rcv.nxt = (this.rcv.nxt + seg.data.length) >>> 0;
      this.notices.push({ kind: 'data', data: seg.data });
      ackNow = true;
    }
    if (seg.flags.fin) {
      this.rcv.nxt = (this.rcv.nxt + 1) >>> 0;
      ackNow = true;
      if (this.state === 'ESTABLISHED') {
        this.state = 'CLOSE-WAIT';
        this.notices.push({ kind: 'closing' });
      } else if (this.state === 'FIN-WAIT-2') {
        this.state = 'TIME-WAIT';
        this.timeWaitAt = now + 2 * this.mslMs;
      }
    }
    if (ackNow) this.emit(ACK, this.snd.nxt);
  }
}

/** Segments handed between two bare endpoints until neither sends any: the number handed. */
function pumpBare(a: BareEndpoint, b: BareEndpoint, t: number): number {
  let events = 0;
  for (let moved = true; moved; ) {
    moved = false;
    for (let seg = a.poll(); seg; seg = a.poll()) {
      b.segment(seg, t);
      events++;
      moved = true;
    }
    for (let seg = b.poll(); seg; seg = b.poll()) {
      a.segment(seg, t);
      events++;
      moved = true;
    }
  }
  return events;
}

/** The conversation of `engineOnly`, with the same events counted, through `BareEndpoint`s. */
export function bareLoop(total: number, batch = 1_000): Rate {
  const config = makeConfig('rfc');
  let events = 0;
  let t = 0;
  const start = performance.now();
  const pump = (a: BareEndpoint, b: BareEndpoint): void => {
    events += pumpBare(a, b, t);
  };
  for (let done = 0; done < total; done += batch) {
    const pairs: [BareEndpoint, BareEndpoint][] = [];
    for (let i = 0; i < batch; i++) {
      const a = new BareEndpoint(1000 + i, config.initialRtoMs, config.mslMs);
      const b = new BareEndpoint(5000 + i, config.initialRtoMs, config.mslMs);
      b.open(true, t);
      a.open(false, t);
      events += 2;
      pairs.push([a, b]);
    }
    for (const [a, b] of pairs) pump(a, b);
    t++;
    for (const [a, b] of pairs) {
      a.send('GET / HTTP/1.0', t);
      events++;
      pump(a, b);
    }
    t++;
    for (const [a, b] of pairs) {
      b.send('HTTP/1.0 200 OK', t);
      events++;
      pump(a, b);
    }
    t++;
    for (const [a, b] of pairs) {
      a.close(t);
      events++;
      pump(a, b);
    }
    t++;
    for (const [a, b] of pairs) {
      b.close(t);
      events++;
      pump(a, b);
    }
    t += 2 * config.mslMs;
    for (const [a, b] of pairs) {
      a.timeout(t);
      events++;
      if (a.state !== 'CLOSED' || b.state !== 'CLOSED') throw new Error('bench: a bare connection did not close');
    }
  }
  return { events, ms: performance.now() - start };
}

/**
 * The engine's rate and the ceiling's over `connections` each, run in `rounds` short turns (engine,
 * bare loop, engine, ...) after a warm-up, so both meet the same machine: the rates are the events
 * over the time of all turns, the ratio is the median of the turns' ratios.
 */
export function engineAgainstCeiling(connections: number, rounds = 10): { engine: Rate; ceiling: Rate; ratio: number } {
  engineOnly(2_000);
  bareLoop(2_000);
  const engine: Rate = { events: 0, ms: 0 };
  const ceiling: Rate = { events: 0, ms: 0 };
  const ratios: number[] = [];
  const perMs = (r: Rate): number => r.events / r.ms;
  const each = Math.max(1_000, Math.round(connections / rounds / 1_000) * 1_000);
  for (let i = 0; i < rounds; i++) {
    const e = engineOnly(each);
    const c = bareLoop(each);
    if (e.events !== c.events)
      throw new Error(`bench: the engine counted ${e.events} events, the bare loop ${c.events}`);
    engine.events += e.events;
    engine.ms += e.ms;
    ceiling.events += c.events;
    ceiling.ms += c.ms;
    ratios.push(perMs(e) / perMs(c));
  }
  return { engine, ceiling, ratio: [...ratios].sort((a, b) => a - b)[Math.floor(rounds / 2)]! };
}
