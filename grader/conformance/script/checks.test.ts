/** Scripts as graded checks: the jobs scriptChecks makes, and how judgeScript charges a difference. */
import { describe, expect, it } from 'vitest';
import { CATALOGUE, findEntry } from '../../engine/catalogue.js';
import { NotImplemented } from '../../engine/not-implemented.js';
import type { Modules } from '../../engine/modules.js';
import { modules as reference, modulesWith } from '../../../solutions/modules.js';
import { runJob } from '../../runner/in-process.js';
import type { Job } from '../../runner/jobs.js';
import type { Observation } from '../observe.js';
import { checksOf, judgeScript, loadScripts, scriptChecks, type ScriptCheck } from './index.js';

describe('scriptChecks and judgeScript', () => {
  const all = scriptChecks(reference);
  const check = (script: string, exercise: string): ScriptCheck => {
    const found = all.find((c) => c.script === `scripts/${script}.pkt` && c.exercise === exercise);
    if (!found) throw new Error(`no check ${script} for ${exercise}`);
    return found;
  };
  const run = (c: ScriptCheck, candidate: Modules | undefined): Observation[] => {
    const result = runJob(c.job, candidate ?? reference);
    if (result.kind !== 'transition') throw new Error('wrong kind of result');
    return result.observations;
  };

  it('one check per script and exercise, each a transition job run wholly on the candidate', () => {
    expect(all.length).toBe(loadScripts(reference).reduce((n, s) => n + s.exercises.length, 0));
    for (const c of all) {
      const job: Job = c.job; // a Job as grader/runner/jobs.ts defines it
      expect(job).toMatchObject({ kind: 'transition', id: c.id, exercise: c.exercise });
      expect(Object.keys(job).sort()).toEqual(['exercise', 'id', 'inputs', 'kind', 'setup']);
      expect(c.expected.some((o) => findEntry(o.transition!)?.exercise === c.exercise)).toBe(true);
    }
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(scriptChecks(reference, '07-keepalive').map((c) => c.id)).toEqual([
      'scripts/keepalive-probe.pkt (07-keepalive)',
    ]);
  });

  it('the reference, run as a candidate, passes every step of every check', () => {
    for (const c of all) {
      const outcomes = judgeScript(c, run(c, reference));
      expect(outcomes.length).toBeGreaterThan(0);
      expect(outcomes.filter((o) => !o.passed)).toEqual([]);
      for (const o of outcomes) {
        expect(findEntry(o.transition)?.exercise).toBe(c.exercise);
        expect(c.lines).toContain(o.step);
        expect(o).toMatchObject({ check: c.id, kind: 'scenario', exercise: c.exercise });
      }
    }
  });

  it('a wrong observation fails once, charged to the transition the reference took there, and stops there', () => {
    const c = check('challenge-ack', '08-resets');
    const observations = structuredClone(c.expected);
    const wrong = observations.findIndex((o) => o.transition === 'ESTABLISHED --rcv RST in window--> ESTABLISHED');
    observations[wrong] = { ...observations[wrong]!, state: 'CLOSED', sent: [] };
    const outcomes = judgeScript(c, observations);
    expect(outcomes.filter((o) => !o.passed)).toHaveLength(1);
    expect(outcomes.at(-1)).toEqual({
      check: 'scripts/challenge-ack.pkt (08-resets)',
      kind: 'scenario',
      passed: false,
      transition: 'ESTABLISHED --rcv RST in window--> ESTABLISHED',
      exercise: '08-resets',
      step: 16,
      expected:
        'line 16 (+1     < R 29000:29000(0)): state ESTABLISHED; sent ACK seq=5001 ack=1101; notices []; timers none',
      actual: 'state CLOSED; sent nothing; notices []; timers none (handled by checkRst)',
    });
    expect(outcomes.slice(0, -1).every((o) => o.passed)).toBe(true);
  });

  it("a divergence at another exercise's step is charged, as in scenarios, to the exercise's own next transition", () => {
    const c = check('challenge-ack', '08-resets');
    const observations = structuredClone(c.expected);
    observations[1] = { ...observations[1]!, sent: [] }; // the SYN,ACK (02's rule) never went out
    expect(judgeScript(c, observations)).toEqual([
      expect.objectContaining({
        passed: false,
        transition: 'ESTABLISHED --rcv RST in window--> ESTABLISHED',
        exercise: '08-resets',
        step: 10,
        expected: expect.stringMatching(
          /^line 10 \(\+0     < S 0:0\(0\)\): state SYN-RECEIVED; sent SYN,ACK seq=5000 ack=1001;/,
        ),
      }),
    ]);
    // After the exercise's last transition, the charge goes back to the last one before.
    const k = check('time-wait-reack', '04-four-way-close');
    const late = structuredClone(k.expected);
    const i = late.findIndex((o) => o.transition === 'TIME-WAIT --rcv FIN--> TIME-WAIT');
    late[i] = { ...late[i]!, sent: [] };
    expect(judgeScript(k, late).at(-1)).toMatchObject({
      passed: false,
      transition: 'FIN-WAIT-2 --rcv FIN--> TIME-WAIT',
      exercise: '04-four-way-close',
      step: 25,
    });
  });

  it('a difference in timers only is shown with the timers', () => {
    const c = check('time-wait-reack', '05-time-wait');
    const observations = structuredClone(c.expected);
    const i = observations.findIndex((o) => o.transition === 'TIME-WAIT --rcv FIN--> TIME-WAIT');
    observations[i] = { ...observations[i]!, timers: [['time-wait', 20037]] };
    const failed = judgeScript(c, observations).find((o) => !o.passed)!;
    expect(failed.transition).toBe('TIME-WAIT --rcv FIN--> TIME-WAIT');
    expect(failed.expected).toContain('timers time-wait at 21037 ms');
    expect(failed.actual).toContain('timers time-wait at 20037 ms');
  });

  it('a candidate module that does not restart the 2*MSL timer fails on the retransmitted FIN', () => {
    const timeWait = {
      ...reference.timeWait,
      retransmittedFin: ((conn, seg, ctx) => {
        if (!seg.flags.fin || ctx.seq.seqAdd(seg.seq, ctx.seq.segmentLength(seg)) !== conn.tcb.rcv.nxt)
          return 'continue';
        ctx.send({ seq: conn.tcb.snd.nxt, ack: conn.tcb.rcv.nxt, ctl: 'ACK' }); // ACKs, forgets the restart
        ctx.go('TIME-WAIT --rcv FIN--> TIME-WAIT');
        return 'done';
      }) satisfies Modules['timeWait']['retransmittedFin'],
    };
    const c = check('time-wait-reack', '05-time-wait');
    const outcomes = judgeScript(c, run(c, modulesWith({ timeWait })));
    expect(outcomes.map((o) => [o.transition, o.passed, o.step])).toEqual([
      ['TIME-WAIT --rcv FIN--> TIME-WAIT', false, 25],
    ]);
  });

  it('a stub counts as not started: the NotImplemented error travels with the failure', () => {
    const stub = (fn: string) => (): never => {
      throw new NotImplemented('05-time-wait', fn);
    };
    const timeWait = Object.fromEntries(
      Object.keys(reference.timeWait).map((fn) => [fn, stub(fn)]),
    ) as unknown as Modules['timeWait'];
    const c = check('time-wait-reack', '05-time-wait');
    const outcomes = judgeScript(c, run(c, modulesWith({ timeWait })));
    expect(outcomes).toEqual([
      expect.objectContaining({
        passed: false,
        transition: 'TIME-WAIT --rcv FIN--> TIME-WAIT',
        step: 25,
        error: expect.objectContaining({ name: 'NotImplemented' }),
      }),
    ]);
  });

  it('a job that never finished fails its first step with the reason', () => {
    const c = check('keepalive-probe', '07-keepalive');
    const [first, ...rest] = judgeScript(c, [], { name: 'timeout', message: 'the batch ran too long' });
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      passed: false,
      transition: 'ESTABLISHED --timeout keepalive--> ESTABLISHED',
      exercise: '07-keepalive',
      step: 12,
      actual: 'timeout: the batch ran too long',
      error: { name: 'timeout' },
    });
  });

  it('checksOf names one check per exercise the script exercises', () => {
    const [script] = loadScripts(reference).filter((s) => s.file === 'scripts/rst-closed-port.pkt');
    expect(checksOf(script!).map((c) => c.exercise)).toEqual(['02-three-way-handshake', '03-handshake-failures']);
    expect(CATALOGUE.length).toBeGreaterThan(0);
  });
});
