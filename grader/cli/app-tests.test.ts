/**
 * The application tests as every student command runs them: counted per exercise, and an endless
 * loop in crawler.ts stopped at the limit with its whole process group (vitest's worker included),
 * charged to that exercise only.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT } from '../runner/kit.js';
import { linkKitParts, processesIn } from './testing.js';
import { runAppTests } from './app-tests.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-app-tests-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A student's kit whose crawler.ts is `crawler` (06's server as shipped). */
function kit(crawler: string): string {
  const root = mkdtempSync(join(temp, 'kit-'));
  linkKitParts(root);
  for (const id of ['05-time-wait', '06-close-wait']) {
    mkdirSync(join(root, 'exercises', id), { recursive: true });
    cpSync(join(KIT, 'exercises', id), join(root, 'exercises', id), { recursive: true });
  }
  writeFileSync(join(root, 'exercises', '05-time-wait', 'crawler.ts'), crawler);
  return root;
}

describe('application tests', () => {
  it('count each exercise on its own: the reference crawler passes, the shipped server does not yet', async () => {
    const root = kit(readFileSync(join(KIT, 'solutions', '05-time-wait', 'crawler.ts'), 'utf8'));
    const { results, text } = await runAppTests(['05-time-wait', '06-close-wait'], root);
    const [crawler, server] = results;
    // One heading over both exercises' lines.
    expect(text.match(/Application tests/g)).toHaveLength(1);
    expect(text).toMatch(/05-time-wait\s+done: all \d+ tests pass/);
    expect(crawler).toMatchObject({ exercise: '05-time-wait' });
    expect(crawler!.total).toBeGreaterThan(0);
    expect(crawler!.passed).toBe(crawler!.total);
    expect(server!.error).toBeUndefined();
    expect(server!.passed).toBeLessThan(server!.total);
    // Told apart by the starting code's hash in each exercise's README.
    expect(server!.untouched).toBe(true);
    expect(crawler!.untouched).toBe(false);
  }, 120_000);

  it('stop an endless loop in crawler.ts at the limit, leave no process behind, and charge only exercise 05', async () => {
    const looping = readFileSync(join(KIT, 'solutions', '05-time-wait', 'crawler.ts'), 'utf8').replace(
      'const pages = new Map<string, string>();',
      'const pages = new Map<string, string>();\n  for (;;) { /* stuck */ }',
    );
    const root = kit(looping);
    const { results } = await runAppTests(['05-time-wait', '06-close-wait'], root, 8_000);
    expect(results[0]!.error).toMatch(/stopped: an endless loop in crawler\.ts\?/);
    expect(results[1]!.error).toBeUndefined();
    // The group was ended with SIGKILL: give the kernel a moment to reap it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(processesIn(root)).toEqual([]);
  }, 120_000);
});
