/**
 * The mutation operators on small snippets: each produces the intended one-edit change, ids are
 * stable, and what must not be mutated (comments, imports, types, @provided code, ctx.go) is not.
 */
import { describe, expect, it } from 'vitest';
import { applyMutant, findMutants, type OperatorName } from './mutators.js';
import { ctlVariants } from './syntax.js';

/** The mutated sources of `code` for one operator. */
function variants(code: string, operator: OperatorName): string[] {
  return findMutants(code, { operators: [operator] }).map((m) => applyMutant(code, m));
}

describe('operators', () => {
  it('relational: swaps < <=, > >=, === !==', () => {
    const code = 'export const f = (a: number, b: number) => a < b && a >= b && a === b && a !== b;\n';
    expect(variants(code, 'relational')).toEqual([
      'export const f = (a: number, b: number) => a <= b && a >= b && a === b && a !== b;\n',
      'export const f = (a: number, b: number) => a < b && a > b && a === b && a !== b;\n',
      'export const f = (a: number, b: number) => a < b && a >= b && a !== b && a !== b;\n',
      'export const f = (a: number, b: number) => a < b && a >= b && a === b && a === b;\n',
    ]);
  });

  it('negate: a whole condition, and each operand of && / || (but not an equality: the swap covers it)', () => {
    expect(variants('export function f(x: boolean) { if (x) return 1; return 0; }\n', 'negate')).toEqual([
      'export function f(x: boolean) { if (!x) return 1; return 0; }\n',
    ]);
    expect(variants('export function f(x: boolean) { if (!x) return 1; return 0; }\n', 'negate')).toEqual([
      'export function f(x: boolean) { if (x) return 1; return 0; }\n',
    ]);
    expect(variants('export const f = (a: boolean, n: number) => a && n > 0;\n', 'negate')).toEqual([
      'export const f = (a: boolean, n: number) => !a && n > 0;\n',
      'export const f = (a: boolean, n: number) => a && !(n > 0);\n',
    ]);
    expect(variants('export const f = (a: boolean) => (a ? 1 : 2);\n', 'negate')).toEqual([
      'export const f = (a: boolean) => (!a ? 1 : 2);\n',
    ]);
    expect(variants('export function f(n: number) { if (n === 0) return 1; return 0; }\n', 'negate')).toEqual([]);
  });

  it('logical: && <-> ||', () => {
    expect(variants('export const f = (a: boolean, b: boolean) => a && b || a;\n', 'logical')).toEqual([
      'export const f = (a: boolean, b: boolean) => a || b || a;\n',
      'export const f = (a: boolean, b: boolean) => a && b && a;\n',
    ]);
  });

  it('literal: ±1, negative results parenthesized, a negative literal as a whole', () => {
    expect(variants('export const f = (x: number) => x - 0;\n', 'literal')).toEqual([
      'export const f = (x: number) => x - 1;\n',
      'export const f = (x: number) => x - (-1);\n',
    ]);
    expect(variants('export const f = (x: number) => x + -1;\n', 'literal')).toEqual([
      'export const f = (x: number) => x + 0;\n',
      'export const f = (x: number) => x + (-2);\n',
    ]);
    expect(variants('export const N = 60_000;\n', 'literal')).toEqual([
      'export const N = 60001;\n',
      'export const N = 59999;\n',
    ]);
  });

  it('arithmetic: + <-> -, += <-> -=, but not string concatenation', () => {
    expect(variants('export function f(t: { n: number }, a: number) { t.n += a - 1; }\n', 'arithmetic')).toEqual([
      'export function f(t: { n: number }, a: number) { t.n -= a - 1; }\n',
      'export function f(t: { n: number }, a: number) { t.n += a + 1; }\n',
    ]);
    expect(variants("export const f = (s: string) => s + 'x';\n", 'arithmetic')).toEqual([]);
  });

  it('remove: a whole expression statement inside a function, never ctx.go or ctx.stay', () => {
    const code = [
      'export function f(ctx: Ctx, t: { n: number }) {',
      "  ctx.send({ seq: 1, ctl: 'ACK' });",
      '  t.n = 2;',
      "  ctx.go('CLOSED --CLOSE--> CLOSED');",
      "  if (t.n) ctx.cancelTimer('keepalive');",
      "  ctx.stay('rcv ACK');",
      '}',
      '',
    ].join('\n');
    const out = variants(code, 'remove');
    expect(out).toHaveLength(3);
    expect(out[0]).toContain('export function f(ctx: Ctx, t: { n: number }) {\n  ;\n  t.n = 2;');
    expect(out[1]).toContain("ctx.send({ seq: 1, ctl: 'ACK' });\n  ;\n  ctx.go(");
    expect(out[2]).toContain('if (t.n) ;');
    for (const o of out) expect(o).toContain("ctx.go('CLOSED --CLOSE--> CLOSED');");
    for (const o of out) expect(o).toContain("ctx.stay('rcv ACK');");
  });

  it("verdict: return 'continue' <-> 'done', only in return position", () => {
    const code =
      "export const s = (x: boolean) => { const v = 'done'; if (x) return 'continue'; return x ? 'done' : 'continue'; };\n";
    expect(variants(code, 'verdict')).toEqual([
      "export const s = (x: boolean) => { const v = 'done'; if (x) return 'done'; return x ? 'done' : 'continue'; };\n",
      "export const s = (x: boolean) => { const v = 'done'; if (x) return 'continue'; return x ? 'continue' : 'continue'; };\n",
      "export const s = (x: boolean) => { const v = 'done'; if (x) return 'continue'; return x ? 'done' : 'done'; };\n",
    ]);
  });

  it('ctl: drops one bit of several, adds ACK to a lone SYN/FIN/RST, only for a ctl: value', () => {
    expect(ctlVariants('FIN,ACK')).toEqual(['ACK', 'FIN']);
    expect(ctlVariants('RST')).toEqual(['RST,ACK']);
    expect(ctlVariants('ACK')).toEqual([]);
    expect(ctlVariants('not,flags')).toEqual([]);
    const code =
      "export function f(ctx: Ctx, fin: boolean) { ctx.send({ seq: 1, ctl: fin ? 'FIN,ACK' : 'ACK' }); const s = 'FIN,ACK'; }\n";
    expect(variants(code, 'ctl')).toEqual([
      "export function f(ctx: Ctx, fin: boolean) { ctx.send({ seq: 1, ctl: fin ? 'ACK' : 'ACK' }); const s = 'FIN,ACK'; }\n",
      "export function f(ctx: Ctx, fin: boolean) { ctx.send({ seq: 1, ctl: fin ? 'FIN' : 'ACK' }); const s = 'FIN,ACK'; }\n",
    ]);
  });

  it('config: ctx.config.X and names destructured from ctx.config become 0', () => {
    const code = [
      'export function f(ctx: Ctx) {',
      '  const { mss } = ctx.config;',
      '  return ctx.config.mslMs * 2 + mss;',
      '}',
      '',
    ].join('\n');
    expect(variants(code, 'config')).toEqual([
      code.replace('ctx.config.mslMs * 2', '0 * 2'),
      code.replace('* 2 + mss', '* 2 + 0'),
    ]);
  });
});

describe('what is skipped', () => {
  it('comments, imports, type-only code and ctx.go arguments', () => {
    const code = [
      "import type { Ctx } from '../../grader/engine/modules.js';",
      "import { X } from './x.js';",
      'type N = 1 | 2;',
      'interface I { a: 1 }',
      '// if (a < b) return 1 + 2;',
      '/* a === b */',
      'export const f = (ctx: Ctx, xs: Array<1 | 2>): N => {',
      '  ctx.go(`${xs.length > 1 ? "A" : "B"} --x--> B` as never);',
      '  return 1 as N;',
      '};',
      '',
    ].join('\n');
    const mutants = findMutants(code);
    // Only the `1` of `return 1 as N` (±1) is code that runs outside ctx.go.
    expect(mutants.map((m) => applyMutant(code, m).split('\n')[8])).toEqual(['  return 2 as N;', '  return 0 as N;']);
  });

  it('@provided functions and the private helpers only they are given with', () => {
    const code = [
      'function helper(n: number): number {',
      '  return n + 1;',
      '}',
      'function mine(n: number): number {',
      '  return n - 1;',
      '}',
      '/** @provided plumbing */',
      'export function given(n: number): number {',
      '  return helper(n) * 2;',
      '}',
      'export function graded(n: number): number {',
      '  return mine(n) > 0 ? 1 : 0;',
      '}',
      '',
    ].join('\n');
    const scopes = new Set(findMutants(code).map((m) => m.scope));
    expect([...scopes].sort()).toEqual(['graded', 'mine']);
  });
});

describe('mutants', () => {
  const code = [
    'export function f(ctx: Ctx, t: { n: number }) {',
    '  if (t.n < 3) t.n += 1;',
    "  ctx.send({ seq: t.n, ctl: 'SYN,ACK' });",
    '}',
    '',
  ].join('\n');

  it('have a one-line description with file:line and function', () => {
    const mutants = findMutants(code, { file: 'solutions/01-x/x.ts' });
    expect(mutants.find((m) => m.operator === 'relational')?.description).toBe('x.ts:2 f: t.n < 3 → t.n <= 3');
    expect(mutants.filter((m) => m.operator === 'remove').map((m) => m.description)).toEqual([
      'x.ts:2 f: removed t.n += 1;',
      "x.ts:3 f: removed ctx.send({ seq: t.n, ctl: 'SYN,ACK' });",
    ]);
    for (const m of findMutants(code, { file: 'x.ts' })) expect(m.description).not.toContain('\n');
  });

  it('have unique ids that survive edits elsewhere in the file', () => {
    const before = findMutants(code, { file: 'x.ts' });
    expect(new Set(before.map((m) => m.id)).size).toBe(before.length);
    const shifted = findMutants(`// a new first line\n\n${code}`, { file: 'x.ts' });
    expect(shifted.map((m) => m.id)).toEqual(before.map((m) => m.id));
    expect(shifted[0]!.line).toBe(before[0]!.line + 2);
  });

  it('each apply as exactly one edit of the original', () => {
    for (const m of findMutants(code)) {
      const out = applyMutant(code, m);
      expect(out).not.toBe(code);
      expect(out.slice(0, m.start)).toBe(code.slice(0, m.start));
      expect(out.slice(m.start + m.replacement.length)).toBe(code.slice(m.end));
    }
  });
});
