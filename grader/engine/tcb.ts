/** The TCB's initial values, and the helpers that print segments the same way everywhere. */
import type { Config } from './config.js';
import type { Ctl, Flags, Segment, SegmentFields, Tcb } from './types.js';

/** A TCB as it is before any OPEN, or after the connection is deleted. */
export function freshTcb(config: Readonly<Config>, passive = false, keepAlive = false): Tcb {
  return {
    snd: { una: 0, nxt: 0, wnd: 0 },
    rcv: { nxt: 0, wnd: config.rcvWnd },
    iss: 0,
    irs: 0,
    sendBuffer: '',
    fin: 'none',
    passive,
    ackOwed: 0,
    held: [],
    rto: config.initialRtoMs,
    retries: 0,
    keepAlive,
    probesOut: 0,
    rcvClosed: false,
    quickAcks: config.quickAckSegments,
  };
}

/** The TCB variables RFC 9293 §3.3.1 names, as compared step by step: SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND, ISS, IRS. */
export interface RfcVars {
  snd: { una: number; nxt: number; wnd: number };
  rcv: { nxt: number; wnd: number };
  iss: number;
  irs: number;
}

export function rfcVars(tcb: Readonly<Tcb>): RfcVars {
  return {
    snd: { una: tcb.snd.una, nxt: tcb.snd.nxt, wnd: tcb.snd.wnd },
    rcv: { nxt: tcb.rcv.nxt, wnd: tcb.rcv.wnd },
    iss: tcb.iss,
    irs: tcb.irs,
  };
}

/** `SND.UNA=1001 SND.NXT=1001 SND.WND=8192 RCV.NXT=5001 RCV.WND=65535 ISS=1000 IRS=5000`. */
export function describeRfcVars(v: RfcVars): string {
  return `SND.UNA=${v.snd.una} SND.NXT=${v.snd.nxt} SND.WND=${v.snd.wnd} RCV.NXT=${v.rcv.nxt} RCV.WND=${v.rcv.wnd} ISS=${v.iss} IRS=${v.irs}`;
}

/** A TCB that shares nothing with `tcb` (held segments and their flags included). */
export function copyTcb(tcb: Readonly<Tcb>): Tcb {
  return {
    ...tcb,
    snd: { ...tcb.snd },
    rcv: { ...tcb.rcv },
    held: tcb.held.map((seg) => ({ ...seg, flags: { ...seg.flags } })),
  };
}

const NO_FLAGS: Flags = Object.freeze({ syn: false, ack: false, fin: false, rst: false });
const flagCache = new Map<string, Flags>();

/** Parse `'SYN,ACK'` into flags; unknown names are a programming error. */
export function parseCtl(ctl: Ctl | string): Flags {
  // The controls handlers send on nearly every event, without a Map lookup (the same frozen objects).
  switch (ctl) {
    case 'ACK':
      return ACK;
    case 'FIN,ACK':
      return FIN_ACK;
    case 'SYN,ACK':
      return SYN_ACK;
    case 'SYN':
      return SYN;
    default:
      return parsed(ctl);
  }
}

function parsed(ctl: string): Flags {
  const cached = flagCache.get(ctl);
  if (cached) return cached;
  const flags: Flags = { ...NO_FLAGS };
  for (const name of ctl.split(',').filter((n) => n !== '')) {
    const key = name.trim().toLowerCase();
    if (key !== 'syn' && key !== 'ack' && key !== 'fin' && key !== 'rst') {
      throw new TypeError(`unknown control bit '${name}' in '${ctl}' (use SYN, ACK, FIN, RST)`);
    }
    flags[key] = true;
  }
  Object.freeze(flags);
  flagCache.set(ctl, flags);
  return flags;
}

const ACK = parsed('ACK');
const FIN_ACK = parsed('FIN,ACK');
const SYN_ACK = parsed('SYN,ACK');
const SYN = parsed('SYN');

/** The flags in the order tcpdump-style listings use: SYN, FIN, RST, ACK. */
export function flagNames(flags: Flags): string[] {
  const names: string[] = [];
  if (flags.syn) names.push('SYN');
  if (flags.fin) names.push('FIN');
  if (flags.rst) names.push('RST');
  if (flags.ack) names.push('ACK');
  return names;
}

/** Build a segment from fields, as handlers and tests write them. */
export function makeSegment(fields: SegmentFields, defaultWnd: number): Segment {
  const flags = parseCtl(fields.ctl);
  return {
    seq: fields.seq >>> 0,
    ack: flags.ack ? (fields.ack ?? 0) >>> 0 : 0,
    wnd: fields.wnd ?? defaultWnd,
    flags,
    data: fields.data ?? '',
  };
}

/** `SYN,ACK seq=5000 ack=1001 len=1`, the one-line form used in traces and diagrams. */
export function describeSegment(seg: Segment): string {
  const names = flagNames(seg.flags);
  const parts = [names.length > 0 ? names.join(',') : '(no flags)', `seq=${seg.seq}`];
  if (seg.flags.ack) parts.push(`ack=${seg.ack}`);
  if (seg.data.length > 0) parts.push(`len=${seg.data.length}`);
  return parts.join(' ');
}

/** Check that a segment handed to the engine is well formed; say which field is wrong. */
function u32(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff;
}

export function checkSegment(seg: Segment): void {
  if (!u32(seg.seq)) throw new TypeError(`segment.seq must be an integer 0..2^32-1, got ${String(seg.seq)}`);
  if (!u32(seg.ack)) throw new TypeError(`segment.ack must be an integer 0..2^32-1, got ${String(seg.ack)}`);
  if (!(Number.isInteger(seg.wnd) && seg.wnd >= 0 && seg.wnd <= 0xffff)) {
    throw new TypeError(`segment.wnd must be an integer 0..65535, got ${String(seg.wnd)}`);
  }
  if (typeof seg.data !== 'string') throw new TypeError('segment.data must be a string');
  if (typeof seg.flags !== 'object' || seg.flags === null) throw new TypeError('segment.flags is missing');
}
