/**
 * The inspection before anything of a submission runs: imports outside the allowed set, calls that
 * load code another way and missing exports are refused with their line (static checks, read from
 * the syntax); type errors and exports of the wrong type are reported with the student's line, by
 * the native compiler or, where it is missing, by the inspector process; a clean exercise gets its
 * framework imports pointed at the kit's engine.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Project } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT } from '../kit.js';
import { cleanup, prepare } from '../submission.js';
import { inspect } from './index.js';
import { nativeTsc, nativeTypecheck } from './native-tsc.js';
import { staticCheck } from './static-checks.js';

const TIME_WAIT = readFileSync(join(KIT, 'solutions', '05-time-wait', 'time-wait.ts'), 'utf8');
const EXPECTED = ['checkAck', 'ignoreRst', 'retransmittedFin', 'timeWaitTimeout'];
const project = new Project({ useInMemoryFileSystem: true });
const check = (text: string) =>
  staticCheck(project.createSourceFile('/x/time-wait.ts', text, { overwrite: true }), EXPECTED);
/** The 1-based line of the first line holding `text`. */
const lineOf = (source: string, text: string): number => source.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('static checks', () => {
  it('accept the reference, and locate its framework import exactly', () => {
    const verdict = check(TIME_WAIT);
    expect(verdict.problems).toEqual([]);
    expect(verdict.imports.map((i) => [TIME_WAIT.slice(i.start, i.end), i.module])).toEqual([
      ['../../grader/engine/modules.js', 'modules'],
    ]);
  });

  it.each([
    ["import { readFileSync } from 'node:fs';", "import 'node:fs' is not allowed"],
    ["export { spawn } from 'node:child_process';", "import 'node:child_process' is not allowed"],
    ["import { modules } from '../../solutions/modules.js';", "import '../../solutions/modules.js' is not allowed"],
    [
      "import { suiteFor } from '../../grader/conformance/suite.js';",
      "import '../../grader/conformance/suite.js' is not allowed",
    ],
    [
      "import { pump } from '../../grader/engine/testing/dialogue.js';",
      "import '../../grader/engine/testing/dialogue.js' is not allowed",
    ],
    [
      "import { x } from '../../grader/engine/no-such-file.js';",
      "import '../../grader/engine/no-such-file.js' is not allowed",
    ],
    ["const fs = await import('node:fs');", 'import(...) is not allowed'],
    ["const fs = require('node:fs');", 'require(...) is not allowed'],
    ["globalThis.process.binding('fs');", 'globalThis.process.binding(...) is not allowed'],
    ["const fs = process.getBuiltinModule('node:fs');", 'process.getBuiltinModule(...) is not allowed'],
    ["import fs = require('node:fs');", "import fs = require('node:fs') is not allowed"],
    [
      "import { x } from '../../../../grader/engine/types.js';",
      "import '../../../../grader/engine/types.js' is not allowed",
    ],
  ])('refuse %s on its line', (line, message) => {
    const text = TIME_WAIT.replace('export const ignoreRst', `${line}\nexport const ignoreRst`);
    const verdict = check(text);
    expect(verdict.problems).toEqual([
      {
        message: expect.stringContaining(message) as unknown,
        line: lineOf(text, line),
        column: expect.any(Number) as unknown,
      },
    ]);
    // The column is where the refused construct starts on that line.
    expect(line.slice(verdict.problems[0]!.column! - 1)).toMatch(/^(import|export|require|process|globalThis)\b/);
  });

  it('a file that does not parse is refused where it stops parsing, line and column, not as missing exports', () => {
    const broken = TIME_WAIT.replace(
      'export const checkAck: SegmentStep = (conn, seg, ctx) => {\n',
      'export const checkAck: SegmentStep = (conn, seg, ctx) => {\n  if (ctx.now > 0 {\n',
    );
    expect(broken).not.toBe(TIME_WAIT);
    const line = broken.split('\n').indexOf('  if (ctx.now > 0 {') + 1;
    expect(check(broken).problems).toEqual([{ message: "')' expected. (TS1005)", line, column: 19 }]);
  });

  it('list the exports the stub declares that are missing; a renamed re-export counts', () => {
    const without = TIME_WAIT.replace('export const ignoreRst', 'const ignoreRst').replace(
      'export const checkAck',
      'const checkAck',
    );
    expect(check(without).problems).toEqual([
      { message: 'missing exports: checkAck, ignoreRst (keep every function the stub declares)' },
    ]);
    const renamed = without
      .replace('const checkAck', 'const ackInTimeWait')
      .replace(/$/, '\nexport { ignoreRst, ackInTimeWait as checkAck };\n');
    expect(check(renamed).problems).toEqual([]);
  });
});

it('finds the native compiler on this machine (its package installs here for every platform the kit supports)', () => {
  expect(nativeTsc()).toMatch(/typescript-[a-z0-9]+-[a-z0-9]+[\\/]lib[\\/]tsc(\.exe)?$/);
});

it('a typecheck that cannot run leaves every exercise it covered ungraded, saying why', async () => {
  const temp = mkdtempSync(join(tmpdir(), 'tcplab-tsc-test-'));
  try {
    for (const id of ['05-time-wait', '07-keepalive'])
      cpSync(join(KIT, 'solutions', id), join(temp, id), { recursive: true });
    const prepared = prepare(temp);
    try {
      const { checked } = inspect(prepared);
      await checked;
      const errors = await nativeTypecheck(join(temp, 'no-such-tsc'), prepared, new Map());
      expect(errors.map((e) => [e.exercise, e.kind])).toEqual([
        ['05-time-wait', 'crash'],
        ['07-keepalive', 'crash'],
      ]);
      expect(errors[0]?.message).toMatch(/^the typecheck could not run: /);
    } finally {
      cleanup(prepared);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}, 60_000);

describe.each([
  ['the native compiler', true],
  ['the inspector alone (no native compiler)', false],
])('inspection with %s', (_name, useNative) => {
  const temp = mkdtempSync(join(tmpdir(), 'tcplab-inspect-test-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  const submit = (text: string): string => {
    const dir = mkdtempSync(join(temp, 'sub-'));
    mkdirSync(join(dir, '05-time-wait'));
    writeFileSync(join(dir, '05-time-wait', 'time-wait.ts'), text);
    return dir;
  };
  const inspected = async (text: string) => {
    const prepared = prepare(submit(text));
    try {
      const { checked, types } = inspect(prepared, { useNative });
      await checked;
      const copy = prepared.exercises[0] ? readFileSync(prepared.exercises[0].source, 'utf8') : undefined;
      return { errors: [...prepared.errors, ...(await types)], copy, source: prepared.exercises[0]?.source };
    } finally {
      cleanup(prepared);
    }
  };

  it('passes the reference and points its framework import at the kit', async () => {
    const { errors, copy } = await inspected(TIME_WAIT);
    expect(errors).toEqual([]);
    const spec = /from '([^']+)'/.exec(copy ?? '')?.[1] ?? '';
    expect(spec).toMatch(/^(\.\.\/)+.*grader\/engine\/modules\.js$/);
    expect(copy?.replace(spec, '../../grader/engine/modules.js')).toBe(TIME_WAIT);
  }, 60_000);

  it('reports a type error with the line it is on', async () => {
    const text = TIME_WAIT.replace(
      "ctx.setTimer('time-wait', 2 * ctx.config.mslMs);",
      "ctx.setTimer('time-wait', '2 MSL');",
    );
    const { errors } = await inspected(text);
    expect(errors).toEqual([
      expect.objectContaining({
        kind: 'typecheck',
        exercise: '05-time-wait',
        line: lineOf(text, "'2 MSL'"),
        message: expect.stringContaining('(TS2345)') as unknown,
      }),
    ]);
  }, 60_000);

  it("refuses an export whose type is not the stub's, on the line that declares it", async () => {
    // The reference's checkAck kept under another name (the file stays clean), and an export of the wrong type in its place.
    const text = TIME_WAIT.replace(
      'export const checkAck: SegmentStep = (conn, seg, ctx) => {',
      'const referenceCheckAck: SegmentStep = (conn, seg, ctx) => {',
    ).concat(
      "void referenceCheckAck;\nexport const checkAck = (_conn: unknown, _seg: unknown, ctx: { go(id: string): void }): number => {\n  ctx.go('TIME-WAIT --rcv ACK--> TIME-WAIT');\n  return 1;\n};\n",
    );
    expect(text).toContain('const referenceCheckAck');
    const { errors } = await inspected(text);
    expect(errors).toEqual([
      expect.objectContaining({
        kind: 'typecheck',
        exercise: '05-time-wait',
        line: lineOf(text, 'export const checkAck'),
        message: expect.stringMatching(/^checkAck does not have the type the kit expects: /) as unknown,
      }),
    ]);
  }, 60_000);

  it('refuses a forbidden import before anything is copied to run', async () => {
    const text = TIME_WAIT.replace(
      'export const ignoreRst',
      "import { readFileSync } from 'node:fs';\nvoid readFileSync;\nexport const ignoreRst",
    );
    const { errors, copy } = await inspected(text);
    expect(errors).toEqual([
      expect.objectContaining({ kind: 'static', exercise: '05-time-wait', line: lineOf(text, 'node:fs') }),
    ]);
    expect(copy).toBeUndefined();
  }, 60_000);
});

describe('inspection results kept by file hash', () => {
  const temp = mkdtempSync(join(tmpdir(), 'tcplab-inspect-cache-test-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  // A text no earlier run has kept (the comment, naming this run's folder, makes it new): the first inspection is a real one.
  let made = 0;
  const fresh = (text: string): string => `${text}\n// ${temp} ${made++}\n`;
  const inspected = async (text: string) => {
    const dir = mkdtempSync(join(temp, 'sub-'));
    mkdirSync(join(dir, '05-time-wait'));
    writeFileSync(join(dir, '05-time-wait', 'time-wait.ts'), text);
    const prepared = prepare(dir);
    try {
      const { checked, types } = inspect(prepared, { cache: true });
      await checked;
      const errors = [...prepared.errors, ...(await types)];
      // The native typecheck writes its project file beside the copies: there only if it ran.
      const typechecked = readdirSync(prepared.workDir).includes('tsconfig.json');
      const copy = prepared.exercises[0] ? readFileSync(prepared.exercises[0].source, 'utf8') : undefined;
      return { errors, typechecked, copy };
    } finally {
      cleanup(prepared);
    }
  };
  /** The kept results are written as `types` settles, in a callback of the same turn: done by the next one. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('a clean file graded again is neither inspected nor typechecked, and is copied to run as before', async () => {
    const text = fresh(TIME_WAIT);
    const first = await inspected(text);
    expect(first).toMatchObject({ errors: [], typechecked: true });
    await settle();
    const again = await inspected(text);
    expect(again).toMatchObject({ errors: [], typechecked: false });
    expect(again.copy).toBe(first.copy);
  }, 60_000);

  it('a file with a type error is typechecked each time, and the error reported each time', async () => {
    const text = fresh(
      TIME_WAIT.replace("ctx.setTimer('time-wait', 2 * ctx.config.mslMs);", "ctx.setTimer('time-wait', '2 MSL');"),
    );
    const expected = [
      expect.objectContaining({ kind: 'typecheck', exercise: '05-time-wait', line: lineOf(text, "'2 MSL'") }),
    ];
    const first = await inspected(text);
    expect(first).toMatchObject({ errors: expected, typechecked: true });
    await settle();
    expect(await inspected(text)).toMatchObject({ errors: expected, typechecked: true });
  }, 60_000);

  it('a refused file is refused again from what was kept, with the same error, and never copied', async () => {
    const text = fresh(
      TIME_WAIT.replace(
        'export const ignoreRst',
        "import { readFileSync } from 'node:fs';\nvoid readFileSync;\nexport const ignoreRst",
      ),
    );
    const first = await inspected(text);
    expect(first.errors).toEqual([
      expect.objectContaining({ kind: 'static', exercise: '05-time-wait', line: lineOf(text, 'node:fs') }),
    ]);
    await settle();
    const again = await inspected(text);
    // The same error, at this submission's own file.
    const place = ({ file, ...rest }: { file?: string | undefined }) => ({
      ...rest,
      file: file?.replace(/sub-\w+/, 'sub-'),
    });
    expect(again.errors.map(place)).toEqual(first.errors.map(place));
    expect(again).toMatchObject({ typechecked: false, copy: undefined });
  }, 60_000);
});
