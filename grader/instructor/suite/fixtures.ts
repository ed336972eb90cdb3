/**
 * Where transition checks start: each fixture is a list of inputs that brings an engine to a state
 * by events (never by writing a TCB), so it means the same on any implementation. `s` and `r` are
 * our ISS and the peer's ISN; times advance 1 ms per input (steps.ts). The targeted checks, for
 * edges a draw rarely picks, are in targeted.ts.
 */
import type { Config } from '../../engine/config.js';
import type { Input } from '../../conformance/observe.js';
import {
  add,
  CLOSE_WAIT,
  call,
  chain,
  closeFull,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  open,
  peer,
  type Step,
  SYN_RECEIVED,
  SYN_SENT,
  send,
  TIME_WAIT,
  WINDOW_LIMITED,
} from './steps.js';

export interface Fixture {
  name: string;
  profile: 'rfc' | 'linux';
  config: Partial<Config>;
  /** Inputs, given our ISS `s` and the peer's ISN `r`. */
  inputs: (s: number, r: number) => Input[];
}

const PATHS: Record<string, Step[]> = {
  closed: [],
  listen: [open('passive')],
  'syn-sent': SYN_SENT,
  'syn-received': SYN_RECEIVED,
  'syn-received-active': [...SYN_SENT, peer((_s, r) => ({ seq: r, ctl: 'SYN' }))],
  established: ESTABLISHED,
  'established-passive': [...SYN_RECEIVED, peer((s, r) => ({ seq: add(r, 1), ack: add(s, 1), ctl: 'ACK' }))],
  'established-sending': [...ESTABLISHED, send('hello')],
  'established-window': WINDOW_LIMITED,
  'syn-sent-sending': [...SYN_SENT, send('early')],
  'established-received': [
    ...ESTABLISHED,
    peer((s, r) => ({ seq: add(r, 1), ack: add(s, 1), ctl: 'ACK', data: 'abc' })),
  ],
  'syn-received-closed': [...SYN_RECEIVED, call('CLOSE')],
  'fin-wait-1': FIN_WAIT_1,
  'fin-wait-1-data': [...ESTABLISHED, send('bye'), call('CLOSE')],
  'fin-wait-2': FIN_WAIT_2,
  'fin-wait-1-closed': [...ESTABLISHED, closeFull],
  'fin-wait-2-closed': [...ESTABLISHED, closeFull, peer((s, r) => ({ seq: add(r, 1), ack: add(s, 2), ctl: 'ACK' }))],
  'fin-wait-1-received': [
    ...FIN_WAIT_1,
    peer((s, r) => ({ seq: add(r, 1), ack: add(s, 1), ctl: 'ACK', data: 'late' })),
  ],
  'fin-wait-2-received': [
    ...FIN_WAIT_2,
    peer((s, r) => ({ seq: add(r, 1), ack: add(s, 2), ctl: 'ACK', data: 'late' })),
  ],
  'close-wait': CLOSE_WAIT,
  'close-wait-sending': [...CLOSE_WAIT, send('tail')],
  closing: [...FIN_WAIT_1, peer((s, r) => ({ seq: add(r, 1), ack: add(s, 1), ctl: 'FIN,ACK' }))],
  'last-ack': [...CLOSE_WAIT, call('CLOSE')],
  'time-wait': TIME_WAIT,
  'established-keepalive': [open('active', true), peer((s, r) => ({ seq: r, ack: add(s, 1), ctl: 'SYN,ACK' }))],
  'close-wait-keepalive': [
    open('active', true),
    peer((s, r) => ({ seq: r, ack: add(s, 1), ctl: 'SYN,ACK' })),
    peer((s, r) => ({ seq: add(r, 1), ack: add(s, 1), ctl: 'FIN,ACK' })),
  ],
};

/** The configurations fixtures are tried under (each key is one the catalogue depends on). */
const CONFIGS: { profile: 'rfc' | 'linux'; config: Partial<Config>; paths?: string[] }[] = [
  { profile: 'rfc', config: {} },
  { profile: 'linux', config: {} },
  { profile: 'rfc', config: { rfc5961: false } },
  { profile: 'rfc', config: { rfc1337: false }, paths: ['time-wait'] },
  {
    profile: 'rfc',
    config: { delayedAckMs: 200 },
    paths: ['established', 'established-received', 'close-wait', 'fin-wait-1-received', 'fin-wait-2-received'],
  },
  { profile: 'rfc', config: { finWait2TimeoutMs: 60_000 }, paths: ['fin-wait-2'] },
  { profile: 'rfc', config: { userTimeoutMs: 5_000, synRetries: 20, synAckRetries: 20, dataRetries: 20 } },
  { profile: 'rfc', config: { synRetries: 0, synAckRetries: 0, dataRetries: 0 } },
  {
    profile: 'rfc',
    config: { keepAliveIdleMs: 10_000, keepAliveIntervalMs: 1_000, keepAliveCount: 0 },
    paths: ['established-keepalive', 'close-wait-keepalive'],
  },
  {
    profile: 'rfc',
    config: { keepAliveIdleMs: 10_000, keepAliveIntervalMs: 1_000, keepAliveCount: 2 },
    paths: ['established-keepalive', 'close-wait-keepalive'],
  },
];

export const FIXTURES: readonly Fixture[] = CONFIGS.flatMap(({ profile, config, paths }) =>
  Object.entries(PATHS)
    .filter(([name]) => !paths || paths.includes(name))
    .map(([name, steps]) => ({
      name: `${name}${Object.keys(config).length ? ` ${JSON.stringify(config)}` : ''}${profile === 'linux' ? ' linux' : ''}`,
      profile,
      config,
      inputs: chain(...steps),
    })),
);

/** ISS / peer ISN pairs: near the 2^32 wrap, at zero, around 2^31. */
export const ISN_PAIRS: readonly [number, number][] = [
  [0xffff_fffa, 0xffff_fed4],
  [1000, 5000],
  [0, 0xffff_ffff],
  [0x7fff_fffe, 0x8000_0001],
  // ISS + 1 is 2^32: SND.NXT computed without the modular add is caught at OPEN.
  [0xffff_ffff, 0x7fff_0000],
];

/** A pair at the wrap: ISS or IRS within a few octets of 2^32, where arithmetic that forgets it goes wrong. */
export const atWrap = (iss: number, irs: number): boolean => iss >= 0xffff_ff00 || irs >= 0xffff_ff00;
