/**
 * `tcplab replay`'s work, without the command line: read a capture, choose a flow, play each side
 * asked for on an engine and compare. (Not to be confused with grader/conformance/replay.ts, which
 * replays a reference run's recorded inputs to a submission during a grade.)
 */
import type { Config, ProfileName } from '../engine/config.js';
import type { Modules } from '../engine/modules.js';
import type { UserCall } from '../engine/types.js';
import { compareSide, type Comparison } from './compare.js';
import { chooseFlow, findFlows, SIDES, type Flow, type Side } from './flows.js';
import { decodeCapture, type DecodedCapture } from './packets.js';
import { readCapture } from './pcap.js';
import { CaptureError } from './errors.js';
import { playSide } from './play.js';
import { sideTimeline, type SideTimeline } from './side.js';

export interface ReplayOptions {
  modules: Modules;
  profile: ProfileName;
  overrides: Partial<Config>;
  side?: Side;
  flow?: number;
}

export interface SideReport {
  side: Side;
  endpoint: string;
  view: string;
  calls: { t: number; call: string; because: string }[];
  /** Settings read from the capture (keepalive timing) and used. */
  inferred: Partial<Config>;
  comparison: Comparison;
  /** The engine (a module under test) threw. */
  error?: { t: number; message: string };
  verdict: 'agrees' | 'differs' | 'nothing to compare';
  timeline: SideTimeline;
}

export interface ReplayReport {
  schema: 'tcplab.replay/1';
  file: string;
  format: 'pcap' | 'pcapng';
  linkTypes: string[];
  flow: { id: number; client: string; server: string; flows: number };
  profile: ProfileName;
  sides: SideReport[];
  /** Every compared side agrees, allowed differences aside. */
  agrees: boolean;
}

export function callText(call: UserCall): string {
  switch (call.call) {
    case 'OPEN':
      return `OPEN ${call.mode}${call.keepAlive ? ' keepalive' : ''}`;
    case 'SEND':
      return `SEND ${call.data.length}`;
    case 'CLOSE':
      return `CLOSE${call.full ? ' full' : ''}${call.unread ? ' unread' : ''}`;
    default:
      return call.call;
  }
}

/** The capture read and its flows found, for --flow listing and --to-script. */
export function loadFlows(bytes: Uint8Array, file: string): { decoded: DecodedCapture; flows: Flow[] } {
  const decoded = decodeCapture(readCapture(bytes, file), file);
  if (decoded.segments.length === 0) {
    const types = decoded.linkTypes.length > 0 ? `, link type ${decoded.linkTypes.join(', ')}` : '';
    throw new CaptureError(`${file}: no TCP segment in the capture (${decoded.packets} packets${types})`);
  }
  return { decoded, flows: findFlows(decoded.segments) };
}

export function replayCapture(bytes: Uint8Array, file: string, opts: ReplayOptions): ReplayReport {
  const { decoded, flows } = loadFlows(bytes, file);
  const flow = chooseFlow(flows, opts.flow, file);
  const end = Math.max(...decoded.segments.map((s) => s.t));
  const sides = (opts.side ? [opts.side] : SIDES).map((side): SideReport => {
    const timeline = sideTimeline(flow, side, end);
    const played = playSide(timeline, opts.modules, opts.profile, opts.overrides);
    const sentAny = timeline.events.some((e) => e.dir === 'sent');
    // A side that sent nothing has nothing to hold the engine to (the capture may not even show
    // what reached it: a capture nearer the other side shows segments lost before they arrived).
    const comparison = sentAny
      ? compareSide(timeline, played.sent, played.steps)
      : { rows: [], allowed: [], differences: [], afterEnd: 0 };
    const verdict = !sentAny
      ? 'nothing to compare'
      : comparison.differences.length > 0 || played.error
        ? 'differs'
        : 'agrees';
    return {
      side,
      endpoint: timeline.me,
      view: timeline.view,
      calls: played.calls.map((c) => ({ t: c.t, call: callText(c.call), because: c.because })),
      inferred: played.inferred,
      comparison,
      ...(played.error ? { error: played.error } : {}),
      verdict,
      timeline,
    };
  });
  return {
    schema: 'tcplab.replay/1',
    file,
    format: decoded.format,
    linkTypes: decoded.linkTypes,
    flow: { id: flow.id, client: flow.client, server: flow.server, flows: flows.length },
    profile: opts.profile,
    sides,
    agrees: sides.every((s) => s.verdict !== 'differs'),
  };
}
