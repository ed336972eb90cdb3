/**
 * A failure names the student's function that handled the step, with its file and line; a step that
 * names no transition is the student's RuleError, in the student's words, not a bug of the kit.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT } from '../runner/kit.js';
import { publicCheck } from './grading.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-handler-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('a failure names the function at fault', () => {
  it('a forgotten ctx.go in listenCheckSyn: a RuleError naming it, at its line, charged to the rule it should have named', async () => {
    const dir = join(temp, 'forgot-go');
    cpSync(join(KIT, 'solutions', '02-three-way-handshake'), join(dir, '02-three-way-handshake'), { recursive: true });
    const file = join(dir, '02-three-way-handshake', 'three-way-handshake.ts');
    const text = readFileSync(file, 'utf8');
    const changed = text.replace("  ctx.go('LISTEN --rcv SYN--> SYN-RECEIVED');\n", '');
    expect(changed).not.toBe(text);
    writeFileSync(file, changed);
    const line = changed.split('\n').findIndex((l) => l.startsWith('export const listenCheckSyn')) + 1;
    const report = await publicCheck(dir, '02-three-way-handshake');
    const failed = report.transitions.filter((t) => t.status === 'failed');
    expect(failed.map((t) => t.id)).toEqual(['LISTEN --rcv SYN--> SYN-RECEIVED']);
    expect(failed[0]!.failures[0]!.actual).toBe(
      `RuleError: your listenCheckSyn handled rcv SYN,FIN in LISTEN but named no transition: a handler calls ctx.go('…') (or ctx.stay('…')) with the catalogue rule it follows (./tcplab catalogue lists them) [listenCheckSyn is at ${relative(process.cwd(), file)}:${line}]`,
    );
  }, 60_000);
});
