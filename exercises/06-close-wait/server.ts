/**
 * Exercise 06 · CLOSE-WAIT: a small line-based key-value server, written against the socket API an
 * application sees. Each request is a line, `GET key` or `SET key value` or `QUIT`; each gets a
 * one-line reply.
 *
 * It works, and yet after a day in production `ss -tan` on its host shows thousands of connections
 * in CLOSE-WAIT. Find out why and fix it, without breaking the replies: a client may send its last
 * request and close its direction at once (a half-close), and it must still get its answer.
 *
 * Check: npm run test:exercises -- 06    Lesson: lessons/en/06-close-wait.md (中文: lessons/zh-CN/06-close-wait.md)
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
        // A polite client says QUIT, and then we hang up.
        if (line.trim() === 'QUIT') socket.close();
      }
    });
  });
}
