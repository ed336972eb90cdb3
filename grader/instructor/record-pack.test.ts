/** The recorded packs as a person reviews them: one check or scenario per line, so a diff names what changed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES } from '../engine/exercises.js';
import { KIT } from '../runner/kit.js';
import type { Pack } from '../conformance/pack.js';
import { judgeScenario } from '../conformance/scenario-checks.js';

describe('recorded packs', () => {
  for (const e of EXERCISES.filter((x) => x.module)) {
    it(`${e.id}/checks.json holds one record per line`, () => {
      const text = readFileSync(join(KIT, 'exercises', e.id, 'checks.json'), 'utf8');
      const pack = JSON.parse(text) as Pack;
      const records = text.split('\n').filter((l) => l.startsWith('{"id":'));
      expect(records).toHaveLength(pack.checks.length + pack.scenarios.length);
      const ids = records.map((l) => (JSON.parse(l.replace(/,$/, '')) as { id: string }).id);
      expect(ids).toEqual([...pack.checks.map((c) => c.id), ...pack.scenarios.map((c) => c.id)]);
      // Nothing else is long: the framing lines are short.
      for (const line of text.split('\n').filter((l) => !l.startsWith('{"id":'))) expect(line.length).toBeLessThan(100);
    });
  }
});

describe('a recorded scenario step that follows several rules', () => {
  it("keeps them, so a divergence there is charged to the exercise's own rule, as in hidden grading", () => {
    const text = readFileSync(join(KIT, 'exercises', '01-sequence-numbers', 'checks.json'), 'utf8');
    const check = (JSON.parse(text) as Pack).scenarios.find(
      (c) => c.id === 'lost-synack (01-sequence-numbers as the server)',
    )!;
    // The peer's FIN: 01's processAck follows ESTABLISHED's ACK rule, then 04's checkFin the FIN's.
    const i = check.expected.findIndex((s) => s.transition === 'ESTABLISHED --rcv FIN--> CLOSE-WAIT');
    expect(check.expected[i]?.rules).toEqual([
      'ESTABLISHED --rcv ACK--> ESTABLISHED',
      'ESTABLISHED --rcv FIN--> CLOSE-WAIT',
    ]);
    // The code under test throws at that step: the failure is 01's ACK rule, not an earlier 01 step.
    const played = check.expected.slice(0, i).map((s) => ({ ...s, rules: s.rules ?? [s.transition] }));
    const outcomes = judgeScenario(check, played, { name: 'RuleError', message: 'processAck: ctx.stay(...)' });
    const failed = outcomes.find((o) => !o.passed);
    expect(failed).toMatchObject({ transition: 'ESTABLISHED --rcv ACK--> ESTABLISHED', step: i + 1 });
    // One-rule steps keep no list: their transition is their rule.
    expect(check.expected.filter((s) => s.rules === undefined).length).toBeGreaterThan(0);
  });
});
