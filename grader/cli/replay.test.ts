/**
 * `tcplab replay` as a user runs it: exit 0 when every compared side agrees, 1 on a real difference,
 * 2 for bad input with a message naming the file and the place, never a stack.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScript } from '../conformance/script/index.js';
import { capture, CAPTURES, pcapFile, pcapRecords } from '../capture/testing.js';
import { runCli } from './capture.js';

const temp = mkdtempSync(join(tmpdir(), 'tcplab-replay-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const at = (name: string): string => join(temp, name);
const cap = (name: string): string => join(CAPTURES, name);

describe('tcplab replay', () => {
  it('agrees with a merged close under the linux profile: exit 0, both sides side by side', async () => {
    const r = await runCli('replay', cap('merged-close.pcap'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/client 10\.77\.1\.2:\d+ \(seen on if2\): agrees/);
    expect(r.out).toMatch(/server 10\.77\.2\.2:8000 \(seen on if3\): agrees/);
    // The server's FIN rode on its ACK of the client's FIN: a three-segment close.
    expect(r.out).toMatch(/FIN,ACK seq=7 ack=8 +FIN,ACK seq=7 ack=8 +=/);
  });

  it('infers the full close from the RST Linux sends for data after close(), and agrees: exit 0', async () => {
    // The client's RST answered data that arrived in FIN-WAIT-2: only a socket closed for reading does
    // that (RFC 9293 §3.6.1, SHLD-3), so its CLOSE is close(), and the engine sends the same RST.
    const r = await runCli('replay', cap('data-after-close.pcap'), '--side', 'client');
    expect(r.code).toBe(0);
    expect(r.out).toContain('close(), not shutdown()');
    expect(r.out).toMatch(/0\.301 +RST seq=8 +RST seq=8 +=/);
  });

  it('JSON for tools and Markdown for a lab report', async () => {
    const json = await runCli('replay', cap('abort.pcap'), '--format', 'json', '--profile', 'rfc');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as {
      schema: string;
      agrees: boolean;
      sides: { side: string; comparison: { differences: { id: string }[] } }[];
    };
    expect(report.schema).toBe('tcplab.replay/1');
    // RFC 9293 §3.10.5: ABORT's RST has no ACK bit; Linux's does.
    expect(report.sides[0]!.comparison.differences.map((d) => d.id).sort()).toEqual([
      'extra RST seq=7',
      'missing RST,ACK seq=7 ack=7',
    ]);
    const md = await runCli('replay', cap('abort.pcap'), '--format', 'markdown', '--side', 'server');
    expect(md.code).toBe(0);
    expect(md.out).toContain('| time (s) | received | capture sent | engine sent | |');
  });

  it('--to-script writes a script the kit accepts and the reference passes', async () => {
    const out = at('lost-final-ack.pkt');
    const r = await runCli('replay', cap('lost-final-ack.pcap'), '--side', 'server', '--to-script', out);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const script = parseScript(text, out);
    expect(script.profile).toBe('linux');
    // The server's FIN went at once with its ACK; its retransmission (the final ACK was lost) follows.
    expect(text).toMatch(/^0\.\d{3} > F\. 7:7\(0\) ack 8$/m);
    expect(text.match(/> F\. 7:7\(0\) ack 8/g)).toHaveLength(2);
  });

  it('lists the flows when there are several and none is chosen', async () => {
    const r = await runCli('replay', cap('syn-to-time-wait.pcap'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /holds 2 TCP flows; choose one with --flow N:\n {2}1 {2}10\.77\.1\.2:40123 -> 10\.77\.2\.2:8000/,
    );
    expect((await runCli('replay', cap('syn-to-time-wait.pcap'), '--flow', '2')).code).toBe(0);
  });
});

describe('tcplab replay: bad input exits 2 with the file and the place, never a stack', () => {
  const { linkType, records } = pcapRecords(capture('client-closes-first.ethernet.pcap'));
  const arp = records.map((r) => {
    const data = Buffer.from(r.data);
    data.writeUInt16BE(0x0806, 12);
    return { ...r, data };
  });
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => ['replay', at('nothing.pcap')], /nothing\.pcap: cannot read the capture: no such file/],
    ['a folder', () => ['replay', temp], /the capture is a folder, not a regular file/],
    ['a device', () => ['replay', '/dev/zero'], /\/dev\/zero: the capture is a device, not a regular file/],
    ['an empty path', () => ['replay', ''], /the capture '': the path is empty/],
    [
      'a wrong magic number',
      () => {
        writeFileSync(at('text.pcap'), 'not a capture at all\n');
        return ['replay', at('text.pcap')];
      },
      /text\.pcap: not a pcap or pcapng file \(magic number 0x6e6f7420 at octet 0/,
    ],
    [
      'a truncated file',
      () => {
        const b = capture('merged-close.pcap');
        writeFileSync(at('cut.pcap'), b.subarray(0, b.length - 30));
        return ['replay', at('cut.pcap')];
      },
      /cut\.pcap: truncated at packet 20/,
    ],
    [
      'a capture with no TCP',
      () => {
        writeFileSync(at('arp.pcap'), pcapFile(linkType, arp));
        return ['replay', at('arp.pcap')];
      },
      /arp\.pcap: no TCP segment in the capture \(11 packets, link type ETHERNET\)/,
    ],
    [
      'a flow that starts mid-connection',
      () => {
        writeFileSync(at('mid.pcap'), pcapFile(linkType, records.slice(3)));
        return ['replay', at('mid.pcap')];
      },
      /mid\.pcap: flow 1 starts mid-connection \(its first segment, packet 1, has no SYN\)/,
    ],
    [
      'a snap length that cut the headers',
      () => {
        writeFileSync(
          at('snap.pcap'),
          pcapFile(
            linkType,
            records.map((r) => ({ ...r, data: r.data.subarray(0, 50) })),
          ),
        );
        return ['replay', at('snap.pcap')];
      },
      /snap\.pcap: packet 1: the snap length cut the TCP header \(50 octets kept: 14 link, 20 IP, 16 TCP\)/,
    ],
    [
      'an unknown link type',
      () => {
        writeFileSync(at('link.pcap'), pcapFile(9, records));
        return ['replay', at('link.pcap')];
      },
      /link\.pcap: packet 1: unknown link type 9/,
    ],
    [
      'a flow that is not there',
      () => ['replay', cap('merged-close.pcap'), '--flow', '3'],
      /--flow 3: .*merged-close\.pcap holds 1 TCP flow/,
    ],
    [
      'a flow that is not a number',
      () => ['replay', cap('merged-close.pcap'), '--flow', 'x'],
      /--flow x: expected a flow number from 1/,
    ],
    ['a bad setting', () => ['replay', cap('merged-close.pcap'), '--set', 'mslMs=-1'], /mslMs/],
  ];
  it.each(cases)('%s', async (_name, argv, message) => {
    const r = await runCli(...argv());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('the "capture your own" lab', () => {
  const lab = (lang: string): string =>
    readFileSync(join(CAPTURES, '..', '..', '..', 'lessons', lang, 'lab-capture-your-own.md'), 'utf8');
  const anchors = (text: string): string[] => [...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]!);
  const commands = (text: string): string[][] =>
    text
      .split('\n')
      .filter((l) => l.startsWith('./tcplab replay grader/'))
      .map((l) => l.split(' ').slice(1));

  it('has the same sections and commands in both languages', () => {
    expect(anchors(lab('zh-CN'))).toEqual(anchors(lab('en')));
    expect(commands(lab('zh-CN'))).toEqual(commands(lab('en')));
  });

  it("gives replay commands that run on the kit's captures, exiting as the text says", async () => {
    const cmds = commands(lab('en'));
    expect(cmds.length).toBeGreaterThanOrEqual(4);
    for (const argv of cmds) {
      const i = argv.indexOf('--to-script');
      if (i >= 0) argv[i + 1] = at(argv[i + 1]!);
      // The lesson says the rfc profile's replay of an ABORT exits 1; everything else agrees.
      const differs = argv.includes('rfc');
      expect((await runCli(...argv)).code, argv.join(' ')).toBe(differs ? 1 : 0);
    }
  });
});
