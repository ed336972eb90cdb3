/**
 * The catalogue is the source of truth for docs, hints and scores, so it is checked as data:
 * well-formed entries, every edge of RFC 9293's state diagram present, every entry tested by name,
 * ids the compiler checks, and every RFC section cited anywhere in the kit real.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, findEntry, summarizeRules } from './catalogue.js';
import { RFC9293_SECTIONS } from './rfc-sections.js';
import { STATES } from './types.js';
import { FIGURE_5 } from './testing/figure-5.js';

const ROOT = join(import.meta.dirname, '..', '..');

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out;
}

describe('catalogue entries', () => {
  it('have unique ids of the form FROM --event--> TO naming real states', () => {
    const ids = new Set<string>();
    for (const e of CATALOGUE) {
      expect(ids.has(e.id), e.id).toBe(false);
      ids.add(e.id);
      expect(e.id).toBe(`${e.from} --${e.event}--> ${e.to}`);
      expect(STATES).toContain(e.from);
      expect(STATES).toContain(e.to);
      expect(e.weight, e.id).toBe(e.provided ? 0 : 1);
      expect(e.summary.length).toBeGreaterThan(10);
    }
  });

  it('include every edge of the RFC 9293 state diagram (Figure 5)', () => {
    // Figure 5 (LISTEN>SYN-SENT is SEND in LISTEN, which the kit refuses), and the resets and aborts to CLOSED it does not draw.
    const edges = [
      ...FIGURE_5.filter((e) => e !== 'LISTEN>SYN-SENT'),
      'SYN-RECEIVED>CLOSED',
      'ESTABLISHED>CLOSED',
      'CLOSE-WAIT>CLOSED',
    ];
    const present = new Set(CATALOGUE.map((e) => `${e.from}>${e.to}`));
    for (const edge of edges) expect(present.has(edge), edge).toBe(true);
  });

  it('give every state but CLOSED a way back to CLOSED by RST, ABORT or timeout', () => {
    for (const state of STATES.filter((s) => s !== 'CLOSED' && s !== 'LISTEN')) {
      const out = CATALOGUE.filter((e) => e.from === state && e.to === 'CLOSED');
      expect(
        out.some((e) => e.event === 'ABORT'),
        `${state} ABORT`,
      ).toBe(true);
      expect(
        out.some((e) => e.event.startsWith('rcv RST') || e.event.startsWith('timeout')),
        state,
      ).toBe(true);
    }
  });

  it('composite edges are made of two real rules that chain', () => {
    for (const e of CATALOGUE.filter((x) => x.via)) {
      const [a, b] = e.via!.map((id) => findEntry(id));
      expect(a && b, e.id).toBeTruthy();
      expect([a!.from, a!.to === b!.from, b!.to]).toEqual([e.from, true, e.to]);
      expect(summarizeRules(e.via!)).toBe(e.id);
    }
  });

  it('mark as provided (given ready-made, not graded) only the delayed ACK, in each state that has one', () => {
    expect(CATALOGUE.filter((e) => e.provided).map((e) => e.id)).toEqual([
      'ESTABLISHED --timeout delayed ACK--> ESTABLISHED',
      'FIN-WAIT-1 --timeout delayed ACK--> FIN-WAIT-1',
      'FIN-WAIT-2 --timeout delayed ACK--> FIN-WAIT-2',
      'CLOSE-WAIT --timeout delayed ACK--> CLOSE-WAIT',
    ]);
  });

  it('every entry has a test titled with its id (as vitest collects them, loops included)', async () => {
    // Collecting without isolation imports each module once for all the files: a few seconds, not tens.
    const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const args = [vitest, 'list', 'solutions', '--no-isolate', '--pool=threads'];
    const { stdout } = await execa(process.execPath, args, { cwd: ROOT, env: { NO_COLOR: '1' } });
    const titles = stdout.split('\n').map((line) => line.split(' > ').at(-1)!.trim());
    const covered = (id: string): boolean => titles.some((t) => t === id || t.startsWith(`${id} (`));
    expect(CATALOGUE.filter((e) => !covered(e.id)).map((e) => e.id)).toEqual([]);
  }, 120_000);
});

describe('transition ids are checked by the compiler', () => {
  // A file beside the engine's, compiled with the project's options by the project's TypeScript.
  const FIXTURE = join(ROOT, 'grader', 'engine', 'typo.fixture.ts');
  const LINES = [
    "import type { Conn, Ctx } from './modules.js';",
    "import type { Dialogue } from './testing/dialogue.js';",
    'declare const ctx: Ctx; declare const conn: Conn; declare const d: Dialogue; declare const text: string;',
    "ctx.go('FIN-WAIT-1 --rcv FIN--> CLOSING');",
    "ctx.go('FIN-WAIT-1 --rcv FN--> CLOSING');",
    'ctx.go(`${conn.state} --SEND--> ${conn.state}`);',
    'ctx.go(`${conn.state} --SND--> ${conn.state}`);',
    'ctx.go(text);',
    "ctx.stay('rcv ACK');",
    "ctx.stay('rcv AKC');",
    "ctx.stay('OPEN passive');",
    "d.expectTransition('LAST-ACK --rcv ACK of FIN--> CLOSED');",
    "d.expectTransition('LAST-ACK --rcv ACK of FIN--> TIME-WAIT');",
  ];

  it('a typo in an id, literal or templated over the state, or in the event of ctx.stay, fails tsc; a real one passes', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    )!;
    const options = { ...parsed.options, types: [] };
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) =>
      name === FIXTURE ? ts.createSourceFile(name, LINES.join('\n'), language) : read(name, language, ...rest);
    const program = ts.createProgram([FIXTURE], options, host);
    const errors = ts.getPreEmitDiagnostics(program, program.getSourceFile(FIXTURE)).map((d) => {
      const line = d.file!.getLineAndCharacterOfPosition(d.start!).line;
      return `${LINES[line]} ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`;
    });
    expect(errors).toEqual([
      "ctx.go('FIN-WAIT-1 --rcv FN--> CLOSING'); No overload matches this call.",
      'ctx.go(`${conn.state} --SND--> ${conn.state}`); No overload matches this call.',
      'ctx.go(text); No overload matches this call.',
      // The message lists the events a rule keeping the state is named by.
      expect.stringMatching(/^ctx\.stay\('rcv AKC'\); Argument of type '"rcv AKC"' is not assignable .*"rcv ACK"/),
      expect.stringMatching(/^ctx\.stay\('OPEN passive'\); Argument of type '"OPEN passive"' is not assignable/),
      "d.expectTransition('LAST-ACK --rcv ACK of FIN--> TIME-WAIT'); No overload matches this call.",
    ]);
    // And the engine agrees: the ids the compiler refuses are not in the catalogue.
    expect(findEntry('FIN-WAIT-1 --rcv FN--> CLOSING')).toBeUndefined();
    expect(findEntry('FIN-WAIT-1 --rcv FIN--> CLOSING')).toMatchObject({ from: 'FIN-WAIT-1', to: 'CLOSING' });
  }, 60_000);
});

describe('RFC citations', () => {
  it('every "RFC 9293 §x" in code, lessons and hints names a section that exists', () => {
    const files = [
      ...filesUnder(join(ROOT, 'grader'), (p) => p.endsWith('.ts')),
      ...filesUnder(join(ROOT, 'solutions'), (p) => p.endsWith('.ts')),
      ...filesUnder(join(ROOT, 'lessons'), (p) => p.endsWith('.md') || p.endsWith('.yaml')),
    ];
    const bad: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/RFC\s?9293[^§\n]{0,12}§\s?([0-9A-B][0-9.]*[0-9])/g)) {
        if (!RFC9293_SECTIONS.has(m[1]!)) bad.push(`${relative(ROOT, file)}: §${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
