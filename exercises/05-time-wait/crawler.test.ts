/**
 * Public tests for the TIME-WAIT application exercise: the crawler against a small page server on
 * the simulated network, then `ss` on both hosts. Who closes first decides where TIME-WAIT lands.
 */
import { describe, expect, it } from 'vitest';
import type { AppSocket } from '../../grader/engine/app.js';
import { makeConfig } from '../../grader/engine/config.js';
import { Network } from '../../grader/sim/network.js';
import { modules } from '../../solutions/modules.js';
import { crawl } from './crawler.js';

const SERVER = { addr: '198.51.100.1', port: 80 };
const PATHS = Array.from({ length: 50 }, (_, i) => `/page/${i}`);

/** Answers `GET /path` with `200 /path <body>`; closes after a request ending in ` close`, or when the client does. */
function pageServer(socket: AppSocket, connections: { count: number; finsSeen: number }): void {
  connections.count++;
  let buffer = '';
  socket.on('data', (notice) => {
    if (notice?.kind !== 'data') return;
    buffer += notice.data;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const [verb, path, flag] = buffer.slice(0, nl).split(' ');
      buffer = buffer.slice(nl + 1);
      socket.send(verb === 'GET' && path ? `200 ${path} body-of-${path}\n` : '400\n');
      if (flag === 'close' && socket.state === 'ESTABLISHED') socket.close();
    }
  });
  socket.on('closing', () => {
    connections.finsSeen++;
    if (socket.state === 'CLOSE-WAIT') socket.close();
  });
}

/** The crawl on a network that may split replies into small segments (`mss`), lose and repeat them. */
function crawlAll(options: { mss?: number; loss?: number } = {}): {
  pages: Map<string, string> | undefined;
  net: Network;
  connections: { count: number; finsSeen: number };
} {
  const config = makeConfig('linux', options.mss === undefined ? {} : { mss: options.mss });
  const net = new Network({
    modules,
    config,
    seed: 5,
    defaultFaults: { delayMs: 5, ...(options.loss ? { loss: options.loss } : {}) },
  });
  const client = net.addHost('client', '192.0.2.1', 1000);
  const server = net.addHost('server', SERVER.addr, 5000);
  const connections = { count: 0, finsSeen: 0 };
  server.listen(SERVER.port, (s) => pageServer(s, connections));
  let pages: Map<string, string> | undefined;
  net.at(0, () =>
    crawl(client, SERVER, PATHS, (p) => {
      pages = p;
    }),
  );
  net.run(options.loss ? 30_000 : 10_000); // TIME-WAIT lasts 60 s in the linux profile: the listing is taken well inside it
  return { pages, net, connections };
}

describe('the crawler', () => {
  it('fetches every page, each with its own reply', () => {
    const { pages } = crawlAll();
    expect(pages?.size).toBe(PATHS.length);
    for (const path of PATHS) expect(pages?.get(path)).toBe(`200 ${path} body-of-${path}`);
  });

  it('leaves no TIME-WAIT socket on the crawler host: the server closes first', () => {
    const { net } = crawlAll();
    const clientSockets = net.host('client').ss();
    expect(clientSockets.filter((r) => r.state === 'TIME-WAIT')).toEqual([]);
    expect(clientSockets.filter((r) => r.state !== 'CLOSED')).toEqual([]);
  });

  it('keeps each page whole and with its own path when replies arrive split across small segments', () => {
    // MSS 7: every reply line spans several segments, and one segment may end one reply and start the next.
    const { pages } = crawlAll({ mss: 7 });
    expect([...(pages?.keys() ?? [])]).toEqual(PATHS);
    for (const path of PATHS) expect(pages?.get(path)).toBe(`200 ${path} body-of-${path}`);
  });

  it('fetches every page in the order asked, over a network that loses segments', () => {
    const { pages, net } = crawlAll({ mss: 40, loss: 0.1 });
    expect([...(pages?.keys() ?? [])]).toEqual(PATHS);
    for (const path of PATHS) expect(pages?.get(path)).toBe(`200 ${path} body-of-${path}`);
    expect(
      net
        .host('client')
        .ss()
        .filter((r) => r.state === 'TIME-WAIT'),
    ).toEqual([]);
  });

  it('closes every connection it opens (no CLOSE-WAIT or FIN-WAIT-2 left anywhere)', () => {
    const { net, connections } = crawlAll();
    const stuck = net.ss().filter((r) => r.state !== 'LISTEN' && r.state !== 'TIME-WAIT');
    expect(stuck).toEqual([]);
    expect(connections.finsSeen).toBe(connections.count);
  });
});
