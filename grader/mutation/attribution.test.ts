/** Attribution precision's parts: what a function reaches, and how a mutant's lost transitions are sorted. */
import { describe, expect, it } from 'vitest';
import type { TransitionScore } from '../conformance/score.js';
import { attribute, reachable } from './attribution.js';

const SOURCE = `
const LIMIT = 3;
function helper(n: number): boolean { return n < LIMIT; }
export const first = (n: number) => helper(n) ? 'a' : 'b';
export const second = (n: number) => n;
export function third(n: number) { return first(n); }
`;

const lost = (id: string, status: TransitionScore['status']): TransitionScore => ({
  id,
  status,
  from: '',
  event: '',
  to: '',
  exercise: '01-sequence-numbers',
  passed: 0,
  total: 1,
  score: 0,
  maxScore: 1,
  failures: [],
});

describe('attribution', () => {
  it("follows calls and references to the file's own names, transitively", () => {
    const r = reachable(SOURCE);
    expect([...r.get('first')!].sort()).toEqual(['LIMIT', 'first', 'helper']);
    expect([...r.get('second')!]).toEqual(['second']);
    expect([...r.get('third')!].sort()).toEqual(['LIMIT', 'first', 'helper', 'third']);
  });

  it('counts a failed transition right when a function that handles it reaches the mutated one; blocked ones are charged to nobody', () => {
    const handlers = new Map([
      ['A', new Set(['first'])],
      ['B', new Set(['second'])],
      ['C', new Set(['third'])],
    ]);
    const r = reachable(SOURCE);
    const out = attribute(
      'helper',
      [lost('A', 'failed'), lost('B', 'failed'), lost('C', 'blocked'), lost('D', 'passed')],
      handlers,
      r,
    );
    expect(out).toEqual({ right: ['A'], wrong: ['B'], blocked: ['C'] });
  });
});
