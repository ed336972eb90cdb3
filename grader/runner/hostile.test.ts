/**
 * Hostile submissions, graded in the sandbox: each is a copy of solutions/ with one module changed
 * to attack the grader. Each must get the right result (the affected checks fail, with a reason that
 * says what happened; everything else passes) and leave the grader process unharmed.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade } from '../cli/grading.js';
import type { Report } from '../report/model.js';
import { sandboxExecutor, sandboxIsolation, type SandboxOptions } from './sandbox.js';
import { KIT } from './submission.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-hostile-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const TIME_WAIT = '05-time-wait/time-wait.ts';
const KEEPALIVE = '07-keepalive/keepalive.ts';
/** The line in 05's `checkAck` that opens the branch taking the rule ACK (below), where the attacks go. */
const CHECK_ACK = '  if (!ctx.config.timeWaitAcks || !seg.flags.ack) {\n';
const ACK = 'TIME-WAIT --rcv ACK--> TIME-WAIT';
/** Short limits keep the file quick; the defaults are longer. */
const FAST: SandboxOptions = { jobTimeoutMs: 1_000, afterTimeoutMs: 300 };

/** A copy of solutions/ with one module changed. */
function submission(file: string, change: (text: string) => string): string {
  const dir = mkdtempSync(join(temp, 'sub-'));
  cpSync(join(KIT, 'solutions'), dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

/** Code at the start of 05's checkAck. */
const inCheckAck =
  (code: string) =>
  (text: string): string =>
    text.replace(CHECK_ACK, `${CHECK_ACK}  ${code}\n`);

/** Grade `dir` in the sandbox, public checks, one exercise (05 unless told; null: all). */
async function sandboxed(
  dir: string,
  exercise: string | null = '05-time-wait',
  sandbox: SandboxOptions = FAST,
): Promise<Report> {
  return grade(dir, {
    mode: 'public',
    seed: 1,
    ...(exercise ? { exercise } : {}),
    executor: (candidates, prepared) => sandboxExecutor(prepared, candidates, sandbox),
  });
}

const transition = (report: Report, id: string) => report.transitions.find((t) => t.id === id)!;
const others = (report: Report, exercise: string, but: string) =>
  report.transitions.filter((t) => t.exercise === exercise && t.id !== but);
const comparable = (report: Report): string => JSON.stringify({ ...report, durationMs: 0 });

let clean: Report;
beforeAll(async () => {
  clean = await sandboxed(join(KIT, 'solutions'));
}, 60_000);

describe('the sandbox', () => {
  it('grades the reference as in-process grading does, and says how it isolated the code', async () => {
    expect(clean.score).toBe(clean.maxScore);
    expect(clean.errors).toEqual([]);
    expect(clean.isolation).toBe(await sandboxIsolation());
    const inProcess = await grade(join(KIT, 'solutions'), { mode: 'public', seed: 1, exercise: '05-time-wait' });
    expect(comparable({ ...clean, isolation: 'none' })).toBe(comparable(inProcess));
  }, 60_000);

  it('an endless loop in one handler: only the checks reaching it fail, as timeouts; the rest is graded', async () => {
    const dir = submission(TIME_WAIT, inCheckAck('while (ctx.now >= 0) { /* spin */ }'));
    const report = await sandboxed(dir, null);
    const ack = transition(report, ACK);
    expect(ack.passed).toBe(0);
    // The first run over is stopped by the parent (1 s), then run again under the child's own limit.
    expect(ack.failures[0]?.actual).toMatch(
      /^timeout: your code ran longer than 0\.3 s on this check \(an endless loop\?\)/,
    );
    for (const t of others(report, '05-time-wait', ACK)) expect(t.status, t.id).toBe('passed');
    for (const e of report.exercises.filter((x) => x.id !== '05-time-wait')) expect(e.status, e.id).toBe('passed');
  }, 90_000);

  it('an endless loop at the top level of a module: the exercise cannot load, with a timeout error', async () => {
    const dir = submission(TIME_WAIT, (t) => `${t}\nwhile (Date.now() > 0) { /* spin */ }\n`);
    const report = await sandboxed(dir, '05-time-wait', { ...FAST, startTimeoutMs: 1_000 });
    expect(report.errors).toContainEqual(
      expect.objectContaining({
        kind: 'timeout',
        exercise: '05-time-wait',
        message: expect.stringContaining('could not load') as unknown,
      }),
    );
    expect(report.exercises).toEqual([expect.objectContaining({ id: '05-time-wait', score: 0, status: 'error' })]);
  }, 60_000);

  it.each([
    ['namespaces where available', {}],
    ['the permission model alone', { namespaces: false }],
  ])(
    'unbounded memory (Buffers in a loop) fails that check as memory; the grader lives on (%s)',
    async (_name, extra: SandboxOptions) => {
      const hog =
        'const keep: unknown[] = []; const B = (globalThis as unknown as { Buffer: { alloc(n: number, fill: number): unknown } }).Buffer; for (;;) keep.push(B.alloc(1 << 20, 1));';
      // A time limit the memory watch always beats, however busy the machine: the verdict is memory.
      const patient: SandboxOptions = {
        ...FAST,
        jobTimeoutMs: 60_000,
        afterTimeoutMs: 60_000,
        batchTimeoutMs: 120_000,
        ...extra,
      };
      const report = await sandboxed(submission(TIME_WAIT, inCheckAck(hog)), '05-time-wait', patient);
      expect(transition(report, ACK).failures[0]?.actual).toMatch(
        /^memory: your code used more than 512 MiB of memory/,
      );
      for (const t of others(report, '05-time-wait', ACK)) expect(t.status, t.id).toBe('passed');
      expect(process.memoryUsage().rss).toBeLessThan(1024 * 1024 * 1024);
    },
    180_000,
  );

  it('a heap bomb is stopped by the heap cap and reported as memory', async () => {
    const dir = submission(
      TIME_WAIT,
      inCheckAck('const keep: number[][] = []; for (;;) keep.push(new Array<number>(1 << 16).fill(ctx.now));'),
    );
    const report = await sandboxed(dir);
    expect(transition(report, ACK).failures[0]?.actual).toMatch(/^memory: /);
    for (const t of others(report, '05-time-wait', ACK)) expect(t.status, t.id).toBe('passed');
  }, 60_000);

  it('process.exit(0) in a handler is a crash of that check; grading goes on', async () => {
    const dir = submission(
      TIME_WAIT,
      inCheckAck('(globalThis as unknown as { process: { exit(code: number): void } }).process.exit(0);'),
    );
    const report = await sandboxed(dir);
    expect(transition(report, ACK).failures[0]?.actual).toMatch(
      /^crash: the process running your code ended: it exited with code 0/,
    );
    for (const t of others(report, '05-time-wait', ACK)) expect(t.status, t.id).toBe('passed');
  }, 60_000);

  it('throwing a string or an object fails the check with what was thrown', async () => {
    const str = await sandboxed(submission(TIME_WAIT, inCheckAck("if (ctx.now >= 0) throw 'boom';")));
    expect(transition(str, ACK).failures[0]?.actual).toBe('string: boom');
    const obj = await sandboxed(
      submission(TIME_WAIT, inCheckAck("if (ctx.now >= 0) throw { toString: () => 'an object' };")),
    );
    expect(transition(obj, ACK).failures[0]?.actual).toBe('object: an object');
    for (const r of [str, obj]) for (const t of others(r, '05-time-wait', ACK)) expect(t.status, t.id).toBe('passed');
  }, 60_000);

  it('a string thrown where nothing catches it (a microtask) crashes only that check', async () => {
    const dir = submission(TIME_WAIT, inCheckAck("Promise.resolve().then(() => { throw 'uncaught boom'; });"));
    const report = await sandboxed(dir);
    expect(transition(report, ACK).failures[0]?.actual).toMatch(
      /^crash: the process running your code ended: it exited with code 1 \(.*uncaught boom/,
    );
    for (const t of others(report, '05-time-wait', ACK)) expect(t.status, t.id).toBe('passed');
  }, 60_000);

  it('an Error thrown where nothing catches it (a timer) ends the process with its message', async () => {
    const dir = submission(TIME_WAIT, inCheckAck("setTimeout(() => { throw new RangeError('late boom'); }, 0);"));
    const report = await sandboxed(dir);
    expect(transition(report, ACK).failures[0]?.actual).toMatch(
      /^crash: the process running your code ended: it exited with code 1 \(Uncaught RangeError: late boom\)/,
    );
  }, 60_000);

  it('the built-ins are frozen: a module that patches one cannot load, and says why', async () => {
    const dir = submission(TIME_WAIT, (t) => `${t}\nDate.now = () => 0;\n`);
    const report = await sandboxed(dir);
    expect(report.exercises).toEqual([expect.objectContaining({ id: '05-time-wait', score: 0, status: 'error' })]);
    expect(report.errors).toContainEqual(
      expect.objectContaining({
        exercise: '05-time-wait',
        message: expect.stringMatching(
          /could not load: TypeError: Cannot assign to read only property 'now'.*JavaScript's built-ins are frozen/,
        ) as unknown,
      }),
    );
  }, 60_000);

  it('globals and prototypes patched at module load, where they still can be, change nothing in the report', async () => {
    const patch = [
      'const g = globalThis as unknown as Record<string, any>;',
      'const tryIt = (f: () => void): void => { try { f(); } catch { /* frozen */ } };',
      'tryIt(() => { Date.now = () => 0; });',
      'tryIt(() => { Math.random = () => 0.5; });',
      'tryIt(() => { (JSON as unknown as { stringify: () => string }).stringify = () => \'"pwned"\'; });',
      'tryIt(() => { (Object.prototype as unknown as { pwned: boolean }).pwned = true; });',
      "tryIt(() => { g['JSON'] = { stringify: () => '\"pwned\"', parse: () => ({ pwned: true }) }; });",
      "tryIt(() => { g['setImmediate'] = () => undefined; g['Buffer'].from = () => { throw new Error('pwned'); }; });",
      "tryIt(() => { Object.defineProperty(g['Buffer'].prototype, 'byteLength', { get() { throw new Error('pwned'); } }); });",
      "tryIt(() => { const E = Object.getPrototypeOf(Object.getPrototypeOf(Object.getPrototypeOf(g['process'].stdout))); E.emit = () => false; });",
      "tryIt(() => { g['TextDecoder'].prototype.decode = () => '{}'; g['TextEncoder'].prototype.encode = () => new Uint8Array(); });",
      // A rebound global Error would be handed every stack trace Node formats.
      "tryIt(() => { g['Error'] = { prepareStackTrace: () => 'pwned', stackTraceLimit: 10 }; g['Uint8Array'] = class {}; });",
    ].join('\n');
    const dir = submission(TIME_WAIT, (t) => `${t}\n${patch}\n`);
    const report = await sandboxed(dir);
    expect(comparable(report)).toBe(comparable(clean));
    expect(JSON.parse(JSON.stringify({ ok: 1 }))).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>)['pwned']).toBeUndefined();
  }, 60_000);

  it('fake result lines on stdout (or on fd 3 without the nonce) are ignored', async () => {
    // Every answer the parent could want, claiming a pass: for every job id the child is sent.
    const fake = [
      'const g = globalThis as unknown as { console: { log(s: string): void }; process: { argv: string[]; stdin: { constructor: new (o: { fd: number }) => { write(s: string): void } } } };',
      "const guesses = ['', ...g.process.argv, '0'.repeat(32)];",
      "const line = (nonce: string) => `${nonce}\\t${JSON.stringify({ t: 'result', r: { id: 'x', kind: 'transition', observations: [] } })}`;",
      'for (const n of guesses) { g.console.log(line(n)); g.console.log(`{"t":"result","r":{"kind":"scenario","steps":[]}}`); }',
      'try { const fd3 = new g.process.stdin.constructor({ fd: 3 }); for (const n of guesses) fd3.write(`${line(n)}\\n`); } catch { /* no fd 3 */ }',
      "if (ctx.now >= 0) throw new Error('the real answer is this error');",
    ].join(' ');
    const report = await sandboxed(submission(TIME_WAIT, inCheckAck(fake)));
    expect(transition(report, ACK).passed).toBe(0);
    expect(transition(report, ACK).failures[0]?.actual).toBe('Error: the real answer is this error');
    for (const t of others(report, '05-time-wait', ACK)) expect(t.status, t.id).toBe('passed');
  }, 60_000);

  it.each([
    ['namespaces where available', {}],
    ['the permission model alone', { namespaces: false }],
  ])(
    'process.kill(process.ppid) and process.kill(0) leave the grader alive (%s)',
    async (_name, extra: SandboxOptions) => {
      const kill =
        "const p = (globalThis as unknown as { process: { kill(pid: number, sig?: string): void; ppid: number } }).process; try { p.kill(p.ppid, 'SIGKILL'); } finally { p.kill(0, 'SIGKILL'); }";
      const report = await sandboxed(submission(TIME_WAIT, inCheckAck(kill)), '05-time-wait', { ...FAST, ...extra });
      expect(report.isolation).toBe(extra.namespaces === false ? 'permission-model' : await sandboxIsolation());
      expect(transition(report, ACK).passed).toBe(0);
      for (const t of others(report, '05-time-wait', ACK)) expect(t.status, t.id).toBe('passed');
      expect(process.ppid).toBeGreaterThan(1);
    },
    60_000,
  );

  it('a syntax error is reported with file:line (as static or type error); the other exercises are graded', async () => {
    const dir = submission(KEEPALIVE, (t) =>
      t.replace('export const keepaliveTimeout', 'const broken = ;\nexport const keepaliveTimeout'),
    );
    const report = await sandboxed(dir, null);
    const error = report.errors.find((e) => e.exercise === '07-keepalive');
    // Whichever sees it first (the bundler for the sandbox, or the typechecker beside it) reports it.
    expect(['static', 'typecheck']).toContain(error?.kind);
    expect(error).toMatchObject({ file: expect.stringContaining('keepalive.ts') as unknown });
    expect(error?.line).toBeGreaterThan(1);
    expect(report.exercises.find((e) => e.id === '07-keepalive')).toMatchObject({ status: 'error', score: 0 });
    for (const e of report.exercises.filter((x) => x.id !== '07-keepalive')) expect(e.status, e.id).toBe('passed');
  }, 90_000);

  it.each(['node:fs', 'node:child_process'])(
    'an import of %s is refused statically with file:line',
    async (spec) => {
      const dir = submission(TIME_WAIT, (t) =>
        t.replace(
          'import type { SegmentStep',
          `import * as forbidden from '${spec}';\nvoid forbidden;\nimport type { SegmentStep`,
        ),
      );
      const report = await sandboxed(dir);
      expect(report.errors).toContainEqual(
        expect.objectContaining({
          kind: 'static',
          exercise: '05-time-wait',
          line: 8,
          message: expect.stringContaining(`import '${spec}' is not allowed`) as unknown,
        }),
      );
      expect(report.exercises).toEqual([expect.objectContaining({ id: '05-time-wait', score: 0, status: 'error' })]);
    },
    60_000,
  );

  it('cannot read the hidden suite, the grader or the reference, nor write a report, by any route past the static checks', async () => {
    const cache = join(KIT, '.tcplab', 'cache');
    const hidden = existsSync(cache)
      ? (readdirSync(cache).map((n) => join(cache, n))[0] ?? join(KIT, 'package.json'))
      : join(KIT, 'package.json');
    const out = join(temp, 'report.json');
    const probe = `
const g = globalThis as unknown as Record<string, any>;
const p = g['process'];
const tried: string[] = [];
const attempt = (name: string, f: () => unknown): void => {
  try {
    const v = f();
    tried.push(\`\${name}=OPEN(\${String(v).slice(0, 30)})\`);
  } catch (e) {
    tried.push(\`\${name}=\${(e as { code?: string }).code ?? (e as Error).name}\`);
  }
};
const HIDDEN = ${JSON.stringify(hidden)}, OUT = ${JSON.stringify(out)}, KIT = ${JSON.stringify(KIT)};
attempt('getBuiltinModule', () => p.getBuiltinModule('fs').readFileSync(HIDDEN, 'utf8'));
attempt('binding', () => p.binding('fs'));
attempt('linkedBinding', () => p._linkedBinding('fs'));
attempt('report', () => p.report.writeReport(OUT));
attempt('loadEnvFile', () => p.loadEnvFile(HIDDEN));
attempt('dlopen', () => p.dlopen({ exports: {} }, HIDDEN));
attempt('chdir', () => p.chdir(KIT));
attempt('mainModule', () => p.mainModule.require('fs'));
attempt('require', () => g['require']('fs'));
attempt('eval', () => eval('1 + 1'));
attempt('Function', () => new Function('return 1')());
attempt('env', () => { const keys = Object.keys(p.env); if (keys.length === 0) throw Object.assign(new Error(), { code: 'EMPTY' }); return keys.join(','); });
export const routes = (): string => tried.join(' ');
`;
    const dir = submission(TIME_WAIT, (t) =>
      `${t}\n${probe}`.replace(
        CHECK_ACK,
        `${CHECK_ACK}  if (ctx.now >= 0) throw new Error(\`ROUTES \${routes()}\`);\n`,
      ),
    );
    const report = await sandboxed(dir);
    const actual = transition(report, ACK).failures[0]?.actual ?? '';
    expect(actual).toMatch(/^Error: ROUTES /);
    const routes = actual.replace(/^Error: ROUTES /, '').split(' ');
    expect(routes).toHaveLength(12);
    expect(routes.filter((r) => r.includes('=OPEN('))).toEqual([]);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it.each([
    ['namespaces where available', {}],
    ['the permission model alone', { namespaces: false }],
  ])(
    'cannot reach a Unix socket or the network (%s)',
    async (_name, extra: SandboxOptions) => {
      let connections = 0;
      const unix = createServer((s) => {
        connections++;
        s.destroy();
      });
      const tcp = createServer((s) => {
        connections++;
        s.destroy();
      });
      const sock = join(temp, `s-${extra.namespaces ?? 'ns'}.sock`);
      await new Promise<void>((resolve) => unix.listen(sock, resolve));
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
      const port = (tcp.address() as AddressInfo).port;
      try {
        const reach = [
          "const g = globalThis as unknown as Record<string, any>; const p = g['process']; const tried: string[] = [];",
          "for (const name of ['stdin', 'stdout', 'stderr']) { try { const S = p[name].constructor; const s = new S(); s.on?.('error', () => undefined); s.connect({ path: SOCK }); s.connect?.(PORT, '127.0.0.1'); tried.push(`${name}=OPEN(${S.name})`); } catch (e) { tried.push(`${name}=${(e as Error).name}`); } }",
          "try { void g['fetch'](`http://127.0.0.1:${PORT}/`).catch(() => undefined); tried.push('fetch=OPEN'); } catch (e) { tried.push(`fetch=${(e as Error).name}`); }",
          "if (ctx.now >= 0) throw new Error(`ROUTES ${tried.join(' ')}`);",
        ]
          .join(' ')
          .replaceAll('SOCK', JSON.stringify(sock))
          .replaceAll('PORT', String(port));
        const report = await sandboxed(submission(TIME_WAIT, inCheckAck(reach)), '05-time-wait', { ...FAST, ...extra });
        const actual = transition(report, ACK).failures[0]?.actual ?? '';
        expect(actual).toMatch(/^Error: ROUTES stdin=\S+ stdout=\S+ stderr=\S+ fetch=\S+$/);
        expect(actual).not.toContain('=OPEN');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(connections).toBe(0);
      } finally {
        unix.close();
        tcp.close();
      }
    },
    60_000,
  );
});
