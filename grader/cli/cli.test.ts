/** The tcplab command line: output, JSON formats and exit codes (0 done, 2 bad usage or input). */
import { execa } from 'execa';
import { join } from 'node:path';
import { runCli } from './capture.js';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../engine/catalogue.js';
import { CONFIG_KEYS } from '../engine/config.js';
import { SCENARIOS } from '../sim/scenarios/index.js';

const cli = runCli;

describe('tcplab catalogue', () => {
  it('--json prints every entry with its id, states, exercise and RFC section', async () => {
    const { code, out } = await cli('catalogue', '--json');
    expect(code).toBe(0);
    const entries = JSON.parse(out) as { id: string; from: string; to: string; exercise: string; rfc: string }[];
    expect(entries.map((e) => e.id)).toEqual(CATALOGUE.map((e) => e.id));
    expect(entries.find((e) => e.id === 'FIN-WAIT-2 --rcv FIN--> TIME-WAIT')).toMatchObject({
      from: 'FIN-WAIT-2',
      to: 'TIME-WAIT',
      exercise: '04-four-way-close',
      rfc: 'RFC 9293 §3.10.7.4',
    });
  });

  it('prints a table with one row per entry', async () => {
    const { code, out } = await cli('catalogue');
    expect(code).toBe(0);
    expect(out).toContain('CLOSED --OPEN active--> SYN-SENT');
    expect(out.split('\n').length).toBeGreaterThanOrEqual(CATALOGUE.length + 1);
  });
});

describe('tcplab trace', () => {
  it('with no scenario lists every scenario with a description', async () => {
    const { code, out } = await cli('trace');
    expect(code).toBe(0);
    for (const s of SCENARIOS) expect(out).toContain(s.name);
  });

  it('normal-close draws the exchange as a text sequence diagram', async () => {
    const { code, out } = await cli('trace', 'normal-close');
    expect(code).toBe(0);
    expect(out).toMatch(/SYN seq=1000 -+>/);
    expect(out).toMatch(/<-+ SYN,ACK seq=5000 ack=1001 -+/);
    expect(out).toContain('TIME-WAIT');
  });

  it('--json prints tcplab.trace/1 with every config key and the fields other tools read', async () => {
    const { code, out } = await cli(
      'trace',
      'lost-syn',
      '--json',
      '--profile',
      'linux',
      '--set',
      'mslMs=1000',
      '--seed',
      '7',
    );
    expect(code).toBe(0);
    const trace = JSON.parse(out);
    expect(trace).toMatchObject({ schema: 'tcplab.trace/1', scenario: 'lost-syn', profile: 'linux', seed: 7 });
    expect(Object.keys(trace.config).sort()).toEqual([...CONFIG_KEYS].sort());
    expect(trace.config.mslMs).toBe(1000);
    const first = trace.steps[0];
    expect(first).toMatchObject({
      t: 0,
      side: 'client',
      event: 'OPEN active',
      from: 'CLOSED',
      to: 'SYN-SENT',
      transition: 'CLOSED --OPEN active--> SYN-SENT',
    });
    expect(first.sent).toEqual([{ flags: ['SYN'], seq: 1000, ack: 0, len: 0, dropped: true }]);
    expect(first.notices).toEqual([]);
  });

  it('--mermaid prints a sequenceDiagram', async () => {
    const { code, out } = await cli('trace', 'refused', '--mermaid');
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('sequenceDiagram');
    expect(out).toContain('B->>A: RST,ACK seq=0 ack=1001');
  });

  it('many-time-wait ends with an ss -tan listing', async () => {
    const { out } = await cli('trace', 'many-time-wait');
    expect(out).toContain('ss -tan');
    expect(out).toContain('40 × client TIME-WAIT');
  });

  it.each([
    [['trace', 'no-such-thing'], "unknown scenario 'no-such-thing'"],
    [['trace', 'normal-close', '--set', 'msl=5'], "unknown key 'msl'"],
    [['trace', 'normal-close', '--set', 'mslMs=soon'], "mslMs takes a whole number (ms), not 'soon'"],
    [['trace', 'normal-close', '--set', 'rfc5961=maybe'], 'rfc5961 is on/off'],
    [['trace', 'normal-close', '--set', 'mslMs'], 'expected key=value'],
    [['trace', 'normal-close', '--seed', 'x'], '--seed x: expected a whole number'],
    [['trace', 'normal-close', '--json', '--mermaid'], 'choose one of --json and --mermaid'],
  ])('%j is refused with exit code 2 and says what was wrong', async (argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('an unknown profile or command is a usage error (exit code 2) that names it', async () => {
    expect((await cli('trace', 'normal-close', '--profile', 'bsd')).code).toBe(2);
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'frobnicate'");
    const lesson = await cli('lesson', '42');
    expect(lesson.code).toBe(2);
    expect(lesson.err).toContain("no lesson '42': use a number from 1 to 8");
  });
});

describe('the tcplab binary', () => {
  it('runs through bin.js and sets the exit code', async () => {
    const bin = join(import.meta.dirname, 'bin.js');
    const ok = await execa(process.execPath, [bin, 'trace', 'refused'], { reject: false, env: { NO_COLOR: '1' } });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('refused');
    const bad = await execa(process.execPath, [bin, 'trace', 'nope'], { reject: false, env: { NO_COLOR: '1' } });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("unknown scenario 'nope'");
  }, 30_000);
});
