/** What every scenario shares: two hosts, a server port, and the helpers scenarios are written with. */
import type { Config } from '../../engine/config.js';
import type { Endpoint, Host, Socket } from '../host.js';
import type { Network } from '../network.js';
import type { LinkFaults, ScriptedDrop } from '../network.js';
import type { SsRow } from '../trace.js';

export const CLIENT_ADDR = '192.0.2.1'; // RFC 5737 documentation addresses: never a real host
export const SERVER_ADDR = '198.51.100.1';
export const SERVER_PORT = 80;
export const SERVER: Endpoint = { addr: SERVER_ADDR, port: SERVER_PORT };
/** One-way delay of the default link, in ms. */
export const LINK_DELAY_MS = 5;

export interface Stage {
  net: Network;
  client: Host;
  server: Host;
  config: Config;
}

export interface Scenario {
  name: string;
  /** One line for `tcplab trace` with no name. */
  summary: string;
  /** The lesson that uses it. */
  lesson: string;
  /** Scenario-specific settings, applied over the profile and under `--set`. */
  adjust?: (config: Config) => Partial<Config>;
  faults?: Record<string, Partial<LinkFaults>>;
  drops?: ScriptedDrop[];
  /** Set up the applications and run the network; return an `ss` listing if the scenario ends with one. */
  play(stage: Stage): SsRow[] | undefined;
}

/** A server on SERVER_PORT that answers each request with `reply` and closes `closeAfterMs` after the peer's FIN. */
export function echoServer(
  stage: Stage,
  options: { reply?: string; closeAfterMs?: number; keepAlive?: boolean } = {},
): Socket[] {
  const accepted: Socket[] = [];
  stage.server.listen(
    SERVER_PORT,
    (socket) => {
      accepted.push(socket);
      socket.on('data', () => {
        if (options.reply !== undefined && socket.state === 'ESTABLISHED') socket.send(options.reply);
      });
      socket.on('closing', () => {
        const close = (): void => {
          if (socket.state === 'CLOSE-WAIT') socket.close();
        };
        if (options.closeAfterMs === undefined) return;
        if (options.closeAfterMs === 0) close();
        else stage.net.after(options.closeAfterMs, close);
      });
    },
    options.keepAlive ? { keepAlive: true } : {},
  );
  return accepted;
}
