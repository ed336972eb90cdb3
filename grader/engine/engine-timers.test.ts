/**
 * The engine's timers, held to a plain model of them: a Map from name to deadline, started in order.
 * Through whole conversations on the reference (handshake, data, close through TIME-WAIT, an abort,
 * keepalive probes, a peer that stops answering), after every step: `timer(name)` and `pollTimeout()`
 * say what the model holds, the steps that expire timers fire the earliest first, and a step that
 * ends the connection cancels every running timer, listed in the order they were started (a timer
 * set again keeps its place).
 */
import { describe, expect, it } from 'vitest';
import { makeConfig } from './config.js';
import { createEngine, type Engine, type StepRecord } from './engine.js';
import { TIMER_NAMES, type TimerName } from './types.js';
import { modules } from '../../solutions/modules.js';

interface Side {
  engine: Engine;
  /** The model: running timers by name, in the order they were started. */
  running: Map<TimerName, number>;
  steps: StepRecord[];
}

function side(isn: number, options: { keepalive?: boolean } = {}): Side {
  const config = {
    ...makeConfig('rfc'),
    ...(options.keepalive ? { keepAliveIdleMs: 5_000, keepAliveIntervalMs: 1_000 } : {}),
  };
  const s: Side = { engine: undefined as unknown as Engine, running: new Map(), steps: [] };
  s.engine = createEngine(modules, {
    config,
    isn: () => isn,
    onStep: (step) => {
      s.steps.push(step);
      // A timer that expired is no longer running; set again, it starts anew (last in order).
      if (step.input.kind === 'timeout') s.running.delete(step.input.timer);
      for (const name of step.timers.cancelled) s.running.delete(name);
      // A Map keeps a key's place when it is set again, as the engine must.
      for (const { name, at } of step.timers.set) s.running.set(name, at);
    },
  });
  return s;
}

/** After each input: the engine's timers are the model's. */
function agrees(s: Side): void {
  for (const name of TIMER_NAMES) expect(s.engine.timer(name), name).toBe(s.running.get(name));
  // The last step's record lists the same running timers, in TIMER_NAMES order (what a conversation's judge compares).
  const last = s.steps.at(-1);
  if (last)
    expect(last.running).toEqual(
      TIMER_NAMES.flatMap((name) => (s.running.has(name) ? [[name, s.running.get(name)]] : [])),
    );
  const deadlines = [...s.running.values()];
  expect(s.engine.pollTimeout()).toBe(deadlines.length > 0 ? Math.min(...deadlines) : undefined);
}

/** Deliver every segment both ways until neither side sends, checking both after every input. */
function pump(a: Side, b: Side, now: number, lose = false): void {
  for (let moved = true; moved; ) {
    moved = false;
    for (let seg = a.engine.pollTransmit(); seg; seg = a.engine.pollTransmit()) {
      if (!lose) b.engine.handleSegment(seg, now);
      agrees(b);
      moved = true;
    }
    for (let seg = b.engine.pollTransmit(); seg; seg = b.engine.pollTransmit()) {
      if (!lose) a.engine.handleSegment(seg, now);
      agrees(a);
      moved = true;
    }
  }
}

/** Advance `s` to its next deadline; the steps it takes fire due timers earliest first. */
function expire(s: Side): number {
  const at = s.engine.pollTimeout();
  if (at === undefined) throw new Error('no timer runs');
  const before = s.steps.length;
  const due = [...s.running].filter(([, t]) => t <= at).sort((x, y) => x[1] - y[1]);
  s.engine.handleTimeout(at);
  agrees(s);
  expect(s.steps.slice(before, before + 1).map((step) => step.input)).toEqual(
    due.length > 0 ? [{ kind: 'timeout', timer: due[0]![0] }] : [],
  );
  return at;
}

/** Every step that closed the connection cancelled what ran before it, in the order those timers were started. */
function closesCancelInStartOrder(s: Side): void {
  const running = new Map<TimerName, number>();
  let closes = 0;
  for (const step of s.steps) {
    if (step.input.kind === 'timeout') running.delete(step.input.timer);
    const wasRunning = [...running.keys()];
    for (const name of step.timers.cancelled) running.delete(name);
    for (const { name, at } of step.timers.set) running.set(name, at);
    if ((step.to === 'CLOSED' || step.to === 'LISTEN') && step.from !== step.to) {
      closes++;
      expect(step.timers.cancelled, step.event).toEqual(
        wasRunning.filter((name) => step.timers.cancelled.includes(name)),
      );
      expect([...running.keys()], step.event).toEqual([]);
    }
  }
  expect(closes).toBeGreaterThan(0);
}

describe('engine timers', () => {
  it('through a conversation that closes through TIME-WAIT', () => {
    const a = side(1_000);
    const b = side(5_000);
    b.engine.handleUserCall({ call: 'OPEN', mode: 'passive' }, 0);
    a.engine.handleUserCall({ call: 'OPEN', mode: 'active' }, 0);
    agrees(a);
    pump(a, b, 0);
    a.engine.handleUserCall({ call: 'SEND', data: 'GET / HTTP/1.0' }, 10);
    pump(a, b, 10);
    b.engine.handleUserCall({ call: 'SEND', data: 'HTTP/1.0 200 OK' }, 20);
    pump(a, b, 20);
    a.engine.handleUserCall({ call: 'CLOSE' }, 30);
    pump(a, b, 30);
    b.engine.handleUserCall({ call: 'CLOSE' }, 40);
    pump(a, b, 40);
    expect(a.engine.state).toBe('TIME-WAIT');
    // RFC 9293 §3.10.7.4: TIME-WAIT lasts 2 MSL, then the TCB is deleted.
    expect(a.engine.timer('time-wait')).toBe(40 + 2 * a.engine.config.mslMs);
    while (a.engine.pollTimeout() !== undefined) expire(a);
    expect(a.engine.state).toBe('CLOSED');
    closesCancelInStartOrder(a);
  });

  it('through retransmissions to a peer that never answers, and an abort', () => {
    const a = side(1_000, { keepalive: true });
    const b = side(5_000);
    b.engine.handleUserCall({ call: 'OPEN', mode: 'passive' }, 0);
    a.engine.handleUserCall({ call: 'OPEN', mode: 'active', keepAlive: true }, 0);
    pump(a, b, 0);
    a.engine.handleUserCall({ call: 'SEND', data: 'lost' }, 10);
    pump(a, b, 10, true);
    // The data is never acknowledged: retransmission and keepalive timers run side by side.
    let now = 10;
    for (let i = 0; i < 3 && a.engine.pollTimeout() !== undefined; i++) {
      now = expire(a);
      pump(a, b, now, true);
    }
    a.engine.handleUserCall({ call: 'ABORT' }, now + 1);
    agrees(a);
    expect(a.engine.state).toBe('CLOSED');
    expect(a.engine.pollTimeout()).toBeUndefined();
    closesCancelInStartOrder(a);
  });

  it('through a peer that goes silent until the retransmissions give up', () => {
    const a = side(1_000);
    const b = side(5_000);
    b.engine.handleUserCall({ call: 'OPEN', mode: 'passive' }, 0);
    a.engine.handleUserCall({ call: 'OPEN', mode: 'active' }, 0);
    pump(a, b, 0);
    a.engine.handleUserCall({ call: 'SEND', data: 'hello' }, 5);
    pump(a, b, 5, true);
    for (let i = 0; i < 100 && a.engine.pollTimeout() !== undefined; i++) pump(a, b, expire(a), true);
    expect(a.engine.state).toBe('CLOSED');
    closesCancelInStartOrder(a);
  });
});
