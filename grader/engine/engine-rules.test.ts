/**
 * What the engine keeps to go fast, held to what it stands for: its rules give the catalogue's answer
 * for every id, literal or built from a template (a new string each time), and for what is not one;
 * ctx.stay finds the rule keeping the state as ctx.go finds it by id;
 * a two-rule step is named as summarizeRules names it; a timer's slot is its place in TIMER_NAMES; a
 * configuration reaches the handlers as the same keys, in the same order, frozen.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE, findEntry, summarizeRules } from './catalogue.js';
import { makeConfig } from './config.js';
import { createEngine } from './engine.js';
import { keepingRule, ruleFor, summaryOfTwo } from './engine-rules.js';
import type { KeepingEvent } from './catalogue.js';
import { RuleError } from './errors.js';
import { timerSlot } from './engine-timers.js';
import { STATES, TIMER_NAMES } from './types.js';
import { modules, modulesWith } from '../../solutions/modules.js';

/** The id as a handler builds it from a template: a new string, made at run time. */
const built = (from: string, event: string, to: string): string => `${from} --${event}--> ${to}`;

describe("the engine's rules", () => {
  it("give each catalogue entry for its id, literal or built, with the entry's states", () => {
    for (const entry of CATALOGUE) {
      const expected = { id: entry.id, from: entry.from, to: entry.to, composite: !!entry.via };
      expect(ruleFor(built(entry.from, entry.event, entry.to))).toMatchObject(expected);
      expect(ruleFor(entry.id)).toMatchObject(expected);
    }
  });

  it('give nothing for an id the catalogue lacks, or for something that is not a string, as findEntry', () => {
    const others = [
      ...STATES.map((state) => built(state, 'rcv FN', state)),
      'ESTABLISHED --rcv FN--> CLOSE-WAIT',
      '__proto__',
      'constructor',
      'toString',
      '0',
      '',
    ];
    for (const id of others) {
      expect(ruleFor(id), id).toBeUndefined();
      expect(findEntry(id), id).toBeUndefined();
    }
    for (const id of [
      undefined,
      null,
      7,
      new String('CLOSED --SEND--> CLOSED'),
      { toString: () => 'CLOSED --SEND--> CLOSED' },
    ])
      expect(ruleFor(id as string)).toBeUndefined();
  });

  it('keep a state on an event (ctx.stay) by the entry `S --event--> S`, and on nothing else', () => {
    const events = [...new Set(CATALOGUE.map((e) => e.event))];
    let kept = 0;
    for (const state of STATES)
      for (const event of events) {
        const entry = findEntry(built(state, event, state));
        const expected = entry && !entry.via ? ruleFor(entry.id) : undefined;
        if (expected) kept++;
        expect(keepingRule(event, state), `${state} on ${event}`).toBe(expected);
      }
    expect(kept).toBe(CATALOGUE.filter((e) => e.from === e.to && !e.via).length);
    for (const event of [undefined, 7, '__proto__', 'constructor', '', { toString: () => 'rcv ACK' }])
      expect(keepingRule(event as string, 'ESTABLISHED')).toBeUndefined();
  });

  it('ctx.stay makes the step ctx.go would with the id, and refuses an event no rule of the state keeps', () => {
    const withSend = (event: string) =>
      modulesWith({ sequence: { ...modules.sequence, send: (_conn, _call, ctx) => ctx.stay(event as KeepingEvent) } });
    const steps: string[] = [];
    const engine = createEngine(withSend('SEND'), { onStep: (s) => steps.push(s.transition) });
    engine.handleUserCall({ call: 'SEND', data: 'x' }, 0);
    expect(steps).toEqual(['CLOSED --SEND--> CLOSED']);
    expect(engine.state).toBe('CLOSED');
    const wrong = createEngine(withSend('rcv ACK'));
    expect(() => wrong.handleUserCall({ call: 'SEND', data: 'x' }, 0)).toThrow(RuleError);
    expect(() => createEngine(withSend('rcv ACK')).handleUserCall({ call: 'SEND', data: 'x' }, 0)).toThrow(
      "send: ctx.stay('rcv ACK'): no catalogue rule keeps CLOSED on that event",
    );
    // Not a string at all: refused the same way, and said.
    expect(() =>
      createEngine(withSend(Symbol('rcv ACK') as never)).handleUserCall({ call: 'SEND', data: 'x' }, 0),
    ).toThrow("send: ctx.stay('Symbol(rcv ACK)'): no catalogue rule keeps CLOSED on that event");
  });

  it('name a two-rule step as summarizeRules does (a composite edge where there is one), every time', () => {
    let composites = 0;
    for (const a of CATALOGUE)
      for (const b of CATALOGUE.filter((e) => e.from === a.to)) {
        const expected = summarizeRules([a.id, b.id]);
        if (expected !== a.id && expected !== b.id) composites++;
        expect(summaryOfTwo(ruleFor(a.id)!, ruleFor(b.id)!), `${a.id} + ${b.id}`).toBe(expected);
        expect(summaryOfTwo(ruleFor(a.id)!, ruleFor(b.id)!)).toBe(expected);
      }
    expect(composites).toBe(CATALOGUE.filter((e) => e.via).length);
  });
});

describe("an engine's timers and configuration", () => {
  it('put each timer in the slot of its place in TIMER_NAMES, and no other name in any', () => {
    expect(TIMER_NAMES.map(timerSlot)).toEqual(TIMER_NAMES.map((_, i) => i));
    expect(['', 'retransmit', 'Keepalive', 'time_wait'].map(timerSlot)).toEqual([-1, -1, -1, -1]);
  });

  it('hand the handlers the configuration given, key for key and in its order, frozen, one copy per object', () => {
    const config = { ...makeConfig('linux'), mslMs: 1_000 };
    const a = createEngine(modules, { config });
    const b = createEngine(modules, { config });
    expect(Object.keys(a.config)).toEqual(Object.keys(config));
    expect(a.config).toEqual(config);
    expect(Object.isFrozen(a.config)).toBe(true);
    expect(a.config).not.toBe(config);
    expect(b.config).toBe(a.config);
  });
});
