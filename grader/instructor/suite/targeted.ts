import type { Config } from '../../engine/config.js';
import type { Input } from '../../conformance/observe.js';
import {
  ackAt,
  add,
  call,
  chain,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  later,
  open,
  peer,
  SYN_RECEIVED,
  SYN_SENT,
  send,
  synAck,
  TIME_WAIT,
  timeline,
  WINDOW_LIMITED,
} from './steps.js';

/**
 * Targeted checks: a path to a state and the one event checked (the last input), for edges that a
 * draw from the generated candidates rarely picks: zero and one-octet receive windows, SEG.LEN with
 * a SYN, window updates and partial ACKs of window-limited data, the RTO after a backoff, data
 * queued before the handshake completes, control-bit combinations on the SYN,ACK. Each one is kept
 * in every suite (up to half of its transition's checks), under one pair of ISNs chosen by the
 * seed. `npm run mutation` shows what they catch.
 */
export interface Targeted {
  name: string;
  profile: 'rfc' | 'linux';
  config: Partial<Config>;
  /** Inputs, given our ISS `s` and the peer's ISN `r`; the last one is checked. */
  inputs: (s: number, r: number) => Input[];
}

export const TARGETED: readonly Targeted[] = [
  // RFC 9293 Table 6 with RCV.WND = 0 and 1 (the profiles advertise 65535, so only these reach those rows).
  {
    name: 'zero window: a SYN at RCV.NXT is unacceptable (RFC 793 reset off)',
    profile: 'rfc',
    config: { rcvWnd: 0, rfc5961: false },
    inputs: chain(
      ...ESTABLISHED,
      peer((_s, r) => ({ seq: add(r, 1), ctl: 'SYN' })),
    ),
  },
  {
    name: 'zero window: an empty ACK at RCV.NXT is acceptable',
    profile: 'rfc',
    config: { rcvWnd: 0 },
    inputs: chain(...ESTABLISHED, ackAt(1)),
  },
  {
    name: 'one-octet window: data starting at RCV.NXT is acceptable',
    profile: 'rfc',
    config: { rcvWnd: 1 },
    inputs: chain(...ESTABLISHED, ackAt(1, 'xyz')),
  },
  // SEG.LEN counts the SYN: a SYN at RCV.NXT+RCV.WND lies just past the window.
  {
    name: 'a SYN just past the right window edge is unacceptable (RFC 793 reset off)',
    profile: 'rfc',
    config: { rfc5961: false },
    inputs: chain(
      ...ESTABLISHED,
      peer((_s, r) => ({ seq: add(r, 1 + 65_535), ctl: 'SYN' })),
    ),
  },
  // Window-limited sending: the ACK's window lets the queue go on.
  {
    name: 'a duplicate ACK that opens the window sends the queued data',
    profile: 'rfc',
    config: {},
    inputs: chain(...WINDOW_LIMITED, ackAt(1)),
  },
  {
    name: 'a partial ACK of window-limited data sends the rest of the queue',
    profile: 'rfc',
    config: {},
    inputs: chain(...WINDOW_LIMITED, ackAt(3)),
  },
  {
    name: 'a retransmission resends what was sent, not what waits behind it',
    profile: 'rfc',
    config: {},
    inputs: timeline(...WINDOW_LIMITED, later(1_000)),
  },
  {
    name: 'an ACK after a backoff restarts the retransmission timer with the initial RTO',
    profile: 'rfc',
    config: {},
    inputs: timeline(...ESTABLISHED, send('hello'), later(1_000), ackAt(3)),
  },
  // CLOSE in SYN-RECEIVED with data queued: the ACK of our SYN releases the data and the FIN.
  {
    name: 'the ACK of our SYN in FIN-WAIT-1 sends the data queued in SYN-RECEIVED, then the FIN',
    profile: 'rfc',
    config: {},
    inputs: chain(...SYN_RECEIVED, send('early'), call('CLOSE'), ackAt(1)),
  },
  // The handshake completes with data queued and our SYN backed off.
  {
    name: 'SYN-SENT: after a backoff, the SYN,ACK sends the queued data with the initial RTO',
    profile: 'rfc',
    config: {},
    inputs: timeline(...SYN_SENT, send('early'), later(1_000), synAck),
  },
  {
    name: 'SYN-SENT: data on the SYN,ACK is delivered',
    profile: 'rfc',
    config: {},
    inputs: chain(
      ...SYN_SENT,
      peer((s, r) => ({ seq: r, ack: add(s, 1), ctl: 'SYN,ACK', data: 'xyz' })),
    ),
  },
  {
    name: 'SYN-SENT: a SYN,ACK carrying a FIN leads to CLOSE-WAIT',
    profile: 'rfc',
    config: {},
    inputs: chain(
      ...SYN_SENT,
      peer((s, r) => ({ seq: r, ack: add(s, 1), ctl: 'SYN,ACK,FIN' })),
    ),
  },
  {
    name: 'SYN-SENT: a SYN,RST without ACK is dropped',
    profile: 'rfc',
    config: {},
    inputs: chain(
      ...SYN_SENT,
      peer((_s, r) => ({ seq: r, ctl: 'SYN,RST' })),
    ),
  },
  {
    name: 'simultaneous open: after a backoff, the crossed SYN,ACK sends the queued data in its window',
    profile: 'rfc',
    config: {},
    inputs: timeline(
      open('active'),
      peer((_s, r) => ({ seq: r, ctl: 'SYN', wnd: 3 })),
      send('hello'),
      later(1_000),
      synAck,
    ),
  },
  {
    name: 'simultaneous open: an ACK with data at IRS completes it',
    profile: 'rfc',
    config: {},
    inputs: chain(
      open('active'),
      peer((_s, r) => ({ seq: r, ctl: 'SYN' })),
      peer((s, r) => ({ seq: r, ack: add(s, 1), ctl: 'ACK', data: 'xyz' })),
    ),
  },
  {
    name: 'passive open: after a backoff, the ACK sends the queued data in its window',
    profile: 'rfc',
    config: {},
    inputs: timeline(
      open('passive'),
      peer((_s, r) => ({ seq: r, ctl: 'SYN', wnd: 3 })),
      send('hello'),
      later(1_000),
      ackAt(1),
    ),
  },
  {
    name: 'a FIN-WAIT-2 timeout of 1 ms is started',
    profile: 'rfc',
    config: { finWait2TimeoutMs: 1 },
    inputs: chain(...FIN_WAIT_1, ackAt(2)),
  },
  // Data and FIN in one segment: one ACK covers both.
  {
    name: 'FIN-WAIT-1: data and a FIN in one segment get one ACK',
    profile: 'rfc',
    config: {},
    inputs: chain(
      ...FIN_WAIT_1,
      peer((s, r) => ({ seq: add(r, 1), ack: add(s, 1), ctl: 'FIN,ACK', data: 'xyz' })),
    ),
  },
  {
    name: 'FIN-WAIT-2: data and a FIN in one segment get one ACK',
    profile: 'rfc',
    config: {},
    inputs: chain(
      ...FIN_WAIT_2,
      peer((s, r) => ({ seq: add(r, 1), ack: add(s, 2), ctl: 'FIN,ACK', data: 'xyz' })),
    ),
  },
  {
    name: 'LISTEN: a SYN,ACK gets a RST and opens nothing',
    profile: 'rfc',
    config: {},
    inputs: chain(open('passive'), synAck),
  },
  {
    name: 'a segment that overlaps RCV.NXT but for its last octet delivers that octet',
    profile: 'rfc',
    config: {},
    inputs: chain(
      ...ESTABLISHED,
      peer((s, r) => ({ seq: add(r, -1), ack: add(s, 1), ctl: 'ACK', data: 'xyz' })),
    ),
  },
  {
    name: 'TIME-WAIT: an ACK at RCV.NXT is ignored and the 2*MSL timer runs on',
    profile: 'rfc',
    config: {},
    inputs: chain(
      ...TIME_WAIT,
      peer((s, r) => ({ seq: add(r, 2), ack: add(s, 2), ctl: 'ACK' })),
    ),
  },
  // A server's connection in TIME-WAIT and a new SYN above RCV.NXT (RFC 9293 §3.6.1, MAY-2).
  {
    name: 'TIME-WAIT after a passive open: a SYN above RCV.NXT opens a new incarnation',
    profile: 'linux',
    config: {},
    inputs: chain(
      ...SYN_RECEIVED,
      ackAt(1),
      call('CLOSE'),
      ackAt(2),
      peer((s, r) => ({ seq: add(r, 1), ack: add(s, 2), ctl: 'FIN,ACK' })),
      peer((_s, r) => ({ seq: add(r, 1_000), ctl: 'SYN' })),
    ),
  },
  {
    name: 'SYN-RECEIVED gives up after synAckRetries, whatever dataRetries says',
    profile: 'rfc',
    config: { synAckRetries: 0 },
    inputs: timeline(...SYN_RECEIVED, later(1_000)),
  },
  // RFC 9293 §3.10.7.4: text is trimmed to the window "including SYN and FIN", so a FIN after a
  // segment that fills the window is cut off: the octets are delivered and the state stays.
  {
    name: 'a FIN just past a 3-octet window is trimmed off the segment that fills it',
    profile: 'rfc',
    config: { rcvWnd: 3 },
    inputs: chain(
      ...ESTABLISHED,
      peer((s, r) => ({ seq: add(r, 1), ack: add(s, 1), ctl: 'FIN,ACK', data: 'xyz' })),
    ),
  },
  // RFC 9293 §3.10.7.3 first step: SEG.ACK =< ISS is unacceptable: <SEQ=SEG.ACK><CTL=RST>, and the
  // segment is dropped there, its SYN never processed.
  {
    name: 'SYN-SENT: a SYN,ACK with ACK = ISS gets a RST and is dropped',
    profile: 'rfc',
    config: {},
    inputs: chain(
      ...SYN_SENT,
      peer((s, r) => ({ seq: r, ack: s, ctl: 'SYN,ACK' })),
    ),
  },
  // CONFIG_DOCS rstAck: Linux 6.18's keepalive give-up was RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT>.
  {
    name: 'Linux: the keepalive give-up is a RST,ACK',
    profile: 'linux',
    config: { keepAliveIdleMs: 10_000, keepAliveIntervalMs: 1_000, keepAliveCount: 0 },
    inputs: timeline(open('active', true), synAck, later(10_000)),
  },
];
