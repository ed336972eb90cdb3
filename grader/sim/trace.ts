/**
 * The trace format, `tcplab.trace/1`: one step per event an engine handled, in order. Other tools
 * read it, so fields are only ever added, never renamed or removed.
 */
import type { TransitionId } from '../engine/catalogue.js';
import type { Config, ProfileName } from '../engine/config.js';
import { flagNames, type RfcVars } from '../engine/tcb.js';
import type { Notice, Segment, State, TimerName } from '../engine/types.js';

export interface TraceSegment {
  /** Control bits, e.g. ["SYN","ACK"]. */
  flags: string[];
  /** Absolute 32-bit sequence number. */
  seq: number;
  /** Absolute 32-bit acknowledgment number (0 without ACK). */
  ack: number;
  /** Payload octets (as tcpdump counts them; SEG.LEN adds one each for SYN and FIN). */
  len: number;
  /** The payload, when there is one. */
  data?: string;
  /** The network lost this segment. */
  dropped: boolean;
  /** The network delivered a second copy. */
  duplicated?: boolean;
  /** Forged by the scenario, not sent by either engine. */
  injected?: boolean;
}

export interface TraceStep {
  /** Virtual time in milliseconds. */
  t: number;
  /** The host that took the step: `client` or `server` in two-party scenarios. */
  side: string;
  /** The connection, as `address:port` of the side that took the step. */
  conn: string;
  /** The other end of that connection, `address:port`. */
  peer: string;
  /** `OPEN active`, `rcv SYN,ACK`, `timeout retransmission`, ... */
  event: string;
  /** The segment that arrived, for `rcv` events. */
  segment?: TraceSegment;
  from: State;
  to: State;
  /** The catalogue id of the step. */
  transition: TransitionId;
  /** Every catalogue rule the step followed, in order. */
  rules: TransitionId[];
  sent: TraceSegment[];
  notices: Notice[];
  timers: { set: { name: TimerName; at: number }[]; cancelled: TimerName[] };
  /** Every timer running after the step, [name, deadline] (absent in traces written before it was added). */
  running?: [TimerName, number][];
  /** The TCB variables RFC 9293 names, after the step. */
  tcb?: RfcVars;
}

export interface SsRow {
  host: string;
  state: State;
  local: string;
  peer: string;
}

export interface Trace {
  schema: 'tcplab.trace/1';
  scenario: string;
  profile: ProfileName;
  seed: number;
  config: Config;
  steps: TraceStep[];
  /** For scenarios that end with a listing of every socket (`ss -tan`). */
  ss?: SsRow[];
}

export function traceSegment(seg: Segment, dropped = false): TraceSegment {
  const out: TraceSegment = { flags: flagNames(seg.flags), seq: seg.seq, ack: seg.ack, len: seg.data.length, dropped };
  if (seg.data.length > 0) out.data = seg.data;
  return out;
}
