/** Scenarios about closing: the four-way close, its variants, TIME-WAIT and abort. */
import { SERVER, echoServer, type Scenario } from './setup.js';

/** Request/response, then the client closes first; the server closes `serverCloseMs` after the FIN. */
function requestThenClose(serverCloseMs: number): Scenario['play'] {
  return (stage) => {
    echoServer(stage, { reply: 'HTTP/1.0 200 OK', closeAfterMs: serverCloseMs });
    const { net, client } = stage;
    net.at(0, () => {
      const s = client.connect(SERVER);
      s.on('connected', () => s.send('GET /'));
      s.on('data', () => net.after(20, () => s.close()));
    });
    net.run();
  };
}

export const closeScenarios: Scenario[] = [
  {
    name: 'normal-close',
    summary: 'open, one request and reply, then the four-way close and TIME-WAIT for 2*MSL',
    lesson: '04-four-way-close',
    play: requestThenClose(50),
  },
  {
    name: 'merged-close',
    summary: 'the server closes at once, so its FIN rides with the delayed ACK: a three-segment close',
    lesson: '04-four-way-close',
    adjust: (c) => ({ delayedAckMs: Math.max(c.delayedAckMs, 200) }),
    play: requestThenClose(0),
  },
  {
    name: 'simultaneous-close',
    summary: 'both ends call CLOSE at the same moment: both pass through CLOSING into TIME-WAIT',
    lesson: '04-four-way-close',
    play(stage) {
      const { net, client, server } = stage;
      let peer: ReturnType<typeof client.connect> | undefined;
      server.listen(SERVER.port, (s) => {
        peer = s;
      });
      net.at(0, () => {
        const s = client.connect(SERVER);
        s.on('connected', () =>
          net.after(100, () => {
            s.close();
            peer?.close();
          }),
        );
      });
      net.run();
    },
  },
  {
    name: 'half-close',
    summary: 'the client closes its direction; the server goes on sending from CLOSE-WAIT, then closes',
    lesson: '04-four-way-close',
    play(stage) {
      const { net, client, server } = stage;
      server.listen(SERVER.port, (s) => {
        s.on('closing', () => {
          net.after(30, () => s.send('part 1'));
          net.after(60, () => s.send('part 2'));
          net.after(90, () => s.close());
        });
      });
      net.at(0, () => {
        const s = client.connect(SERVER);
        s.on('connected', () => {
          s.send('upload');
          net.after(20, () => s.close());
        });
      });
      net.run();
    },
  },
  {
    name: 'lost-final-ack',
    summary: 'the last ACK is lost: the server retransmits its FIN, TIME-WAIT ACKs it again and restarts 2*MSL',
    lesson: '05-time-wait',
    drops: [{ from: 'client', flags: 'ACK', state: 'TIME-WAIT', nth: 1 }],
    play: requestThenClose(50),
  },
  {
    name: 'abort',
    summary: 'the client aborts an established connection: one RST, no FIN, no TIME-WAIT',
    lesson: '04-four-way-close',
    play(stage) {
      echoServer(stage, {});
      const { net, client } = stage;
      net.at(0, () => {
        const s = client.connect(SERVER);
        s.on('connected', () => net.after(100, () => s.abort()));
      });
      net.run();
    },
  },
];
