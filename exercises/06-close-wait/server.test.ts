/**
 * Public tests for 06 · CLOSE-WAIT: many clients against the server on the simulated network, then
 * count what `ss` shows on the server's host. Clients that hang up without QUIT must not leave the
 * server in CLOSE-WAIT, and every client must get every reply, including after a half-close.
 */
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../../grader/engine/config.js';
import { Network } from '../../grader/sim/network.js';
import { modules } from '../../solutions/modules.js';
import { startServer } from './server.js';

const PORT = 6379;

interface Run {
  net: Network;
  replies: string[];
  serverStates: string[];
}

/** `clients` clients, one every 50 ms; client i sends its requests, then QUITs (every 5th) or just closes. */
function run(clients: number, halfClose: boolean): Run {
  const net = new Network({ modules, config: makeConfig('rfc'), seed: 6, defaultFaults: { delayMs: 5 } });
  const client = net.addHost('client', '192.0.2.1', 1000);
  const server = net.addHost('server', '198.51.100.1', 5000);
  startServer(server, PORT);
  const replies: string[] = [];
  for (let i = 0; i < clients; i++) {
    net.at(i * 50, () => {
      const s = client.connect({ addr: server.address, port: PORT });
      const polite = i % 5 === 0;
      s.on('connected', () => {
        s.send(`SET k${i} v${i}\nGET k${i}\n${polite ? 'QUIT\n' : ''}`);
        // A half-closing client closes right after its request; the others wait for the answers.
        if (halfClose && !polite) s.close();
      });
      // Every client closes once the server has (end of stream), as any sane client does.
      s.on('closing', () => {
        if (s.state === 'CLOSE-WAIT') s.close();
      });
      s.on('data', () => {
        const expected = polite ? 3 : 2;
        if (s.received.split('\n').length - 1 === expected) {
          replies[i] = s.received;
          if (!halfClose && !polite && s.state === 'ESTABLISHED') s.close();
        }
      });
    });
  }
  net.run(clients * 50 + 5_000);
  return {
    net,
    replies,
    serverStates: server
      .ss()
      .filter((r) => r.state !== 'LISTEN')
      .map((r) => r.state),
  };
}

/** One client sending `text` on a network with MSS `mss`: what it receives before the server closes, and the server's states. */
function exchange(text: string, mss: number): { received: string; serverStates: string[]; clientStates: string[] } {
  const net = new Network({ modules, config: makeConfig('rfc', { mss }), seed: 7, defaultFaults: { delayMs: 5 } });
  const client = net.addHost('client', '192.0.2.1', 1000);
  const server = net.addHost('server', '198.51.100.1', 5000);
  startServer(server, PORT);
  let received = '';
  net.at(0, () => {
    const s = client.connect({ addr: server.address, port: PORT });
    s.on('connected', () => s.send(text));
    s.on('data', () => {
      received = s.received;
    });
    s.on('closing', () => {
      if (s.state === 'CLOSE-WAIT') s.close();
    });
  });
  net.run(5_000);
  const states = (host: string): string[] =>
    net
      .host(host)
      .ss()
      .filter((r) => r.state !== 'LISTEN')
      .map((r) => r.state);
  return { received, serverStates: states('server'), clientStates: states('client') };
}

describe('a server that answers every command', () => {
  // MSS 4: a command arrives in pieces, and a piece may end one command and start the next.
  const commands = 'SET colour blue\nGET colour\nGET size\nSET size 10 cm\nGET size\nFLY away\nQUIT\n';
  const replies = 'OK\nblue\n(nil)\nOK\n10 cm\nERR unknown command\nBYE\n';

  it('answers each command once, in order, when commands arrive split across segments', () => {
    expect(exchange(commands, 4).received).toBe(replies);
  });

  it('answers several commands that arrive in one segment', () => {
    expect(exchange(commands, 1460).received).toBe(replies);
  });

  it('closes first after QUIT, and leaves nothing behind on its own host', () => {
    const { serverStates, clientStates } = exchange(commands, 1460);
    expect(serverStates.filter((s) => s !== 'TIME-WAIT' && s !== 'CLOSED')).toEqual([]);
    expect(serverStates).toContain('TIME-WAIT'); // the side that closes first waits (RFC 9293 §3.6.1)
    expect(clientStates.filter((s) => s !== 'CLOSED')).toEqual([]);
  });
});

describe('a server that closes when its clients do', () => {
  it('leaves no connection in CLOSE-WAIT after 100 clients hang up', () => {
    const { serverStates } = run(100, false);
    expect(serverStates.filter((s) => s === 'CLOSE-WAIT')).toEqual([]);
  });

  it('answers every request of every client', () => {
    const { replies } = run(100, false);
    for (let i = 0; i < 100; i++) {
      expect(replies[i], `client ${i}`).toBe(i % 5 === 0 ? `OK\nv${i}\nBYE\n` : `OK\nv${i}\n`);
    }
  });

  it('still answers a client that closes right after its request (half-close)', () => {
    const { replies, serverStates } = run(40, true);
    for (let i = 0; i < 40; i++)
      expect(replies[i], `client ${i}`).toBe(i % 5 === 0 ? `OK\nv${i}\nBYE\n` : `OK\nv${i}\n`);
    expect(serverStates.filter((s) => s === 'CLOSE-WAIT')).toEqual([]);
  });

  it('closes first only for QUIT, so TIME-WAIT stays with the clients that hang up', () => {
    const { net } = run(20, false);
    const serverTimeWait = net
      .host('server')
      .ss()
      .filter((r) => r.state === 'TIME-WAIT').length;
    expect(serverTimeWait).toBe(4); // clients 0, 5, 10, 15 said QUIT: the server closed those first
  });
});
