/**
 * `tcplab live` against the real Linux TCP of this machine, in a private namespace each run.
 * What is asserted is the kernel's behaviour as RFC 9293 describes it: the side that closes first
 * ends in TIME-WAIT (§3.6, Figure 13), the other passes through LAST-ACK to CLOSED and is gone from
 * `ss`; a segment that is never acknowledged is sent again (§3.8.1). The tools (socat, curl,
 * python3, iproute2) are installed by .ci/run when missing.
 */
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIpv4, parseIpv4 } from '../wire/ipv4.js';
import { parseTcp, tcpChecksumOk } from '../wire/tcp.js';
import { LINKTYPE_RAW } from './pcap.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'grader', 'cli', 'bin.js');
const scratch = mkdtempSync(join(tmpdir(), 'tcplab-live-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Generous: a run takes a few seconds idle, and the machine may be busy. */
const LIMIT = 90_000;

function tcplab(args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    reject: false,
    timeout: LIMIT - 5_000,
    env: { ...env, CI: 'true' },
    extendEnv: true,
  });
}

/** The section of the output after `title`, up to the next blank line followed by a title. */
function section(out: string, title: string): string {
  const at = out.indexOf(title);
  expect(at, `"${title}" in:\n${out}`).toBeGreaterThanOrEqual(0);
  return out.slice(at + title.length).split('\n\n')[0]!;
}

interface Captured {
  src: string;
  dst: string;
  seq: number;
  ack: number;
  flags: string;
  len: number;
  mss?: number;
  checksumsOk: boolean;
}

/** Every record of a classic pcap file with link type RAW, read with the kit's own codec. */
function readPcap(path: string): Captured[] {
  const file = readFileSync(path);
  expect(file.readUInt32LE(0)).toBe(0xa1b2c3d4);
  expect(file.readUInt32LE(20)).toBe(LINKTYPE_RAW);
  const out: Captured[] = [];
  for (let at = 24; at < file.length; ) {
    const len = file.readUInt32LE(at + 8);
    const ip = parseIpv4(file.subarray(at + 16, at + 16 + len));
    const tcp = parseTcp(ip.payload);
    const flags = (['syn', 'fin', 'rst', 'ack'] as const).filter((f) => tcp.flags[f]).join(',');
    const mss = tcp.options.find((o) => o.kind === 'mss');
    out.push({
      src: `${formatIpv4(ip.src)}:${tcp.srcPort}`,
      dst: `${formatIpv4(ip.dst)}:${tcp.dstPort}`,
      seq: tcp.seq,
      ack: tcp.ack,
      flags,
      len: tcp.payload.length,
      ...(mss?.kind === 'mss' ? { mss: mss.mss } : {}),
      checksumsOk: ip.checksumOk && tcpChecksumOk(ip.payload, ip.src, ip.dst),
    });
    at += 16 + len;
  }
  return out;
}

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

/** A copy of the reference's 02 module with one change, as a student's folder. */
function studentWith(name: string, from: string, to: string): string {
  const dir = join(scratch, name, '02-three-way-handshake');
  mkdirSync(dir, { recursive: true });
  const source = readFileSync(join(ROOT, 'solutions', '02-three-way-handshake', 'three-way-handshake.ts'), 'utf8');
  expect(source).toContain(from);
  writeFileSync(join(dir, 'three-way-handshake.ts'), source.replace(from, to));
  return join(scratch, name);
}

const CHECK_ACK =
  'export const synReceivedCheckAck: SegmentStep = (conn, seg, ctx) => {\n  const { tcb } = conn;\n  if (!seg.flags.ack) {';

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

describe('the application exercises, live', () => {
  // Two clients, each sending its requests and closing its direction at once (nc -N), then giving
  // up after 2 s if the server never closes.
  const clients = [
    'sh',
    '-c',
    'for i in 1 2; do printf "SET k v\\nGET k\\n" | timeout 2 nc -N 10.77.0.2 8080; done; exit 0',
  ];

  it(
    "06's starting server leaves CLOSE-WAIT on the engine and FIN-WAIT-2 in the kernel",
    async () => {
      const run = await tcplab([
        'live',
        'server',
        '--impl',
        'exercises',
        '--app',
        'close-wait-server',
        '--',
        ...clients,
      ]);
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      expect(run.stdout.match(/^OK$/gm)?.length).toBe(2); // both SETs answered
      expect(section(run.stdout, "the engine's sockets:").match(/CLOSE-WAIT +10\.77\.0\.2:8080/g)).toHaveLength(2);
      expect(
        section(run.stdout, "the kernel's ss -tan:").match(/FIN-WAIT-2 .*10\.77\.0\.1:\d+ +10\.77\.0\.2:8080/g),
      ).toHaveLength(2);
    },
    LIMIT,
  );

  it(
    "06's reference server closes after the client's FIN: the clients' kernel holds TIME-WAIT, the engine nothing",
    async () => {
      const run = await tcplab(['live', 'server', '--app', 'close-wait-server', '--', ...clients]);
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      expect(section(run.stdout, "the engine's sockets:")).not.toContain('CLOSE-WAIT');
      expect(
        section(run.stdout, "the kernel's ss -tan:").match(/TIME-WAIT .*10\.77\.0\.1:\d+ +10\.77\.0\.2:8080/g),
      ).toHaveLength(2);
    },
    LIMIT,
  );

  // A kernel-side server of 05's line protocol: one reply line per request, closing after a request that ends in "close".
  const lineServer = [
    'socat',
    'TCP-LISTEN:8000,bind=10.77.0.1,fork,reuseaddr',
    'SYSTEM:while read v p c; do echo "200 $p page"; [ "$c" = close ] && exit; done',
  ];

  it(
    "05's starting crawler closes first on every connection: one TIME-WAIT per page, on the engine",
    async () => {
      const run = await tcplab([
        'live',
        'client',
        '--impl',
        'exercises',
        '--app',
        'crawler',
        '--port',
        '8000',
        '--',
        ...lineServer,
      ]);
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      // One connection per page, all at once: the pages come in whatever order their connections finish.
      expect(
        section(run.stdout, 'pages:')
          .trim()
          .split('\n')
          .map((l) => l.trim())
          .sort(),
      ).toEqual(['/a  200 /a page', '/b  200 /b page', '/c  200 /c page']);
      expect(
        section(run.stdout, "the engine's sockets:").match(/TIME-WAIT +10\.77\.0\.2:\d+ +10\.77\.0\.1:8000/g),
      ).toHaveLength(3);
      expect(section(run.stdout, "the kernel's ss -tan:")).not.toContain('TIME-WAIT');
    },
    LIMIT,
  );

  it(
    "05's reference crawler uses one connection and lets the server close: its TIME-WAIT is in the kernel",
    async () => {
      const run = await tcplab(['live', 'client', '--app', 'crawler', '--port', '8000', '--', ...lineServer]);
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      expect(section(run.stdout, 'pages:')).toBe('\n  /a  200 /a page\n  /b  200 /b page\n  /c  200 /c page');
      expect(section(run.stdout, "the engine's sockets:")).toContain('(none: every connection is closed)');
      expect(
        section(run.stdout, "the kernel's ss -tan:").match(/TIME-WAIT +0 +0 +10\.77\.0\.1:8000 +10\.77\.0\.2:32768/g),
      ).toHaveLength(1);
    },
    LIMIT,
  );

  it(
    'an application in the wrong mode is refused: exit 2',
    async () => {
      const run = await tcplab(['live', 'server', '--app', 'crawler', '--', 'true']);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('--app crawler runs with tcplab live client, not server');
    },
    LIMIT,
  );
});

describe('Ctrl+C', () => {
  it(
    'stops COMMAND and socat, says so and exits 130; nothing of the run is left',
    async () => {
      const marker = `31.${process.pid}`; // a sleep no one else runs
      const run = tcplab(['live', 'server', '--', 'sleep', marker]);
      let seen = '';
      await new Promise<void>((resolve) => {
        run.stdout?.on('data', (d: Buffer) => {
          seen += d.toString();
          if (seen.includes('tcplab live server')) resolve();
        });
      });
      run.kill('SIGINT');
      const done = await run;
      expect(done.exitCode, done.stdout + done.stderr).toBe(130);
      expect(done.stdout, done.stderr).toContain('tcplab live: interrupted');
      const left = await execa('pgrep', ['-f', `sleep ${marker}`], { reject: false });
      expect(left.stdout).toBe('');
    },
    LIMIT,
  );

  it(
    'ends a run interrupted at any moment, even before it has started: exit 130, nothing left',
    async () => {
      for (const afterMs of [300, 1_500]) {
        const marker = `32.${process.pid}${afterMs}`;
        const run = tcplab(['live', 'server', '--', 'sleep', marker]);
        await new Promise((resolve) => setTimeout(resolve, afterMs));
        run.kill('SIGINT');
        const done = await run;
        // Interrupted: 130, or, before the command had even taken the signal over, ended by it.
        expect(
          done.exitCode === 130 || done.signal === 'SIGINT',
          `after ${afterMs} ms: ${String(done.exitCode)} ${String(done.signal)} ${done.stdout}${done.stderr}`,
        ).toBe(true);
        const left = await execa('pgrep', ['-f', `sleep ${marker}`], { reject: false });
        expect(left.stdout).toBe('');
      }
    },
    LIMIT,
  );
});

describe('where it cannot run', () => {
  it(
    'without socat: says what is missing and the Debian package, exit 2, no stack',
    async () => {
      const bin = join(scratch, 'bin-no-socat');
      mkdirSync(bin, { recursive: true });
      for (const tool of ['unshare', 'ip', 'ss', 'sh']) {
        const found = await execa('sh', ['-c', `command -v ${tool}`]);
        symlinkSync(found.stdout.trim(), join(bin, tool));
      }
      const run = await tcplab(['live', 'server', '--', 'true'], { PATH: bin });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain("missing socat (it relays the TUN device's packets): apt-get install socat");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
    LIMIT,
  );

  it(
    'without unprivileged user namespaces: says so and how to allow them, exit 2',
    async () => {
      const bin = join(scratch, 'bin-no-userns');
      mkdirSync(bin, { recursive: true });
      for (const tool of ['socat', 'ip', 'ss', 'sh']) {
        const found = await execa('sh', ['-c', `command -v ${tool}`]);
        symlinkSync(found.stdout.trim(), join(bin, tool));
      }
      // What unshare prints where the kernel refuses (user.max_user_namespaces = 0, or an AppArmor policy).
      writeFileSync(
        join(bin, 'unshare'),
        '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n',
        { mode: 0o755 },
      );
      const run = await tcplab(['live', 'server', '--', 'true'], { PATH: bin });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(
        'missing a private user and network namespace (unshare -rn failed: unshare: unshare failed: Operation not permitted)',
      );
      expect(run.stderr).toContain('sysctl kernel.unprivileged_userns_clone=1');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
    LIMIT,
  );

  it(
    'an --exercise without a topic module, or with the reference: exit 2, named',
    async () => {
      const six = await tcplab(['live', 'server', '--impl', 'exercises', '--exercise', '06', '--', 'true']);
      expect(six.exitCode).toBe(2);
      expect(six.stderr).toMatch(/--exercise 06: not an exercise with a topic module \(01-sequence-numbers, /);
      const ref = await tcplab(['live', 'server', '--exercise', '02', '--', 'true']);
      expect(ref.exitCode).toBe(2);
      expect(ref.stderr).toContain('--exercise 02: it picks one exercise from --impl exercises or a folder');
    },
    LIMIT,
  );

  it(
    'a COMMAND that is not a program: exit 2, named, before anything starts',
    async () => {
      const run = await tcplab(['live', 'server', '--', 'no-such-program-here', '-s']);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('COMMAND no-such-program-here: not found on PATH');
      expect(run.stdout).not.toContain('tcplab live server ·');
    },
    LIMIT,
  );

  it(
    'a module the inspection refuses (it imports node:fs): exit 2 with its file and line, nothing run',
    async () => {
      const dir = studentWith('imports-fs', CHECK_ACK, `${CHECK_ACK}\n    readFileSync('/etc/hostname');`);
      const file = join(dir, '02-three-way-handshake', 'three-way-handshake.ts');
      writeFileSync(file, `import { readFileSync } from 'node:fs';\n${readFileSync(file, 'utf8')}`);
      const run = await tcplab(['live', 'server', '--impl', dir, '--', 'true']);
      expect(run.exitCode, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toMatch(
        /--impl .*imports-fs: the code cannot run:\n {2}\S*three-way-handshake\.ts:1(:\d+)?: .*node:fs/,
      );
      expect(run.stdout).not.toContain('tcplab live server ·');
    },
    LIMIT,
  );

  it(
    'a folder for --impl that is not there: exit 2, named',
    async () => {
      const run = await tcplab(['live', 'server', '--impl', join(scratch, 'nowhere'), '--', 'true']);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/--impl .*nowhere: no such folder/);
    },
    LIMIT,
  );
});
