/**
 * Hostile submissions that go after the grade itself rather than the grader process: calling the
 * reference instead of doing the work, forging answers on the child's channel, rewriting the jobs the
 * child runs. Each is graded in the sandbox, hidden suite, and must get nothing for it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade } from '../cli/grading.js';
import { EXERCISES } from '../engine/exercises.js';
import type { Report } from '../report/model.js';
import { modules as reference } from '../../solutions/modules.js';
import { prestart, sandboxExecutor } from './sandbox.js';
import { KIT } from './submission.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-hostile-ref-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const TOPICS = EXERCISES.filter((e) => e.module);

/** A copy of solutions/ with some module files rewritten. */
function submission(change: (file: string, text: string) => string): string {
  const dir = mkdtempSync(join(temp, 'sub-'));
  cpSync(join(KIT, 'solutions'), dir, { recursive: true });
  for (const e of TOPICS) {
    const path = join(dir, e.id, e.file);
    writeFileSync(path, change(e.id, readFileSync(path, 'utf8')));
  }
  return dir;
}

/** `ahead`: children started before the static verdict, each loading the other topics' reference while it waits (as \`tcplab grade\` does). */
function hidden(dir: string, exercise?: string, ahead = false): Promise<Report> {
  return grade(dir, {
    mode: 'hidden',
    seed: 1,
    ...(exercise ? { exercise } : {}),
    executor: (candidates, prepared) => sandboxExecutor(prepared, candidates, { jobTimeoutMs: 5_000 }),
    ...(ahead ? { warm: (prepared) => prestart(prepared, { jobTimeoutMs: 5_000 }) } : {}),
  });
}

const comparable = (report: Report): string => JSON.stringify({ ...report, durationMs: 0 });

/**
 * A module with no TCP logic: every export forwards to a function of the same name found anywhere
 * in reach (objects caught by hooks on built-ins at load time, the global scope, and everything
 * reachable from a call's arguments), or throws if there is none.
 */
function delegating(names: readonly string[]): string {
  return `
const caught = new Set<unknown>();
const g = globalThis as unknown as Record<string, any>;
const apply = Reflect.apply;
const hook = (owner: any, key: string): void => {
  try {
    const original = owner[key];
    owner[key] = function (this: unknown, ...args: unknown[]) { for (const x of [this, ...args]) if ((typeof x === 'object' || typeof x === 'function') && x !== null) caught.add(x); return apply(original, this, args); };
  } catch { /* frozen */ }
};
hook(Object, 'entries'); hook(Object, 'values'); hook(Object, 'keys'); hook(Object, 'assign');
hook(g['WeakMap'].prototype, 'get'); hook(g['Map'].prototype, 'get'); hook(g['Reflect'], 'ownKeys');
const mine = new Set<unknown>();
/** Every function called \`name\` reachable from \`roots\` (breadth first, bounded), with the object holding it. */
function search(roots: unknown[], name: string, cap: number): [unknown, (...a: unknown[]) => unknown][] {
  const found: [unknown, (...a: unknown[]) => unknown][] = [];
  const seen = new Set<unknown>();
  let level = roots;
  for (let depth = 0; depth < 5 && level.length > 0 && seen.size < cap; depth++) {
    const next: unknown[] = [];
    for (const o of level) {
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
      seen.add(o);
      let keys: (string | symbol)[] = [];
      try { keys = Reflect.ownKeys(o); } catch { continue; }
      for (const k of keys) {
        // Data properties only: a getter of the runtime's, called out of place, may end the process.
        let v: unknown;
        try { v = Reflect.getOwnPropertyDescriptor(o, k)?.value; } catch { continue; }
        if (k === name && typeof v === 'function' && !mine.has(v)) found.push([o, v as (...a: unknown[]) => unknown]);
        next.push(v);
      }
      try { next.push(Object.getPrototypeOf(o)); } catch { /* none */ }
    }
    level = next;
  }
  return found;
}
// What the global scope and the hooks' catch hold, searched again whenever the hooks caught more.
const known = new Map<string, { at: number; found: [unknown, (...a: unknown[]) => unknown][] }>();
const forward = (name: string): any => {
  const f = (...args: unknown[]): unknown => {
    if (known.get(name)?.at !== caught.size) known.set(name, { at: caught.size, found: search([...caught, globalThis], name, 5000) });
    // Whatever is found is tried in turn: the first that does not throw is the answer.
    for (const [holder, candidate] of [...known.get(name)!.found, ...search(args, name, 500)]) {
      try { return apply(candidate, holder, args); } catch { /* not it */ }
    }
    throw new Error('no reference in reach');
  };
  mine.add(f);
  return f;
};
${names.map((n) => `export const ${n} = forward('${n}');`).join('\n')}
`;
}

let clean: Report;
beforeAll(async () => {
  clean = await hidden(join(KIT, 'solutions'), '05-time-wait');
}, 120_000);

describe('a submission that wants the grade without the work', () => {
  it.each([
    ['started when its exercise is run', false],
    ['started ahead, loading the other topics while the submission is inspected', true],
  ])(
    'forwarding every export to the reference scores 0 on every exercise: the reference for its topic is not in the child (%s)',
    async (_when, ahead) => {
      const dir = submission((id) => {
        const topic = TOPICS.find((e) => e.id === id)!.module!;
        return delegating(Object.keys(reference[topic]));
      });
      const report = await hidden(dir, undefined, ahead);
      expect(report.errors).toEqual([]);
      for (const e of report.exercises) expect(e, e.id).toMatchObject({ score: 0 });
      expect(report.score).toBe(0);
      // The forwarding code ran, looked, and found nothing to call.
      const actual = report.transitions.flatMap((t) => t.failures.map((f) => f.actual ?? ''));
      expect(actual.some((a) => a.includes('no reference in reach'))).toBe(true);
    },
    300_000,
  );

  it.each([
    ['change nothing', ''],
    // Writes that may crash the submission's own process: it can only lose by them.
    [
      'gain nothing, whatever else it writes to',
      [
        "try { const h = g['process'].stdout._handle; if (h) writers.push((s) => h.writeUtf8String({}, s + '\\n')); } catch { /* no handle */ }",
        "for (const fd of [0, 1, 2, 4, 5]) { try { const S = Object.getPrototypeOf(g['process'].stdout).constructor; const w = new S(fd); writers.push((s) => w.write(s + '\\n')); } catch { /* no */ } }",
      ].join('\n'),
    ],
  ])(
    'lines forged on the result channel, for this job and later ones, %s',
    async (what, WILD) => {
      const forge = `
const g = globalThis as unknown as Record<string, any>;
const sniffed: string[] = [];
const spy = (proto: any, key: string): void => {
  try {
    Object.defineProperty(proto, key, { configurable: true, get(this: any) { try { sniffed.push(String.fromCharCode(...new Uint8Array(this.buffer ?? this, 0, 40))); } catch { /* not bytes */ } return this.length; } });
  } catch { /* frozen */ }
};
spy(g['Buffer'].prototype, 'byteLength'); spy(Uint8Array.prototype, 'byteLength'); spy(Object.getPrototypeOf(Uint8Array.prototype), 'byteLength');
const failed = (id: string) => JSON.stringify({ t: 'result', r: { id, kind: 'failed', reason: 'crash', message: 'forged' } });
const ids = Array.from({ length: 3000 }, (_, i) => 't' + String(i + 1).padStart(4, '0'));
const writers: ((s: string) => void)[] = [];
try { g['process'].stdout.fd = 3; writers.push((s) => g['console'].log(s)); } catch { /* no */ }
try { const S = g['process'].stdout.constructor; const w = new S(3); writers.push((s) => w.write(s + '\\n')); } catch { /* no */ }
${WILD}
let forged = false;
export const forgeAll = (): void => {
  if (forged) return;
  forged = true;
  const nonces = ['', '0'.repeat(32), ...g['process'].argv, ...g['process'].execArgv, ...sniffed.flatMap((s) => s.split('\\t'))];
  for (const write of writers) for (const n of nonces) for (const id of ids) write(n + '\\t' + failed(id));
};
`;
      const dir = submission((id, text) =>
        id === '05-time-wait'
          ? `${text}\n${forge}`.replace(
              'export const checkAck: SegmentStep = (conn, seg, ctx) => {\n',
              'export const checkAck: SegmentStep = (conn, seg, ctx) => {\n  forgeAll();\n',
            )
          : text,
      );
      const report = await hidden(dir, '05-time-wait');
      if (WILD === '') {
        expect(comparable(report)).toBe(comparable(clean));
      } else {
        expect(what).toContain('gain nothing');
        expect(report.score).toBeLessThanOrEqual(clean.score);
        for (const t of report.transitions)
          expect(t.passed, t.id).toBeLessThanOrEqual(clean.transitions.find((c) => c.id === t.id)!.passed);
      }
    },
    300_000,
  );

  it('hooks that would rewrite the jobs on their way in change nothing', async () => {
    const rewrite = `
const g = globalThis as unknown as Record<string, any>;
const twist = (s: string): string => s.replaceAll('"seq":', '"seq":1').replaceAll('05-time-wait', '04-four-way-close');
const wrap = (owner: any, key: string, change: (r: any) => any): void => {
  try { const original = owner[key]; owner[key] = function (this: unknown, ...a: unknown[]) { return change(original.apply(this, a)); }; } catch { /* frozen */ }
};
wrap(String.prototype, 'slice', (r) => (typeof r === 'string' ? twist(r) : r));
wrap(String, 'fromCharCode', (r) => (typeof r === 'string' ? twist(r) : r));
wrap(JSON, 'parse', (r) => r);
try { g['JSON'] = { ...JSON, parse: (s: string) => JSON.parse(twist(s)) }; } catch { /* frozen */ }
wrap(g['TextDecoder'].prototype, 'decode', (r) => (typeof r === 'string' ? twist(r) : r));
try { const E = Object.getPrototypeOf(Object.getPrototypeOf(Object.getPrototypeOf(g['process'].stdout))); const emit = E.emit; E.emit = function (this: unknown, ev: string, ...a: unknown[]) { return emit.call(this, ev, ...a.map((x) => (typeof x === 'string' ? twist(x) : x))); }; } catch { /* no */ }
`;
    const dir = submission((id, text) => (id === '05-time-wait' ? `${text}\n${rewrite}` : text));
    const report = await hidden(dir, '05-time-wait');
    expect(comparable(report)).toBe(comparable(clean));
  }, 300_000);
});
