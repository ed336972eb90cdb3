/**
 * The comparison rules, in one place. Must match exactly: the state after the input, every segment
 * sent (control bits, SEQ, ACK, payload; in order), the notices (in order), and every running
 * timer's deadline (so retransmission times follow the configuration), and the TCB variables RFC 9293
 * names (SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND, ISS, IRS). Free: the window advertised,
 * and which catalogue ids the code names (its behaviour is what is graded).
 */
import { describeRfcVars } from '../engine/tcb.js';
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

export function compare(expected: Observation, actual: Observation): Difference | undefined {
  if (actual.error)
    return { field: 'error', expected: 'no error', actual: `${actual.error.name}: ${actual.error.message}` };
  if (expected.state !== actual.state) return { field: 'state', expected: expected.state, actual: actual.state };
  const es = expected.sent.map(describeWire);
  const as = actual.sent.map(describeWire);
  if (show(es) !== show(as))
    return { field: 'sent', expected: es.join(' | ') || '(nothing)', actual: as.join(' | ') || '(nothing)' };
  if (show(expected.notices) !== show(actual.notices))
    return { field: 'notices', expected: show(expected.notices), actual: show(actual.notices) };
  if (show(expected.timers) !== show(actual.timers))
    return { field: 'timers', expected: show(expected.timers), actual: show(actual.timers) };
  // Packs recorded before the TCB was compared carry none: nothing to compare then.
  if (expected.tcb && show(expected.tcb) !== show(actual.tcb))
    return {
      field: 'tcb',
      expected: describeRfcVars(expected.tcb),
      actual: actual.tcb ? describeRfcVars(actual.tcb) : 'none',
    };
  return undefined;
}
