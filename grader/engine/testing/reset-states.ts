/**
 * What the tests of 08 · resets share (solutions/08-resets/*.test.ts): each synchronized state as a
 * test reaches it, with its SND.NXT and RCV.NXT, the retransmission timer it runs, and how a RST at
 * RCV.NXT ends it (RFC 9293 §3.10.7.4, second step). Fixture numbers: ISS = 2^32-6, IRS = 2^32-300.
 */
import type { Config } from '../config.js';
import type { Modules } from '../modules.js';
import type { Notice, State } from '../types.js';
import {
  IRS,
  ISS,
  seq,
  inCloseWait,
  inClosing,
  inEstablished,
  inFinWait1,
  inFinWait2,
  inLastAck,
  inSynReceived,
  inSynReceivedActive,
  inTimeWait,
  type Dialogue,
  type DialogueOptions,
} from './dialogue.js';

export const RTO = 1_000; // rfc profile initialRtoMs
export const RCV_WND = 65_535; // rfc profile rcvWnd
export const TWO_MSL = 240_000; // 2 * rfc profile mslMs

type Synchronized = Exclude<State, 'CLOSED' | 'LISTEN' | 'SYN-SENT'>;

export interface SynchronizedCase {
  /** The state, and for SYN-RECEIVED how it was reached. */
  name: string;
  state: Synchronized;
  reach: (o?: DialogueOptions) => Dialogue;
  sndNxt: number;
  rcvNxt: number;
  /** The retransmission timer, from now, while in this state (our SYN or FIN outstanding). */
  retransmission: number | undefined;
  /** Notices for a RST that resets the connection (second step), and where it ends. */
  rstNotices: Notice[];
  rstTo: 'CLOSED' | 'LISTEN';
}

/** TIME-WAIT ignores every RST when rfc1337 is on; tests of RST processing there turn it off. */
export const rfc1337Off = (o: DialogueOptions = {}): DialogueOptions => ({
  ...o,
  config: { ...o.config, rfc1337: false },
});

/** Each state as a test reaches it, given the modules to reach it with. */
const STATES: readonly (Omit<SynchronizedCase, 'reach'> & {
  reachIn: (modules: Modules, o?: DialogueOptions) => Dialogue;
})[] = [
  {
    name: 'SYN-RECEIVED (passive)',
    state: 'SYN-RECEIVED',
    reachIn: inSynReceived,
    sndNxt: seq(ISS, 1),
    rcvNxt: seq(IRS, 1),
    retransmission: RTO,
    rstNotices: [],
    rstTo: 'LISTEN',
  },
  {
    name: 'SYN-RECEIVED (active)',
    state: 'SYN-RECEIVED',
    reachIn: inSynReceivedActive,
    sndNxt: seq(ISS, 1),
    rcvNxt: seq(IRS, 1),
    retransmission: RTO,
    rstNotices: [{ kind: 'refused' }],
    rstTo: 'CLOSED',
  },
  {
    name: 'ESTABLISHED',
    state: 'ESTABLISHED',
    reachIn: inEstablished,
    sndNxt: seq(ISS, 1),
    rcvNxt: seq(IRS, 1),
    retransmission: undefined,
    rstNotices: [{ kind: 'reset' }],
    rstTo: 'CLOSED',
  },
  {
    name: 'FIN-WAIT-1',
    state: 'FIN-WAIT-1',
    reachIn: inFinWait1,
    sndNxt: seq(ISS, 2),
    rcvNxt: seq(IRS, 1),
    retransmission: RTO,
    rstNotices: [{ kind: 'reset' }],
    rstTo: 'CLOSED',
  },
  {
    name: 'FIN-WAIT-2',
    state: 'FIN-WAIT-2',
    reachIn: inFinWait2,
    sndNxt: seq(ISS, 2),
    rcvNxt: seq(IRS, 1),
    retransmission: undefined,
    rstNotices: [{ kind: 'reset' }],
    rstTo: 'CLOSED',
  },
  {
    name: 'CLOSE-WAIT',
    state: 'CLOSE-WAIT',
    reachIn: inCloseWait,
    sndNxt: seq(ISS, 1),
    rcvNxt: seq(IRS, 2),
    retransmission: undefined,
    rstNotices: [{ kind: 'reset' }],
    rstTo: 'CLOSED',
  },
  {
    name: 'CLOSING',
    state: 'CLOSING',
    reachIn: inClosing,
    sndNxt: seq(ISS, 2),
    rcvNxt: seq(IRS, 2),
    retransmission: RTO,
    rstNotices: [],
    rstTo: 'CLOSED',
  },
  {
    name: 'LAST-ACK',
    state: 'LAST-ACK',
    reachIn: inLastAck,
    sndNxt: seq(ISS, 2),
    rcvNxt: seq(IRS, 2),
    retransmission: RTO,
    rstNotices: [],
    rstTo: 'CLOSED',
  },
  {
    name: 'TIME-WAIT',
    state: 'TIME-WAIT',
    reachIn: (modules, o) => inTimeWait(modules, rfc1337Off(o)),
    sndNxt: seq(ISS, 2),
    rcvNxt: seq(IRS, 2),
    retransmission: undefined,
    rstNotices: [],
    rstTo: 'CLOSED',
  },
];

/** Every synchronized state, reached with `modules` (the topic's module with the reference for the rest). */
export function synchronizedStates(modules: Modules): readonly SynchronizedCase[] {
  return STATES.map(({ reachIn, ...c }) => ({ ...c, reach: (o) => reachIn(modules, o) }));
}

export const rfc5961Off: Partial<Config> = { rfc5961: false };

/** The timers a state keeps when a segment is dropped or answered with an ACK only. */
export function expectTimersKept(d: Dialogue, c: SynchronizedCase): Dialogue {
  return d
    .expectTimer('retransmission', c.retransmission)
    .expectTimer('time-wait', c.state === 'TIME-WAIT' ? TWO_MSL : undefined);
}
