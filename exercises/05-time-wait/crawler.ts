/**
 * Exercise 05 · TIME-WAIT, the application side: a crawler fetching many pages from one server.
 *
 * Protocol: the client sends lines `GET /path` and gets one line `200 /path <body>` per request, in
 * order, on the same connection. A request line ending in ` close` asks the server to close the
 * connection after answering it.
 *
 * This crawler fetches every page, but after a run `ss -tan` on its host shows one TIME-WAIT socket
 * per page, and on a busy day it runs out of ephemeral ports. Change it so that:
 * - the crawler's host is left with no TIME-WAIT sockets (think about who should close first, and
 *   whether one connection per page is needed at all);
 * - every page still arrives whole, each reply with its own path, and `pages` lists them in the order
 *   of `paths`, also when replies arrive split across segments or some segments are lost;
 * - every connection is closed on both sides (the server gets a FIN from each).
 *
 * Check: npm run test:exercises -- 05    Lesson: lessons/en/05-time-wait.md#who-waits
 */
import type { AppHost, Endpoint } from '../../grader/engine/app.js';

/** Fetch every path; call `done` with path → reply line, in the order of `paths`, once all have arrived. */
export function crawl(host: AppHost, server: Endpoint, paths: readonly string[], done: (pages: Map<string, string>) => void): void {
  const pages = new Map<string, string>();
  if (paths.length === 0) return done(pages);
  for (const path of paths) {
    const socket = host.connect(server);
    socket.on('connected', () => socket.send(`GET ${path}\n`));
    socket.on('data', () => {
      if (!socket.received.endsWith('\n')) return;
      pages.set(path, socket.received.trim());
      // Got the page: hang up.
      socket.close();
      if (pages.size === paths.length) done(pages);
    });
  }
}
