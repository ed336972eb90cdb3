/**
 * 05 · TIME-WAIT, the application side: a crawler fetching many pages from one server.
 *
 * Protocol: the client sends lines `GET /path` and gets one line `200 /path <body>` per request, in
 * order, on the same connection. A request line ending in ` close` asks the server to close the
 * connection after answering it.
 *
 * TIME-WAIT stays with whoever closes first (RFC 9293 §3.6.1). A crawler that opens a connection per
 * page and closes it itself collects one TIME-WAIT socket, and one ephemeral port, per page. This one
 * sends every request on a single connection and asks the server to close after the last reply: the
 * client never closes first, and only one connection is used.
 *
 * Lesson: lessons/en/05-time-wait.md#who-waits
 */
import type { AppHost, Endpoint } from '../../grader/engine/app.js';

/** Fetch every path; call `done` with path → reply line once all have arrived. */
export function crawl(host: AppHost, server: Endpoint, paths: readonly string[], done: (pages: Map<string, string>) => void): void {
  const pages = new Map<string, string>();
  if (paths.length === 0) return done(pages);
  const socket = host.connect(server);
  let buffer = '';
  socket.on('connected', () => {
    // Pipelined: every request at once; the last one asks the server to close first.
    socket.send(paths.map((p, i) => `GET ${p}${i === paths.length - 1 ? ' close' : ''}\n`).join(''));
  });
  socket.on('data', (notice) => {
    if (notice?.kind !== 'data') return;
    buffer += notice.data;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const path = paths[pages.size];
      if (path !== undefined) pages.set(path, line);
    }
    if (pages.size === paths.length) done(pages);
  });
  // The server closed after the last reply: close our side too (LAST-ACK, then CLOSED: no TIME-WAIT here).
  socket.on('closing', () => {
    if (socket.state === 'CLOSE-WAIT') socket.close();
  });
}
