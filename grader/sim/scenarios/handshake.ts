/** Scenarios about opening a connection, and how it fails. */
import { SERVER, SERVER_PORT, echoServer, type Scenario } from './setup.js';

/** Connect, wait 100 ms, close; the server closes 50 ms after the client's FIN. */
const openThenClose: Scenario['play'] = (stage) => {
  echoServer(stage, { closeAfterMs: 50 });
  const { net, client } = stage;
  net.at(0, () => {
    const s = client.connect(SERVER);
    s.on('connected', () => net.after(100, () => s.close()));
  });
  net.run();
};

export const handshakeScenarios: Scenario[] = [
  {
    name: 'simultaneous-open',
    summary: 'both ends send SYN at once: both pass through SYN-RECEIVED, four segments in all',
    lesson: '02-three-way-handshake',
    play({ net, client, server }) {
      net.at(0, () => {
        const a = client.connect({ addr: server.address, port: 6000 }, { localPort: 5000 });
        const b = server.connect({ addr: client.address, port: 5000 }, { localPort: 6000 });
        a.on('connected', () => net.after(100, () => a.close()));
        b.on('closing', () => b.close());
      });
      net.run();
    },
  },
  {
    name: 'lost-syn',
    summary: 'the first SYN is lost: the client retransmits it after the initial RTO',
    lesson: '03-handshake-failures',
    drops: [{ from: 'client', flags: 'SYN', nth: 1 }],
    play: openThenClose,
  },
  {
    name: 'lost-synack',
    summary: 'the SYN,ACK is lost: the client retransmits its SYN, the server its SYN,ACK',
    lesson: '03-handshake-failures',
    drops: [{ from: 'server', flags: 'SYN,ACK', nth: 1 }],
    play: openThenClose,
  },
  {
    name: 'refused',
    summary: 'a SYN to a port nobody listens on is answered with RST,ACK: "connection refused"',
    lesson: '03-handshake-failures',
    play({ net, client }) {
      net.at(0, () => client.connect({ addr: SERVER.addr, port: SERVER_PORT + 1 }));
      net.run();
    },
  },
  {
    name: 'syn-timeout',
    summary: 'the server is unreachable: SYN retransmitted with backoff until synRetries is used up',
    lesson: '03-handshake-failures',
    play({ net, client }) {
      net.cut('server');
      net.at(0, () => client.connect(SERVER));
      net.run();
    },
  },
];
