/**
 * `tcplab live` with the reference against the real Linux TCP of this machine, in a private
 * namespace each run: curl fetches from the engine, the engine fetches from python3's server. What is
 * asserted is the kernel's behaviour as RFC 9293 describes it: the side that closes first ends in
 * TIME-WAIT (§3.6, Figure 13), the other passes through LAST-ACK to CLOSED and is gone from `ss`.
 * The tools (socat, curl, python3, iproute2) are installed by .ci/run when missing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMIT, readPcap, removeScratch, scratch, section, tcplab } from './testing.js';

afterAll(removeScratch);

describe('tcplab live server: curl fetches from the engine through the kernel', () => {
  for (const [profile, mss] of [
    ['rfc', 536],
    ['linux', 1460],
  ] as const) {
    it(
      `the reference under the ${profile} profile serves the page, closes first and ends in TIME-WAIT`,
      async () => {
        const pcap = join(scratch, `server-${profile}.pcap`);
        const run = await tcplab([
          'live',
          'server',
          '--profile',
          profile,
          '--pcap',
          pcap,
          '--',
          'curl',
          '-s',
          '--max-time',
          '20',
          'http://$TCPLAB_LIVE_ADDR/',
        ]);
        expect(run.exitCode, run.stdout + run.stderr).toBe(0);
        expect(run.stdout).toContain(`Hello from tcp-lab: the reference (solutions/), profile ${profile}`);
        // The diagram: the kernel's SYN, our SYN,ACK, and our side reaching TIME-WAIT.
        expect(run.stdout).toMatch(/linux 10\.77\.0\.1:\d+ +tcplab 10\.77\.0\.2:8080/);
        expect(run.stdout).toMatch(/-+ SYN seq=\d+ -+>/);
        expect(run.stdout).toMatch(/<-+ SYN,ACK seq=\d+ ack=\d+ -+/);
        // The engine closed first: TIME-WAIT is ours; the kernel went through LAST-ACK and is gone.
        expect(section(run.stdout, "the engine's sockets:")).toMatch(/TIME-WAIT +10\.77\.0\.2:8080 +10\.77\.0\.1:\d+/);
        expect(section(run.stdout, "the kernel's ss -tan:")).toContain('(no connection on 10.77.0.0/24)');

        const packets = readPcap(pcap);
        expect(packets.every((p) => p.checksumsOk)).toBe(true);
        const [syn, synAck] = packets;
        // Linux offers its MSS (1460 on a 1500-octet MTU); we answer with the profile's.
        expect(syn).toMatchObject({
          src: expect.stringMatching(/^10\.77\.0\.1:/),
          dst: '10.77.0.2:8080',
          flags: 'syn',
          mss: 1460,
        });
        expect(synAck).toMatchObject({ src: '10.77.0.2:8080', flags: 'syn,ack', ack: (syn!.seq + 1) >>> 0, mss });
        // Our FIN comes before the kernel's, and the last segment is our ACK of its FIN.
        const fins = packets.filter((p) => p.flags.includes('fin'));
        expect(fins.map((p) => (p.src.startsWith('10.77.0.2') ? 'engine' : 'kernel'))).toEqual(['engine', 'kernel']);
        expect(packets.at(-1)).toMatchObject({ src: '10.77.0.2:8080', flags: 'ack', ack: (fins[1]!.seq + 1) >>> 0 });
      },
      LIMIT,
    );
  }

  it(
    "the capture it writes replays: tcplab replay reads it and the engine's side agrees with itself",
    async () => {
      const pcap = join(scratch, 'replay.pcap');
      const run = await tcplab([
        'live',
        'server',
        '--pcap',
        pcap,
        '--set',
        'mss=1000',
        '--',
        'curl',
        '-s',
        '--max-time',
        '20',
        'http://10.77.0.2:8080/',
      ]);
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      expect(readPcap(pcap)[1]).toMatchObject({ flags: 'syn,ack', mss: 1000 }); // --set reached the engine in the namespace
      const replay = await tcplab(['replay', pcap, '--profile', 'rfc']);
      expect(replay.exitCode, replay.stdout + replay.stderr).toBe(0);
      expect(replay.stdout).toMatch(/pcap, RAW · flow 1 of 1: 10\.77\.0\.1:\d+ -> 10\.77\.0\.2:8080/);
      // The engine's own side, played again on the same reference, must agree; the kernel's side is
      // Linux, which the rfc profile need not match in every detail.
      expect(replay.stdout).toMatch(/^client 10\.77\.0\.1:\d+ /m);
      expect(replay.stdout).toMatch(/^server 10\.77\.0\.2:8080 .*: agrees/m);
    },
    LIMIT,
  );

  it(
    "the exit code is COMMAND's",
    async () => {
      const run = await tcplab(['live', 'server', '--', 'sh', '-c', 'exit 7']);
      expect(run.exitCode, run.stdout + run.stderr).toBe(7);
    },
    LIMIT,
  );
});

describe('tcplab live client: the engine fetches from a kernel server', () => {
  it(
    'gets the file python3 -m http.server serves; the server closed first and its kernel holds TIME-WAIT',
    async () => {
      const www = join(scratch, 'www');
      mkdirSync(www, { recursive: true });
      writeFileSync(join(www, 'index.html'), 'served by the kernel side\n');
      const run = await tcplab([
        'live',
        'client',
        '--port',
        '8000',
        '--',
        'python3',
        '-m',
        'http.server',
        '8000',
        '--bind',
        '10.77.0.1',
        '--directory',
        www,
      ]);
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      const reply = section(run.stdout, 'reply (');
      expect(reply).toMatch(/HTTP\/1\.0 200 OK/);
      expect(run.stdout).toContain('served by the kernel side');
      expect(section(run.stdout, "the kernel's ss -tan:")).toMatch(
        /TIME-WAIT +0 +0 +10\.77\.0\.1:8000 +10\.77\.0\.2:\d+/,
      );
      expect(run.stdout).toMatch(/CLOSE-WAIT/);
      expect(run.stdout).toMatch(/LAST-ACK/);
    },
    LIMIT,
  );
});
