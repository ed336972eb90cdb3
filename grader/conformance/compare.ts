/**
 * The comparison rules, in one place. Must match exactly: the state after the input, every segment
 * sent (control bits, SEQ, ACK, payload; in order), the notices (in order), and every running
 * timer's deadline (so retransmission times follow the configuration), and the TCB variables RFC 9293
 * names (SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND, ISS, IRS). Free: the window advertised,
 * and which catalogue ids the code names (its behaviour is what is graded).
 */
import { describeRfcVars, type RfcVars } from '../engine/tcb.js';
import type { Observation, Wire } from './observe.js';

/** A segment as failure texts write it: `FIN,ACK seq=1006 ack=5016 data="…"`; no ack without the ACK bit, as the RFC writes it. */
function describeWire(w: Wire): string {
  return `${w.ctl} seq=${w.seq}${w.ctl.split(',').includes('ACK') ? ` ack=${w.ack}` : ''}${w.data ? ` data=${JSON.stringify(w.data)}` : ''}`;
}

/** An observation as failure texts write it, in the same words for every kind of check; the TCB variables when they are what differs. */
export function describeObservation(o: Observation, tcb = false): string {
  const timers = o.timers.map(([name, at]) => `${name} at ${at} ms`).join(', ') || 'none';
  return `state ${o.state}; sent ${o.sent.map(describeWire).join(' | ') || 'nothing'}; notices ${JSON.stringify(o.notices)}; timers ${timers}${
    tcb && o.tcb ? `; ${describeRfcVars(o.tcb)}` : ''
  }`;
}

/** What the code under test did, as a failure shows it: the observation, and the function that handled the input. */
export function describeActual(o: Observation, tcb = false): string {
  return `${describeObservation(o, tcb)}${o.handler ? ` (handled by ${o.handler})` : ''}`;
}

export interface Difference {
  field: 'error' | 'state' | 'sent' | 'notices' | 'timers' | 'tcb';
  expected: string;
  actual: string;
}

const show = (value: unknown): string => JSON.stringify(value);

/*
 * A grade compares thousands of observations, nearly all of them equal: each field is compared as
 * data first, and put in words only when it differs. Equal as data is equal in words: a segment's
 * words leave out the ack number without ACK and treat no payload as an empty one.
 */
const sameWire = (a: Wire, b: Wire): boolean =>
  a.ctl === b.ctl &&
  a.seq === b.seq &&
  (a.ack === b.ack || !a.ctl.split(',').includes('ACK')) &&
  (a.data || '') === (b.data || '');

/** Same length, and pairwise the same by `same`. */
export function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]!));
}

/** Timers as [name, deadline] pairs, in order. */
export const sameTimers = (
  a: readonly (readonly [string, number])[],
  b: readonly (readonly [string, number])[],
): boolean => sameList(a, b, (x, y) => x[0] === y[0] && x[1] === y[1]);

/** The TCB variables RFC 9293 names, one by one. */
export const sameRfcVars = (a: RfcVars, b: RfcVars | undefined): boolean =>
  b !== undefined &&
  a.snd.una === b.snd.una &&
  a.snd.nxt === b.snd.nxt &&
  a.snd.wnd === b.snd.wnd &&
  a.rcv.nxt === b.rcv.nxt &&
  a.rcv.wnd === b.rcv.wnd &&
  a.iss === b.iss &&
  a.irs === b.irs;

export function compare(expected: Observation, actual: Observation): Difference | undefined {
  if (actual.error)
    return { field: 'error', expected: 'no error', actual: `${actual.error.name}: ${actual.error.message}` };
  if (expected.state !== actual.state) return { field: 'state', expected: expected.state, actual: actual.state };
  if (!sameList(expected.sent, actual.sent, sameWire)) {
    const es = expected.sent.map(describeWire);
    const as = actual.sent.map(describeWire);
    if (show(es) !== show(as))
      return { field: 'sent', expected: es.join(' | ') || '(nothing)', actual: as.join(' | ') || '(nothing)' };
  }
  if (show(expected.notices) !== show(actual.notices))
    return { field: 'notices', expected: show(expected.notices), actual: show(actual.notices) };
  if (!sameTimers(expected.timers, actual.timers))
    return { field: 'timers', expected: show(expected.timers), actual: show(actual.timers) };
  // Packs recorded before the TCB was compared carry none: nothing to compare then.
  if (expected.tcb && !sameRfcVars(expected.tcb, actual.tcb))
    return {
      field: 'tcb',
      expected: describeRfcVars(expected.tcb),
      actual: actual.tcb ? describeRfcVars(actual.tcb) : 'none',
    };
  return undefined;
}
