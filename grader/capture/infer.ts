/**
 * The user calls a side made, read from what it sent (the capture has no system calls):
 *
 *   OPEN active    just before its SYN
 *   OPEN passive   at the start, when it answers a SYN with a SYN,ACK
 *   SEND           just before a segment carrying octets it had not sent before
 *   CLOSE          just before its first FIN (the RFC's CLOSE: Linux's shutdown(SHUT_WR), or a close()
 *                  that found nothing unread); the full close (CLOSE with `full`, the socket API's
 *                  close()) when it later answered arriving data with a RST without ACK, which
 *                  only a closed receiving side does (RFC 9293 §3.6.1, SHLD-3)
 *   ABORT          decided during the replay (play.ts): before a RST it sent that the engine would
 *                  not send by itself. A close() that found data unread (CLOSE full unread) sends
 *                  the same RST,ACK, and nothing on the wire tells the two apart: ABORT is read.
 *
 * Keepalive is seen from its probes (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6: SEG.SEQ = SND.NXT - 1 and
 * no new data, after a quiet spell); its idle time, interval and, when a RST ends unanswered probes,
 * its count are read from their times and become settings unless --set gives them.
 */
import type { Config } from '../engine/config.js';
import type { UserCall } from '../engine/types.js';
import type { SideEvent, SideTimeline } from './side.js';

export interface InferredCall {
  t: number;
  call: UserCall;
  /** Why the call was inferred, for the report. */
  because: string;
}

export interface Inference {
  calls: InferredCall[];
  /** Settings read from the capture (keepalive timing). */
  settings: Partial<Config>;
  /** Times of the RSTs this side sent (ABORT candidates, decided while replaying). */
  rsts: number[];
}

const seqGt = (a: number, b: number): boolean => ((a - b) | 0) > 0;
const round100 = (ms: number): number => Math.max(100, Math.round(ms / 100) * 100);

export function inferCalls(side: SideTimeline): Inference {
  const sent = side.events.filter((e) => e.dir === 'sent');
  const first = sent[0];
  const settings = keepAliveSettings(side);
  const calls: InferredCall[] = [];
  const keepAlive = settings.keepAliveIdleMs !== undefined ? { keepAlive: true } : {};
  if (first?.seg.flags.syn && !first.seg.flags.ack) {
    calls.push({ t: first.t, call: { call: 'OPEN', mode: 'active', ...keepAlive }, because: 'it sent a SYN' });
  } else if (sent.some((e) => e.seg.flags.syn && e.seg.flags.ack)) {
    calls.push({
      t: 0,
      call: { call: 'OPEN', mode: 'passive', ...keepAlive },
      because: 'it answered a SYN with a SYN,ACK',
    });
  }
  const rsts = sendsAndClose(side, sent, calls);
  return { calls, settings, rsts };
}

/**
 * The keepalive settings the side's probes show: a probe is a bare ACK one below the highest
 * sequence number sent so far; the idle time is from the last activity before the first probe.
 */
function keepAliveSettings(side: SideTimeline): Partial<Config> {
  const probes: number[] = [];
  let high: number | undefined;
  let lastActivity = 0;
  let probesEndInRst = false;
  for (const e of side.events) {
    const s = e.seg;
    if (e.dir === 'sent') {
      const end = (s.seq + s.data.length + (s.flags.syn ? 1 : 0) + (s.flags.fin ? 1 : 0)) >>> 0;
      const probe =
        high !== undefined &&
        !s.flags.syn &&
        !s.flags.fin &&
        !s.flags.rst &&
        s.data.length <= 1 &&
        s.seq === (high - 1) >>> 0;
      if (probe) probes.push(e.t);
      else {
        if (s.flags.rst && probes.length > 0) probesEndInRst = true;
        if (probes.length === 0) lastActivity = e.t;
      }
      if (high === undefined || seqGt(end, high)) high = end;
    } else if (probes.length === 0) lastActivity = e.t;
  }
  const settings: Partial<Config> = {};
  if (probes.length > 0) {
    settings.keepAliveIdleMs = round100(probes[0]! - lastActivity);
    if (probes.length > 1) settings.keepAliveIntervalMs = round100(probes[1]! - probes[0]!);
    if (probesEndInRst) settings.keepAliveCount = probes.length;
  }
  return settings;
}

/** SEND for each run of new octets the side sent, CLOSE at its first FIN, added to `calls`; the times of its RSTs. */
function sendsAndClose(side: SideTimeline, sent: readonly SideEvent[], calls: InferredCall[]): number[] {
  const rsts: number[] = [];
  let sentTo: number | undefined = side.iss !== undefined ? (side.iss + 1) >>> 0 : undefined;
  let closed = false;
  for (const e of sent) {
    const s = e.seg;
    if (s.data.length > 0 && sentTo !== undefined) {
      const end = (s.seq + s.data.length) >>> 0;
      if (seqGt(end, sentTo)) {
        const fresh = s.data.slice(s.data.length - ((end - sentTo) >>> 0));
        calls.push({ t: e.t, call: { call: 'SEND', data: fresh }, because: `it sent ${fresh.length} new octets` });
        sentTo = end;
      }
    }
    if (s.flags.fin && !closed) {
      closed = true;
      const full = refusedDataAfter(side, e.t);
      calls.push(
        full
          ? {
              t: e.t,
              call: { call: 'CLOSE', full: true },
              because: 'it sent a FIN, and later a RST for data that arrived: close(), not shutdown()',
            }
          : { t: e.t, call: { call: 'CLOSE' }, because: 'it sent a FIN' },
      );
    }
    if (s.flags.rst) rsts.push(e.t);
  }
  return rsts;
}

/** After `t`, a RST without ACK sent within 1 ms of arriving data: the reset of a fully closed socket. */
function refusedDataAfter(side: SideTimeline, t: number): boolean {
  const events = side.events.filter((e) => e.t >= t);
  return events.some((e, i) => {
    if (e.dir !== 'sent' || !e.seg.flags.rst || e.seg.flags.ack) return false;
    const before = events[i - 1];
    return before !== undefined && before.dir === 'received' && before.seg.data.length > 0 && e.t - before.t <= 1;
  });
}
