/** Keepalive scenarios: a peer that answers the probe, and one that has gone. */
import { SERVER, echoServer, type Scenario } from './setup.js';

export const keepaliveScenarios: Scenario[] = [
  {
    name: 'keepalive-ok',
    summary: 'an idle connection with keepalive on: the probe after keepAliveIdleMs is answered',
    lesson: '07-keepalive',
    play(stage) {
      echoServer(stage, { closeAfterMs: 50 });
      const { net, client, config } = stage;
      net.at(0, () => {
        const s = client.connect(SERVER, { keepAlive: true });
        // Stay idle through one probe and its answer, then close.
        s.on('connected', () => net.after(config.keepAliveIdleMs + 1_000, () => s.close()));
      });
      net.run();
    },
  },
  {
    name: 'keepalive-dead',
    summary: 'the server becomes unreachable while idle: keepAliveCount probes go unanswered, then the client gives up',
    lesson: '07-keepalive',
    play(stage) {
      echoServer(stage, {});
      const { net, client } = stage;
      net.at(0, () => {
        const s = client.connect(SERVER, { keepAlive: true });
        s.on('connected', () => net.after(100, () => net.cut('server')));
      });
      net.run();
    },
  },
];
