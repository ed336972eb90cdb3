/**
 * The inputs fixtures are written in: user calls, the peer's segments and timer expiries, given our
 * ISS `s` and the peer's ISN `r`, and the paths to each state as the dialogue fixtures of the public
 * tests take them. Times advance 1 ms per input unless a `later` says otherwise.
 */
import type { Input } from '../../conformance/observe.js';

export const add = (a: number, n: number): number => (a + n) >>> 0;

export type Step = (s: number, r: number) => Omit<Input, 't'>;
export const open =
  (mode: 'active' | 'passive', keepAlive = false): Step =>
  () => ({ call: { call: 'OPEN', mode, ...(keepAlive ? { keepAlive } : {}) } });
export const call =
  (c: 'CLOSE' | 'ABORT' | 'RECEIVE'): Step =>
  () => ({ call: { call: c } });
export const send =
  (data: string): Step =>
  () => ({ call: { call: 'SEND', data } });
/** The socket API's close() (CLOSE with `full`): data arriving after it is refused. */
export const closeFull: Step = () => ({ call: { call: 'CLOSE', full: true } });
export const peer =
  (make: (s: number, r: number) => Extract<Input, { seg: unknown }>['seg']): Step =>
  (s, r) => ({ seg: make(s, r) });

export const chain =
  (...steps: Step[]) =>
  (s: number, r: number): Input[] =>
    steps.map((step, i) => ({ t: i + 1, ...step(s, r) }) as Input);

/** A timer expiry `ms` after the previous input (every timer due by then fires). */
export interface Later {
  later: number;
}
export const later = (ms: number): Later => ({ later: ms });
/** Like `chain`, with timer expiries: a step comes 1 ms after the previous input, `later(ms)` ms after it. */
export const timeline =
  (...items: (Step | Later)[]) =>
  (s: number, r: number): Input[] => {
    let t = 0;
    return items.map(
      (item) =>
        (typeof item === 'function'
          ? { t: (t += 1), ...item(s, r) }
          : { t: (t += item.later), timeout: true }) as Input,
    );
  };

// The paths to each state, as the dialogue fixtures of the public tests take them.
export const SYN_SENT = [open('active')];
export const ESTABLISHED = [...SYN_SENT, peer((s, r) => ({ seq: r, ack: add(s, 1), ctl: 'SYN,ACK' }))];
export const SYN_RECEIVED = [open('passive'), peer((_s, r) => ({ seq: r, ctl: 'SYN' }))];
export const FIN_WAIT_1 = [...ESTABLISHED, call('CLOSE')];
export const FIN_WAIT_2 = [...FIN_WAIT_1, peer((s, r) => ({ seq: add(r, 1), ack: add(s, 2), ctl: 'ACK' }))];
export const CLOSE_WAIT = [...ESTABLISHED, peer((s, r) => ({ seq: add(r, 1), ack: add(s, 1), ctl: 'FIN,ACK' }))];
export const TIME_WAIT = [...FIN_WAIT_2, peer((s, r) => ({ seq: add(r, 1), ack: add(s, 2), ctl: 'FIN,ACK' }))];
/** ESTABLISHED with a peer that advertised a 3-octet window: of `hello`, `hel` is in flight and `lo` waits. */
export const WINDOW_LIMITED = [
  ...SYN_SENT,
  peer((s, r) => ({ seq: r, ack: add(s, 1), ctl: 'SYN,ACK', wnd: 3 })),
  send('hello'),
];

export const synAck: Step = peer((s, r) => ({ seq: r, ack: add(s, 1), ctl: 'SYN,ACK' }));
export const ackAt = (acked: number, data?: string): Step =>
  peer((s, r) => ({ seq: add(r, 1), ack: add(s, acked), ctl: 'ACK', ...(data ? { data } : {}) }));
