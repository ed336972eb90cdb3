/**
 * What an application sees of TCP: a host it can listen on and sockets with events, as in most
 * socket APIs. The simulator's hosts and sockets provide it; application exercises (06) are
 * written against it, so they depend on nothing but the framework.
 */
import type { Notice, State } from './types.js';

export type SocketEvent = Notice['kind'] | 'closed';

export interface AppSocket {
  /** The connection's TCP state (RFC 9293 names). */
  readonly state: State;
  /** Everything received so far, in order. */
  readonly received: string;
  /** Be told of 'connected', 'data', 'closing' (the peer sent FIN), 'reset', 'timed-out', 'closed', ... */
  on(event: SocketEvent, fn: (notice: Notice | undefined) => void): this;
  send(data: string): void;
  /** Close our direction: a FIN after any queued data (RFC 9293 §3.10.4). */
  close(): void;
  abort(): void;
}

export interface Endpoint {
  addr: string;
  port: number;
}

export interface AppHost {
  /** Passive OPEN on a port; `onConnection` runs once each connection is established. */
  listen(port: number, onConnection: (socket: AppSocket) => void): void;
  /** Active OPEN to `remote` from an ephemeral port. */
  connect(remote: Endpoint): AppSocket;
}
