/**
 * The two applications a live run puts on the engine, written on the simulator's host API
 * (grader/engine/app.ts) like the exercises' applications: an HTTP/1.0 server that answers one GET
 * and closes, and a client that sends one GET and reads until the server closes.
 */
import type { AppSocket } from '../engine/app.js';

const END_OF_HEADER = '\r\n\r\n';

/**
 * HTTP/1.0 (RFC 1945 §6): a status line, headers, a blank line, the body. No Content-Length: the
 * body ends when the server closes (RFC 1945 §7.2.2), so the client waits for our FIN before it
 * closes and the server is always the side that closes first (it ends in TIME-WAIT, the client's
 * kernel passes through CLOSE-WAIT and LAST-ACK). With a length, curl may close as soon as it has the
 * body, racing our FIN into a simultaneous close.
 */
export function httpResponse(status: string, body: string): string {
  return [`HTTP/1.0 ${status}`, 'Content-Type: text/plain', 'Connection: close', '', body].join('\r\n');
}

/** Answers a GET with 200 and `body`, anything else with 405, then closes: this side closes first. */
export function httpServer(body: string): (socket: AppSocket) => void {
  return (socket) => {
    let answered = false;
    const answer = (): void => {
      if (answered || !socket.received.includes(END_OF_HEADER)) return;
      answered = true;
      const get = /^GET \S+ HTTP\/1\.[01]\r\n/.test(socket.received);
      socket.send(
        get ? httpResponse('200 OK', body) : httpResponse('405 Method Not Allowed', 'only GET is served here\n'),
      );
      socket.close();
    };
    socket.on('data', answer);
    // A client that closes without asking gets our FIN too.
    socket.on('closing', () => {
      if (!answered) {
        answered = true;
        socket.close();
      }
    });
    answer();
  };
}

/** The request the client sends (HTTP/1.0, so the server closes when it has answered). */
export function httpRequest(host: string): string {
  return `GET / HTTP/1.0\r\nHost: ${host}\r\nUser-Agent: tcplab-live\r\n\r\n`;
}

/** Sends the request once connected; when the server closes its side, closes ours. */
export function httpClient(socket: AppSocket, host: string): void {
  socket.on('connected', () => socket.send(httpRequest(host)));
  socket.on('closing', () => socket.close());
}
