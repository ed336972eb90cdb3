/**
 * 06 · CLOSE-WAIT: a small line-based key-value server, written against the socket API an
 * application sees. Each request is a line, `GET key` or `SET key value` or `QUIT`; each gets a
 * one-line reply.
 *
 * The fix this exercise is about: when the client closes its direction (the 'closing' event: our TCP
 * has received and acknowledged its FIN, a read would return end-of-stream), the server must finish
 * what it owes and call close(). A server that only closes on QUIT leaves every client that simply
 * hangs up in CLOSE-WAIT, forever: TCP cannot close on the application's behalf, because a
 * half-closed connection may still carry data the other way (RFC 9293 §3.6.1).
 *
 * Lesson: lessons/en/06-close-wait.md
 */
import type { AppHost, AppSocket } from '../../grader/engine/app.js';

/** The reply to one request line. */
export function answer(store: Map<string, string>, line: string): string {
  const [verb, key, ...rest] = line.trim().split(/\s+/);
  if (verb === 'GET' && key) return store.get(key) ?? '(nil)';
  if (verb === 'SET' && key && rest.length > 0) {
    store.set(key, rest.join(' '));
    return 'OK';
  }
  if (verb === 'QUIT') return 'BYE';
  return 'ERR unknown command';
}

/** Serve on `port` until the host goes away. */
export function startServer(host: AppHost, port: number): void {
  const store = new Map<string, string>();
  host.listen(port, (socket: AppSocket) => {
    let pending = '';
    socket.on('data', (notice) => {
      if (notice?.kind !== 'data') return;
      pending += notice.data;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        socket.send(`${answer(store, line)}\n`);
        if (line.trim() === 'QUIT') socket.close();
      }
    });
    // The peer has closed its direction: everything it sent has been answered above, so close ours.
    socket.on('closing', () => {
      if (socket.state === 'CLOSE-WAIT') socket.close();
    });
  });
}
