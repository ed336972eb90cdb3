/**
 * A student's module on the wire with `tcplab live`: a bug shows in what the kernel does (a segment
 * never acknowledged is sent again, RFC 9293 §3.8.1), and an endless loop is stopped and named.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_ACK, LIMIT, readPcap, removeScratch, scratch, section, studentWith, tcplab } from './testing.js';

afterAll(removeScratch);

describe("a student's module on the wire", () => {
  it(
    'one that ignores the ACK completing the handshake makes the kernel send its request again',
    async () => {
      // The bug: every ACK in SYN-RECEIVED is taken for a segment without ACK and dropped.
      const dir = studentWith('ignores-ack', CHECK_ACK, CHECK_ACK.replace('!seg.flags.ack', 'seg.flags.ack'));
      const pcap = join(scratch, 'bug.pcap');
      const run = await tcplab([
        'live',
        'server',
        '--impl',
        dir,
        '--pcap',
        pcap,
        '--',
        'curl',
        '-s',
        '--max-time',
        '4',
        'http://$TCPLAB_LIVE_ADDR/',
      ]);
      expect(run.exitCode, run.stdout + run.stderr).toBe(28); // curl: operation timed out
      const fromKernel = readPcap(pcap).filter((p) => p.src.startsWith('10.77.0.1') && p.len > 0);
      // The GET is never acknowledged, so the kernel retransmits it: same sequence number, same length.
      expect(fromKernel.length).toBeGreaterThanOrEqual(2);
      expect(new Set(fromKernel.map((p) => `${p.seq}/${p.len}`)).size).toBe(1);
      expect(section(run.stdout, "the engine's sockets:")).toMatch(/SYN-RECV +10\.77\.0\.2:8080/); // ss's short name for SYN-RECEIVED
    },
    LIMIT,
  );

  it(
    'one that loops forever is stopped at the time limit, named, and the run ends',
    async () => {
      const dir = studentWith(
        'loops',
        CHECK_ACK,
        `${CHECK_ACK.slice(0, CHECK_ACK.lastIndexOf('\n'))}\n  for (;;) { /* endless */ }\n  if (!seg.flags.ack) {`,
      );
      const run = await tcplab([
        'live',
        'server',
        '--impl',
        dir,
        '--limit-ms',
        '500',
        '--',
        'curl',
        '-s',
        '--max-time',
        '20',
        'http://$TCPLAB_LIVE_ADDR/',
      ]);
      expect(run.exitCode, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toMatch(
        /synReceivedCheckAck\(\) did not return within 0\.5 s while handling a segment from the kernel \(ACK\)/,
      );
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /); // no stack
    },
    LIMIT,
  );
});
