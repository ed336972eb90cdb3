/**
 * Judging a conversation step by step: a step whose state, segments and notices match the reference's
 * but whose timers differ fails at that step (RFC 9293 §3.10.7.4: a retransmitted FIN in TIME-WAIT is
 * acknowledged and restarts the 2 MSL timeout), charged to the rule of that step.
 */
import { describe, expect, it } from 'vitest';
import type { SegmentStep } from '../engine/modules.js';
import { modules as reference, modulesWith } from '../../solutions/modules.js';
import * as timeWait from '../../solutions/05-time-wait/time-wait.js';
import { runJob } from '../runner/in-process.js';
import type { TraceSegment } from '../sim/trace.js';
import type { PlayedStep } from './replay.js';
import { judgeScenario, scenarioChecks, scenarioReplay, type ScenarioCheck } from './scenario-checks.js';

const RESTART = 'TIME-WAIT --rcv FIN--> TIME-WAIT';

/** The retransmitted FIN acknowledged, but the 2 MSL timer left as it was. */
const noRestart: SegmentStep = (conn, seg, ctx) => {
  if (!seg.flags.fin || seg.flags.rst || seg.flags.syn) return 'continue';
  if (ctx.seq.seqAdd(seg.seq, ctx.seq.segmentLength(seg)) !== conn.tcb.rcv.nxt) return 'continue';
  ctx.send({ seq: conn.tcb.snd.nxt, ack: conn.tcb.rcv.nxt, ctl: 'ACK' });
  ctx.go(RESTART);
  return 'done';
};

function judge(check: ScenarioCheck, modules = reference) {
  const result = runJob(
    { kind: 'replay', id: check.id, exercise: check.exercise, replay: scenarioReplay(reference, check) },
    modules,
  );
  if (result.kind !== 'replay') throw new Error('not a replay');
  return judgeScenario(check, result.steps, result.error);
}

describe('judging a conversation', () => {
  const checks = scenarioChecks(reference, '05-time-wait', 1).filter((c) =>
    c.expected.some((s) => s.transition === RESTART),
  );

  it('has a conversation in which a retransmitted FIN reaches TIME-WAIT, and the reference passes it', () => {
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) expect(judge(c).every((o) => o.passed)).toBe(true);
  });

  it("fails the step whose timers differ, at that step, showing both sides' timers", () => {
    const modules = modulesWith({ timeWait: { ...timeWait, retransmittedFin: noRestart } });
    for (const c of checks) {
      const failed = judge(c, modules).find((o) => !o.passed);
      expect(failed?.transition).toBe(RESTART);
      expect(failed?.step).toBe(c.expected.findIndex((s) => s.transition === RESTART) + 1);
      expect(failed?.expected).toMatch(/timers .*time-wait at \d+ ms/);
      expect(failed?.actual).toMatch(/timers .*time-wait at \d+ ms/);
      expect(failed?.expected).not.toBe(failed?.actual);
    }
  });
});

describe('what a step is compared on', () => {
  const check = scenarioChecks(reference, '05-time-wait', 1)[0]!;
  const played = (): PlayedStep[] => structuredClone(check.expected) as PlayedStep[];
  /** The first step whose sent segments match `pick`, and the judging with `change` made to it. */
  const judgeChanged = (pick: (g: TraceSegment) => boolean, change: (g: TraceSegment) => void) => {
    const steps = played();
    const at = steps.findIndex((s) => s.sent.some(pick));
    expect(at).toBeGreaterThanOrEqual(0);
    change(steps[at]!.sent.find(pick)!);
    return { at, outcomes: judgeScenario(check, steps) };
  };

  it("the reference's own steps pass", () => {
    expect(judgeScenario(check, played()).every((o) => o.passed)).toBe(true);
  });

  it('an acknowledgment number in a segment without ACK is not compared (RFC 9293 §3.1: it is ignored)', () => {
    const { outcomes } = judgeChanged(
      (g) => !g.flags.includes('ACK'),
      (g) => {
        g.ack += 1;
      },
    );
    expect(outcomes.every((o) => o.passed)).toBe(true);
  });

  it('the acknowledgment number of an ACK, a sequence number, the data and the flags are', () => {
    const changes: [(g: TraceSegment) => boolean, (g: TraceSegment) => void][] = [
      [(g) => g.flags.includes('ACK'), (g) => void (g.ack += 1)],
      [() => true, (g) => void (g.seq += 1)],
      [() => true, (g) => void (g.data = `${g.data}x`)],
      [(g) => g.flags.includes('ACK'), (g) => void (g.flags = g.flags.filter((f) => f !== 'ACK'))],
    ];
    for (const [pick, change] of changes) {
      const { at, outcomes } = judgeChanged(pick, change);
      const failed = outcomes.find((o) => !o.passed);
      expect(failed?.step).toBe(at + 1);
    }
  });

  it('a segment the network lost is the same segment as one it delivered', () => {
    const { outcomes } = judgeChanged(
      () => true,
      (g) => {
        g.dropped = !g.dropped;
      },
    );
    expect(outcomes.every((o) => o.passed)).toBe(true);
  });
});
