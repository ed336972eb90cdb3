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

type Candidate = EngineSent & { matched: boolean };

/** One comparison under way: the two sides' segments, what is paired, and the verdicts so far. */
interface Work {
  timeline: SideTimeline;
  engineSent: readonly EngineSent[];
  steps: readonly StepRecord[];
  /** What the side sent in the capture. */
  captured: SideEvent[];
  engine: Candidate[];
  /** A captured segment and the engine's segment it matched. */
  capMatch: Map<SideEvent, Candidate>;
  allowed: Allowed[];
  differences: Difference[];
  marks: Map<object, Row['mark']>;
  text: (s: Segment) => string;
  /** The time since the side's previous event, for the tolerance. */
  gapOf: (e: SideEvent) => number;
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= ACK_DELAY_MS;

export function compareSide(
  timeline: SideTimeline,
  engineSent: readonly EngineSent[],
  steps: readonly StepRecord[],
): Comparison {
  const w = pair(timeline, engineSent, steps);
  markPairs(w);
  const unmatchedEng = w.engine.filter((x) => !x.matched);
  // Only an ACK of new octets may be merged or delayed.
  const freshCap = freshAcks(w.captured.map((c) => c.seg));
  const freshEng = freshAcks(engineSent.map((x) => x.seg));
  for (const c of w.captured.filter((c) => !w.capMatch.has(c))) {
    if (!(isPureAck(c.seg) && freshCap.has(c.seg) && excusedCaptured(w, c))) unmatchedCaptured(w, c, unmatchedEng);
  }
  let afterEnd = 0;
  for (const x of unmatchedEng) {
    if (x.matched) continue;
    if (x.t > timeline.end + tolerance(0)) afterEnd += 1;
    else if (!(isPureAck(x.seg) && freshEng.has(x.seg) && excusedEngine(w, x))) extraEngine(w, x);
  }
  if (w.captured.some((c) => c.seg.flags.syn) || timeline.synOptions.length > 0) {
    w.allowed.push({
      t: 0,
      text: `windows and options are not compared${timeline.synOptions.length > 0 ? ` (the SYNs carried ${timeline.synOptions.join(', ')})` : ''}`,
      reason:
        'the engine models neither options nor window management: its window is the rcvWnd setting and its SYN offers only an MSS',
    });
  }
  w.differences.sort((a, b) => a.t - b.t);
  return { rows: rowsOf(w), allowed: w.allowed, differences: w.differences, afterEnd };
}

/** Each captured segment paired with the first unpaired engine segment like it within its time window. */
function pair(timeline: SideTimeline, engineSent: readonly EngineSent[], steps: readonly StepRecord[]): Work {
  const { iss, irs } = timeline;
  const text = (s: Segment): string => segmentText(s, iss, irs);
  const gapOf = (e: SideEvent): number => {
    const i = timeline.events.indexOf(e);
    const prev = i > 0 ? timeline.events[i - 1] : undefined;
    return prev ? e.t - prev.t : e.t;
  };
  const captured = timeline.events.filter((e) => e.dir === 'sent');
  const engine = engineSent.map((x) => ({ ...x, matched: false }));
  const capMatch = new Map<SideEvent, Candidate>();
  for (const c of captured) {
    const window = tolerance(gapOf(c)) + (isPureAck(c.seg) ? ACK_DELAY_MS : 0);
    const k = text(c.seg);
    const hit = engine.find((x) => !x.matched && text(x.seg) === k && Math.abs(x.t - c.t) <= window);
    if (hit) {
      hit.matched = true;
      capMatch.set(c, hit);
    }
  }
  const marks = new Map<object, Row['mark']>();
  return { timeline, engineSent, steps, captured, engine, capMatch, allowed: [], differences: [], marks, text, gapOf };
}

/** A pair is the same, or allowed when it is an ACK later or earlier than the tolerance (a delayed ACK). */
function markPairs(w: Work): void {
  for (const [c, x] of w.capMatch) {
    const late = x.t - c.t;
    if (isPureAck(c.seg) && Math.abs(late) > tolerance(w.gapOf(c))) {
      w.allowed.push({
        t: c.t,
        text: `${w.text(c.seg)}: the capture at ${ms(c.t)}, the engine at ${ms(x.t)}`,
        reason: 'an ACK may be delayed up to 500 ms (RFC 9293 §3.8.6.3, MUST-40)',
      });
      w.marks.set(c, 'allowed');
    } else w.marks.set(c, 'same');
  }
}

/** A captured ACK of new octets the engine sent on another segment, or covered by a later ACK: allowed. */
function excusedCaptured(w: Work, c: SideEvent): boolean {
  const { text } = w;
  const s = c.seg;
  const merged = w.engineSent.find((x) => carriesAck(x.seg) && x.seg.ack === s.ack && near(x.t, c.t));
  if (merged) {
    w.allowed.push({
      t: c.t,
      text: `${text(s)} sent alone in the capture; the engine's ACK rode on ${text(merged.seg)}`,
      reason: 'an ACK may ride on the next segment (RFC 9293 §3.8.6.3)',
    });
    w.marks.set(c, 'allowed');
    return true;
  }
  const covering = w.engineSent.find(
    (x) =>
      x.seg.flags.ack &&
      !x.seg.flags.syn &&
      !x.seg.flags.rst &&
      ((x.seg.ack - s.ack) | 0) > 0 &&
      x.t >= c.t &&
      near(x.t, c.t),
  );
  if (!covering) return false;
  w.allowed.push({
    t: c.t,
    text: `${text(s)} in the capture; the engine acknowledged it with ${text(covering.seg)} at ${ms(covering.t)}`,
    reason:
      'one ACK may cover several segments (RFC 9293 §3.8.6.3, SHLD-19: at least every second full-sized segment, within 500 ms)',
  });
  w.marks.set(c, 'allowed');
  return true;
}

/** A captured segment the engine sent at another time (a timing difference), or never sent (missing). */
function unmatchedCaptured(w: Work, c: SideEvent, unmatchedEng: readonly Candidate[]): void {
  const { text } = w;
  const s = c.seg;
  // The same segment sent at another time: one timing difference, paired with the nearest copy.
  const same = unmatchedEng
    .filter((x) => !x.matched && text(x.seg) === text(s))
    .sort((a, b) => Math.abs(a.t - c.t) - Math.abs(b.t - c.t))[0];
  if (same) {
    same.matched = true;
    w.differences.push({
      id: `timing ${text(s)}`,
      kind: 'timing',
      t: c.t,
      capture: `${text(s)} at ${ms(c.t)}`,
      engine: `sent it at ${ms(same.t)} (tolerance ±${Math.round(tolerance(w.gapOf(c)))} ms)`,
      rule: ruleOf(same.step),
    });
    w.marks.set(c, 'differs');
    return;
  }
  const step = w.steps.findLast((st) => st.t <= c.t);
  w.differences.push({
    id: `missing ${text(s)}`,
    kind: 'missing',
    t: c.t,
    capture: `${text(s)} at ${ms(c.t)}`,
    engine: `sent nothing like it (in ${step?.to ?? 'CLOSED'})`,
    rule: ruleOf(step),
  });
  w.marks.set(c, 'differs');
}

/** An ACK of new octets the engine sent alone where the capture merged it or covered it with another: allowed. */
function excusedEngine(w: Work, x: Candidate): boolean {
  const s = x.seg;
  const merged = w.captured.find((c) => carriesAck(c.seg) && c.seg.ack === s.ack && near(x.t, c.t));
  const covering = w.captured.find(
    (c) => c.seg.flags.ack && !c.seg.flags.syn && !c.seg.flags.rst && ((c.seg.ack - s.ack) | 0) > 0 && near(x.t, c.t),
  );
  const exactPure = w.captured.some((c) => isPureAck(c.seg) && c.seg.ack === s.ack);
  if (!(merged || (covering && !exactPure))) return false;
  const by = (merged ?? covering)!;
  w.allowed.push({
    t: x.t,
    text: `the engine sent ${w.text(s)} alone at ${ms(x.t)}; the capture acknowledged with ${w.text(by.seg)} at ${ms(by.t)}`,
    reason: 'an ACK may go alone or ride on the next segment (RFC 9293 §3.8.6.3)',
  });
  w.marks.set(x, 'allowed');
  return true;
}

/** A segment the engine sent and the capture shows nothing like. */
function extraEngine(w: Work, x: Candidate): void {
  w.differences.push({
    id: `extra ${w.text(x.seg)}`,
    kind: 'extra',
    t: x.t,
    capture: 'nothing like it',
    engine: `sent ${w.text(x.seg)} at ${ms(x.t)}`,
    rule: ruleOf(x.step),
  });
  w.marks.set(x, 'differs');
}

/** Rows for the diagram: everything in time order, a matched pair on one row. */
function rowsOf(w: Work): Row[] {
  const { timeline, text } = w;
  const rows: Row[] = [];
  for (const e of timeline.events) {
    if (e.dir === 'received') rows.push({ t: e.t, received: segmentText(e.seg, timeline.irs, timeline.iss), mark: '' });
    else {
      const x = w.capMatch.get(e);
      rows.push({
        t: e.t,
        capture: text(e.seg),
        ...(x ? { engine: text(x.seg), engineT: x.t } : {}),
        mark: w.marks.get(e) ?? '',
      });
    }
  }
  const paired = new Set(w.capMatch.values());
  for (const x of w.engine) {
    if (paired.has(x) || x.t > timeline.end + tolerance(0)) continue;
    rows.push({ t: x.t, engine: text(x.seg), engineT: x.t, mark: w.marks.get(x) ?? (x.matched ? 'differs' : '') });
  }
  rows.sort((a, b) => a.t - b.t);
  return rows;
}
