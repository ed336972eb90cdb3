/**
 * What the engine sent against what the side sent in the capture.
 *
 * Two segments are the same when their control bits (SYN, ACK, FIN, RST), relative sequence and
 * acknowledgment numbers and payload lengths are, and their times are within the tolerance:
 * 50 ms plus 10% of the time since the side's previous segment or input (a retransmission 1 s after
 * the last one may be 150 ms off; Linux's timers run on jiffies and its RTO on measured round trips).
 *
 * Differences the RFC allows, which the engine documents, are "allowed", each with its reason:
 * - an ACK sent alone by one and merged into a data or FIN segment by the other, or one ACK covering
 *   what the other acknowledged in two (RFC 9293 §3.8.6.3: delayed ACK, MUST-40; SHLD-19);
 * - an ACK delayed by up to 500 ms (RFC 9293 §3.8.6.3, MUST-40);
 * - windows and options, which the engine does not model (its RCV.WND is configuration; it sends MSS
 *   only).
 * Everything else is a real difference: the segment, what the capture shows, what the engine did,
 * and the rule (catalogue transition and RFC section) the engine followed there.
 */
import { findEntry } from '../engine/catalogue.js';
import type { StepRecord } from '../engine/engine.js';
import type { Segment } from '../engine/types.js';
import type { EngineSent } from './play.js';
import type { SideEvent, SideTimeline } from './side.js';

export const ACK_DELAY_MS = 500;

export function tolerance(gap: number): number {
  return 50 + 0.1 * Math.max(gap, 0);
}

/** A segment with its numbers relative to the ISNs, as packetdrill and tcpdump write them. */
export function segmentText(seg: Segment, iss: number | undefined, irs: number | undefined): string {
  const flags = ['SYN', 'RST', 'FIN', 'ACK'].filter((f) => seg.flags[f.toLowerCase() as 'syn']);
  const rel = (n: number, base: number | undefined): number => (base === undefined ? n : (n - base) >>> 0);
  const parts = [flags.length > 0 ? flags.join(',') : '(no flags)', `seq=${rel(seg.seq, iss)}`];
  if (seg.flags.ack) parts.push(`ack=${rel(seg.ack, irs)}`);
  if (seg.data.length > 0) parts.push(`len=${seg.data.length}`);
  return parts.join(' ');
}

const isPureAck = (s: Segment): boolean =>
  s.flags.ack && !s.flags.syn && !s.flags.fin && !s.flags.rst && s.data.length === 0;
/** A segment an ACK can ride on: data or a FIN (a SYN,ACK or a RST is another answer, not a merged ACK). */
const carriesAck = (s: Segment): boolean =>
  s.flags.ack && !s.flags.syn && !s.flags.rst && (s.data.length > 0 || s.flags.fin);

export interface Allowed {
  t: number;
  text: string;
  reason: string;
}

export interface Difference {
  /** Stable across runs of the same capture: what known-differences.json lists. */
  id: string;
  kind: 'missing' | 'extra' | 'timing';
  t: number;
  /** What the capture shows and what the engine did, in words. */
  capture: string;
  engine: string;
  /** The catalogue transition the engine was following there, and its RFC section. */
  rule: string;
}

export interface Row {
  t: number;
  received?: string;
  capture?: string;
  engine?: string;
  engineT?: number;
  mark: 'same' | 'allowed' | 'differs' | '';
}

export interface Comparison {
  rows: Row[];
  allowed: Allowed[];
  differences: Difference[];
  /** Engine segments after the capture ended, not compared. */
  afterEnd: number;
}

function ruleOf(step: StepRecord | undefined): string {
  if (!step) return 'no step yet (the engine had received nothing)';
  const entry = findEntry(step.transition);
  return `${step.transition}${entry ? ` (${entry.rfc})` : ''}`;
}

const ms = (t: number): string => `${(t / 1000).toFixed(3)} s`;

/**
 * The segments, in the order sent, whose ACK acknowledges something new: its number is above every
 * ACK sent before it. A duplicate (a challenge ACK, the answer to an unacceptable segment) is an
 * answer in its own right, so only an ACK of new octets may be merged or delayed.
 */
function freshAcks(sent: readonly Segment[]): Set<Segment> {
  const fresh = new Set<Segment>();
  let highest: number | undefined;
  for (const s of sent) {
    if (!s.flags.ack) continue;
    if (highest === undefined || ((s.ack - highest) | 0) > 0) {
      fresh.add(s);
      highest = s.ack;
    }
  }
  return fresh;
}

export function compareSide(
  timeline: SideTimeline,
  engineSent: readonly EngineSent[],
  steps: readonly StepRecord[],
): Comparison {
  const { iss, irs } = timeline;
  const text = (s: Segment): string => segmentText(s, iss, irs);
  const key = (s: Segment): string => text(s);
  const captured = timeline.events.filter((e) => e.dir === 'sent');
  const horizon = timeline.end;
  // The time since the side's previous event, for the tolerance.
  const gapOf = (e: SideEvent): number => {
    const i = timeline.events.indexOf(e);
    const prev = i > 0 ? timeline.events[i - 1] : undefined;
    return prev ? e.t - prev.t : e.t;
  };
  const engine = engineSent.map((x) => ({ ...x, matched: false }));
  const capMatch = new Map<SideEvent, (typeof engine)[number]>();
  for (const c of captured) {
    const window = tolerance(gapOf(c)) + (isPureAck(c.seg) ? ACK_DELAY_MS : 0);
    const k = key(c.seg);
    const hit = engine.find((x) => !x.matched && key(x.seg) === k && Math.abs(x.t - c.t) <= window);
    if (hit) {
      hit.matched = true;
      capMatch.set(c, hit);
    }
  }
  const allowed: Allowed[] = [];
  const differences: Difference[] = [];
  const marks = new Map<object, Row['mark']>();
  const stepAt = (t: number): StepRecord | undefined => steps.findLast((s) => s.t <= t);
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= ACK_DELAY_MS;

  for (const [c, x] of capMatch) {
    const late = x.t - c.t;
    if (isPureAck(c.seg) && Math.abs(late) > tolerance(gapOf(c))) {
      allowed.push({
        t: c.t,
        text: `${text(c.seg)}: the capture at ${ms(c.t)}, the engine at ${ms(x.t)}`,
        reason: 'an ACK may be delayed up to 500 ms (RFC 9293 §3.8.6.3, MUST-40)',
      });
      marks.set(c, 'allowed');
    } else marks.set(c, 'same');
  }
  const unmatchedCap = captured.filter((c) => !capMatch.has(c));
  const unmatchedEng = engine.filter((x) => !x.matched);
  let afterEnd = 0;
  // Only an ACK of new octets may be merged or delayed.
  const freshCap = freshAcks(captured.map((c) => c.seg));
  const freshEng = freshAcks(engineSent.map((x) => x.seg));
  for (const c of unmatchedCap) {
    const s = c.seg;
    if (isPureAck(s) && freshCap.has(s)) {
      const merged = engineSent.find((x) => carriesAck(x.seg) && x.seg.ack === s.ack && near(x.t, c.t));
      if (merged) {
        allowed.push({
          t: c.t,
          text: `${text(s)} sent alone in the capture; the engine's ACK rode on ${text(merged.seg)}`,
          reason: 'an ACK may ride on the next segment (RFC 9293 §3.8.6.3)',
        });
        marks.set(c, 'allowed');
        continue;
      }
      const covering = engineSent.find(
        (x) =>
          x.seg.flags.ack &&
          !x.seg.flags.syn &&
          !x.seg.flags.rst &&
          ((x.seg.ack - s.ack) | 0) > 0 &&
          x.t >= c.t &&
          near(x.t, c.t),
      );
      if (covering) {
        allowed.push({
          t: c.t,
          text: `${text(s)} in the capture; the engine acknowledged it with ${text(covering.seg)} at ${ms(covering.t)}`,
          reason:
            'one ACK may cover several segments (RFC 9293 §3.8.6.3, SHLD-19: at least every second full-sized segment, within 500 ms)',
        });
        marks.set(c, 'allowed');
        continue;
      }
    }
    // The same segment sent at another time: one timing difference, paired with the nearest copy.
    const same = unmatchedEng
      .filter((x) => !x.matched && key(x.seg) === key(s))
      .sort((a, b) => Math.abs(a.t - c.t) - Math.abs(b.t - c.t))[0];
    if (same) {
      (same as { matched: boolean }).matched = true;
      differences.push({
        id: `timing ${text(s)}`,
        kind: 'timing',
        t: c.t,
        capture: `${text(s)} at ${ms(c.t)}`,
        engine: `sent it at ${ms(same.t)} (tolerance ±${Math.round(tolerance(gapOf(c)))} ms)`,
        rule: ruleOf(same.step),
      });
      marks.set(c, 'differs');
      continue;
    }
    const step = stepAt(c.t);
    differences.push({
      id: `missing ${text(s)}`,
      kind: 'missing',
      t: c.t,
      capture: `${text(s)} at ${ms(c.t)}`,
      engine: `sent nothing like it (in ${step?.to ?? 'CLOSED'})`,
      rule: ruleOf(step),
    });
    marks.set(c, 'differs');
  }
  for (const x of unmatchedEng) {
    if (x.matched) continue;
    const s = x.seg;
    if (x.t > horizon + tolerance(0)) {
      afterEnd += 1;
      continue;
    }
    if (isPureAck(s) && freshEng.has(s)) {
      const merged = captured.find((c) => carriesAck(c.seg) && c.seg.ack === s.ack && near(x.t, c.t));
      const covering = captured.find(
        (c) =>
          c.seg.flags.ack && !c.seg.flags.syn && !c.seg.flags.rst && ((c.seg.ack - s.ack) | 0) > 0 && near(x.t, c.t),
      );
      const exactPure = captured.some((c) => isPureAck(c.seg) && c.seg.ack === s.ack);
      if (merged || (covering && !exactPure)) {
        const by = (merged ?? covering)!;
        allowed.push({
          t: x.t,
          text: `the engine sent ${text(s)} alone at ${ms(x.t)}; the capture acknowledged with ${text(by.seg)} at ${ms(by.t)}`,
          reason: 'an ACK may go alone or ride on the next segment (RFC 9293 §3.8.6.3)',
        });
        marks.set(x, 'allowed');
        continue;
      }
    }
    differences.push({
      id: `extra ${text(s)}`,
      kind: 'extra',
      t: x.t,
      capture: 'nothing like it',
      engine: `sent ${text(s)} at ${ms(x.t)}`,
      rule: ruleOf(x.step),
    });
    marks.set(x, 'differs');
  }
  if (captured.some((c) => c.seg.flags.syn) || timeline.synOptions.length > 0) {
    allowed.push({
      t: 0,
      text: `windows and options are not compared${timeline.synOptions.length > 0 ? ` (the SYNs carried ${timeline.synOptions.join(', ')})` : ''}`,
      reason:
        'the engine models neither options nor window management: its window is the rcvWnd setting and its SYN offers only an MSS',
    });
  }

  // Rows for the diagram: everything in time order, a matched pair on one row.
  const rows: Row[] = [];
  for (const e of timeline.events) {
    if (e.dir === 'received') rows.push({ t: e.t, received: segmentText(e.seg, irs, iss), mark: '' });
    else {
      const x = capMatch.get(e);
      rows.push({
        t: e.t,
        capture: text(e.seg),
        ...(x ? { engine: text(x.seg), engineT: x.t } : {}),
        mark: marks.get(e) ?? '',
      });
    }
  }
  const paired = new Set(capMatch.values());
  for (const x of engine) {
    if (paired.has(x) || x.t > horizon + tolerance(0)) continue;
    rows.push({ t: x.t, engine: text(x.seg), engineT: x.t, mark: marks.get(x) ?? (x.matched ? 'differs' : '') });
  }
  rows.sort((a, b) => a.t - b.t);
  differences.sort((a, b) => a.t - b.t);
  return { rows, allowed, differences, afterEnd };
}
