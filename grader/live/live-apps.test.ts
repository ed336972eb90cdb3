/**
 * The application exercises live: 05's crawler and 06's server, as handed out and as the reference,
 * against kernel-side clients and servers in a private namespace; which side holds TIME-WAIT or
 * CLOSE-WAIT is read from both sides' sockets.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LIMIT, removeScratch, section, tcplab } from './testing.js';

afterAll(removeScratch);

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
