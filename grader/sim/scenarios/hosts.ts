/** Scenarios with many connections on one host, ending with an `ss -tan` listing. */
import type { SsRow } from '../trace.js';
import { SERVER, echoServer, type Scenario, type Stage } from './setup.js';

/** How many short connections the host scenarios open. */
const MANY = 40;
/** Time between two of them, in ms. */
const SPACING_MS = 250;

/** MANY clients, one every SPACING_MS: each sends a request and closes once the reply arrives. */
function manyClients(stage: Stage): SsRow[] {
  const { net, client } = stage;
  for (let i = 0; i < MANY; i++) {
    net.at(i * SPACING_MS, () => {
      const s = client.connect(SERVER);
      s.on('connected', () => s.send('GET /'));
      s.on('data', () => s.close());
    });
  }
  // List the sockets one second after the last connection closed, before 2*MSL has passed.
  net.run(MANY * SPACING_MS + 1_000);
  return net.ss();
}

export const hostScenarios: Scenario[] = [
  {
    name: 'many-time-wait',
    summary: `a client opens and closes ${MANY} short connections, closing first: its TIME-WAIT sockets pile up`,
    lesson: '05-time-wait',
    play(stage) {
      echoServer(stage, { reply: 'HTTP/1.0 200 OK', closeAfterMs: 0 });
      return manyClients(stage);
    },
  },
  {
    name: 'close-wait-leak',
    summary: `a server that never calls close: after ${MANY} clients hang up, its CLOSE-WAIT sockets pile up`,
    lesson: '06-close-wait',
    play(stage) {
      // The bug: the server answers and never closes, not even when the client's FIN arrives.
      echoServer(stage, { reply: 'HTTP/1.0 200 OK' });
      return manyClients(stage);
    },
  },
];
