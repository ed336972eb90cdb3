/**
 * Random conversations: a client and a server on a faulty network (loss, duplication, reordering),
 * sending, closing and aborting at random times. Used by the property tests and, with the candidate
 * on one side, by hidden grading. A plan is plain data; ./plan-arbitrary.ts draws them with
 * fast-check, which the sandbox child (it only plays plans) does without.
 */
import { makeConfig } from '../engine/config.js';
import type { Modules } from '../engine/modules.js';
import type { EngineInput, Host, Socket } from './host.js';
import { Network } from './network.js';
import { CLIENT_ADDR, SERVER, SERVER_ADDR } from './scenarios/setup.js';
import type { TraceStep } from './trace.js';

export interface Plan {
  seed: number;
  profile: 'rfc' | 'linux';
  loss: number;
  duplicate: number;
  jitterMs: number;
  delayMs: number;
  clientChunks: { atMs: number; data: string }[];
  serverChunks: { atMs: number; data: string }[];
  clientCloseMs: number;
  serverCloseMs: number;
  abortBy: 'nobody' | 'client' | 'server';
  abortMs: number;
}

export interface PlanRun {
  net: Network;
  client: Socket;
  server: Socket | undefined;
  clientSent: string;
  serverSent: string;
  /** Sockets still open on either host after every timer ran out. */
  leftover: number;
}

type PlanOptions = {
  modulesFor?: (host: string) => Modules | undefined;
  onStep?: (s: TraceStep) => void;
  onInput?: (host: Host, input: EngineInput) => void;
};

/** Play a plan to the end (short timeouts, so every run ends quickly in virtual time). */
export function playPlan(p: Plan, modules: Modules, options: PlanOptions = {}): PlanRun {
  const net = planNetwork(p, modules, options);
  const clientHost = net.addHost('client', CLIENT_ADDR, 0xffff_f000); // crosses 2^32 within the run
  const serverHost = net.addHost('server', SERVER_ADDR, 0x7fff_fff0);
  const run: PlanRun = {
    net,
    client: undefined as unknown as Socket,
    server: undefined,
    clientSent: '',
    serverSent: '',
    leftover: 0,
  };
  const act = (socket: Socket | undefined, what: () => void): void => {
    if (socket && socket.state !== 'CLOSED') what();
  };
  serverHost.listen(SERVER.port, (s) => {
    run.server = s;
    for (const c of p.serverChunks) {
      net.after(c.atMs, () =>
        act(s, () => {
          if (s.state === 'ESTABLISHED' || s.state === 'CLOSE-WAIT') {
            s.send(c.data);
            run.serverSent += c.data;
          }
        }),
      );
    }
    net.after(p.serverCloseMs, () => act(s, () => s.close()));
    if (p.abortBy === 'server') net.after(p.abortMs, () => act(s, () => s.abort()));
  });
  const client = clientHost.connect(SERVER);
  run.client = client;
  for (const c of p.clientChunks) {
    net.at(c.atMs, () =>
      act(client, () => {
        if (['SYN-SENT', 'ESTABLISHED', 'CLOSE-WAIT'].includes(client.state)) {
          client.send(c.data);
          run.clientSent += c.data;
        }
      }),
    );
  }
  net.at(p.clientCloseMs, () => act(client, () => client.close()));
  if (p.abortBy === 'client') net.at(p.abortMs, () => act(client, () => client.abort()));
  net.run(Number.POSITIVE_INFINITY, 200_000);
  run.leftover = clientHost.sockets().length + serverHost.sockets().length;
  return run;
}

/** The network a plan runs on: its faults and seed, and timeouts short enough to end every run soon. */
function planNetwork(p: Plan, modules: Modules, options: PlanOptions): Network {
  const config = {
    ...makeConfig(p.profile),
    mslMs: 2_000,
    synRetries: 4,
    synAckRetries: 4,
    dataRetries: 6,
    maxRtoMs: 8_000,
    finWait2TimeoutMs: 30_000,
    userTimeoutMs: 0,
    mss: 300,
  };
  const net = new Network({
    modules,
    config,
    seed: p.seed,
    ...(options.modulesFor ? { modulesFor: options.modulesFor } : {}),
    defaultFaults: { delayMs: p.delayMs, jitterMs: p.jitterMs, loss: p.loss, duplicate: p.duplicate },
  });
  if (options.onStep) net.onStep = options.onStep;
  if (options.onInput) net.onInput = options.onInput;
  return net;
}
