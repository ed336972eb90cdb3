/**
 * One live run, inside the private namespace: the TUN bridge, the engine on it with its
 * application, COMMAND beside it, the diagram drawn as segments pass, and at the end both sides'
 * view of the connections (the kernel's `ss -tan`, the engine's listing).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import type { Config } from '../engine/config.js';
import type { Modules } from '../engine/modules.js';
import type { AppSocket } from '../engine/app.js';
import { connectionOf, textDiagram } from '../sim/diagram.js';
import type { SsRow, TraceStep } from '../sim/trace.js';
import { httpClient, httpServer } from './apps.js';
import type { Crawl, StartServer } from './exercise-apps.js';
import { ENGINE_ADDR, KERNEL_ADDR, openBridge, type Bridge } from './bridge.js';
import { exitCodeOf, signalCommand, startCommand } from './command-process.js';
import { EngineStopped } from './contain.js';
import { LiveHost } from './live-network.js';
import { openPcap, type PcapWriter } from './pcap.js';

/** What runs on the engine's host: the HTTP application, or one of the exercises' applications. */
export type LiveApp =
  | { kind: 'http' }
  | { kind: 'close-wait-server'; startServer: StartServer }
  | { kind: 'crawler'; crawl: Crawl; paths: readonly string[] };

export interface LiveRun {
  mode: 'server' | 'client';
  app: LiveApp;
  modules: Modules;
  /** Says what runs, e.g. "the reference (solutions/)". */
  label: string;
  profile: string;
  config: Config;
  /** Server: the engine's port. Client: the port COMMAND's server listens on. */
  port: number;
  pcap?: string;
  command: readonly string[];
  /** How long one input to the engine may take (a looping handler is stopped after it). */
  limitMs: number;
  /** Client: how long to wait for COMMAND's server to listen, and then for the reply. */
  waitMs: number;
  out: (text: string) => void;
  /** Renders an `ss -tan`-style listing of the engine's sockets. */
  ssListing: (rows: readonly SsRow[]) => string;
}

/** How much of a client's reply is printed (a directory listing can be long). */
const REPLY_SHOWN = 2_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The kernel's own listing, only the rows on the namespace's subnet. */
export function kernelSs(): string {
  const ss = spawnSync('ss', ['-tan'], { encoding: 'utf8' });
  const lines = ss.stdout.split('\n').filter((l) => l.trim() !== '');
  const mine = lines.slice(1).filter((l) => l.includes('10.77.0.'));
  return [
    lines[0] ?? 'State Recv-Q Send-Q Local Address:Port Peer Address:Port',
    ...(mine.length > 0 ? mine : ['(no connection on 10.77.0.0/24)']),
  ].join('\n');
}

/** Whether the kernel still has a connection on our subnet between states (a segment of ours may be on its way to it). */
function kernelInTransit(): boolean {
  const ss = spawnSync('ss', ['-Htan'], { encoding: 'utf8' });
  return ss.stdout
    .split('\n')
    .some((l) => l.includes('10.77.0.') && /^(LAST-ACK|CLOSING|FIN-WAIT-1|SYN-SENT|SYN-RECV)\s/.test(l));
}

function kernelListens(port: number): boolean {
  const ss = spawnSync('ss', ['-Htln'], { encoding: 'utf8' });
  return ss.stdout.split('\n').some((l) => new RegExp(`[:.]${port}\\s`).test(l));
}

/** Run it; the result is the exit code (COMMAND's; 1 if the engine had to be stopped; 130 on Ctrl+C). */
export async function runLive(run: LiveRun): Promise<number> {
  const started = performance.now();
  const clock = (): number => Math.floor(performance.now() - started);
  const pcap: PcapWriter | undefined = run.pcap ? openPcap(run.pcap) : undefined;
  const micros = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

  // The diagram, redrawn from all steps so far; only the lines not yet printed are printed.
  const steps: TraceStep[] = [];
  let printed = 0;
  let drawScheduled = false;
  const draw = (): void => {
    drawScheduled = false;
    if (steps.length === 0) return;
    const lines = textDiagram(steps).split('\n');
    if (lines.length > printed) run.out(lines.slice(printed).join('\n'));
    printed = lines.length;
  };

  let failure: string | undefined;
  let finish: (() => void) | undefined;
  const fail = (error: unknown): void => {
    if (failure !== undefined) return;
    failure =
      error instanceof EngineStopped
        ? error.message
        : `the live run failed: ${error instanceof Error ? error.message : String(error)}`;
    finish?.();
  };

  let bridge: Bridge | undefined;
  const live = new LiveHost({
    modules: run.modules,
    config: run.config,
    engineAddr: ENGINE_ADDR,
    kernelAddr: KERNEL_ADDR,
    send: (packet) => bridge?.send(packet),
    onPacket: (packet) => pcap?.write(packet, micros()),
    onStep: (step) => {
      // Received lines would break the diagram's rows: show their line ends as escapes.
      const shown = (d: string): string => d.replaceAll('\r', '\\r').replaceAll('\n', '\\n');
      steps.push({
        ...step,
        notices: step.notices.map((n) => (n.kind === 'data' ? { ...n, data: shown(n.data) } : n)),
      });
      if (!drawScheduled) {
        drawScheduled = true;
        setImmediate(draw);
      }
    },
    limitMs: run.limitMs,
    kernelStart: run.mode === 'server' ? 'CLOSED' : 'LISTEN',
  });
  const guard = (work: () => void): void => {
    if (failure !== undefined) return;
    try {
      work();
    } catch (error) {
      fail(error);
    }
  };

  let child: ChildProcess | undefined;
  let childExit: number | undefined;
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    finish?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let ticker: NodeJS.Timeout | undefined;
  try {
    bridge = await openBridge(
      (packet) => guard(() => live.packet(packet, clock())),
      (message) => fail(new Error(message)),
    );
    // Timers fire on real time: every few milliseconds the virtual clock catches up.
    ticker = setInterval(() => guard(() => live.advance(clock())), 5);
    run.out(
      `tcplab live ${run.mode} · ${run.label} · profile ${run.profile} · engine ${ENGINE_ADDR}, kernel ${KERNEL_ADDR}\n`,
    );
    const ended = new Promise<void>((resolve) => {
      finish = resolve;
    });
    if (failure !== undefined || interrupted) finish?.();

    const startChild = (addr: string): void => {
      child = startCommand(run.command, addr);
      child.on('error', (e) => fail(new Error(`COMMAND could not start: ${e.message}`)));
      child.on('exit', (code, signal) => {
        childExit = exitCodeOf(code, signal);
        if (run.mode === 'server') finish?.();
      });
    };

    let socket: AppSocket | undefined;
    let pages: Map<string, string> | undefined;
    if (run.mode === 'server') {
      const body = `Hello from tcp-lab: ${run.label}, profile ${run.profile}\n`;
      const app = run.app;
      guard(() =>
        live.act(clock(), 'listen', () => {
          if (app.kind === 'close-wait-server') app.startServer(live.host, run.port);
          else live.host.listen(run.port, httpServer(body));
        }),
      );
      startChild(`${ENGINE_ADDR}:${run.port}`);
      await ended;
    } else {
      startChild(`${KERNEL_ADDR}:${run.port}`);
      // COMMAND starts a server: wait until the kernel lists it, then connect.
      const deadline = performance.now() + run.waitMs;
      while (
        !kernelListens(run.port) &&
        childExit === undefined &&
        failure === undefined &&
        !interrupted &&
        performance.now() < deadline
      )
        await sleep(50);
      if (!kernelListens(run.port)) {
        if (failure === undefined && !interrupted) {
          fail(
            new Error(
              childExit !== undefined
                ? `COMMAND exited (code ${childExit}) before anything listened on port ${run.port}`
                : `nothing listened on port ${run.port} within ${run.waitMs / 1000} s (does COMMAND serve on that port?)`,
            ),
          );
        }
      } else {
        const server = { addr: KERNEL_ADDR, port: run.port };
        const app = run.app;
        const closed = (states: readonly string[]): boolean =>
          states.every((st) => st === 'TIME-WAIT' || st === 'CLOSED');
        let poll: NodeJS.Timeout;
        if (app.kind === 'crawler') {
          guard(() =>
            live.act(clock(), 'crawl', () =>
              app.crawl(live.host, server, app.paths, (got) => {
                pages = got;
              }),
            ),
          );
          // Done when every page has come and every connection has closed on our side.
          poll = setInterval(() => {
            if (pages && closed(live.host.sockets().map((x) => x.state))) finish?.();
          }, 20);
        } else {
          guard(() =>
            live.act(clock(), 'connect', () => {
              socket = live.host.connect(server);
              httpClient(socket, `${KERNEL_ADDR}:${run.port}`);
              for (const end of ['closed', 'timed-out', 'refused', 'reset'] as const) socket.on(end, () => finish?.());
            }),
          );
          // Done when both sides have closed (we reach TIME-WAIT or CLOSED).
          poll = setInterval(() => {
            if (socket && closed([socket.state])) finish?.();
          }, 20);
        }
        const limit = setTimeout(() => fail(new Error(`no complete reply within ${run.waitMs / 1000} s`)), run.waitMs);
        await ended;
        clearInterval(poll);
        clearTimeout(limit);
      }
    }

    if (failure === undefined && !interrupted) {
      // Let the last segments of the close cross (the ACK of a FIN), then list both sides.
      const settle = performance.now() + 3_000;
      const busy = (): boolean => live.host.sockets().some((s) => !['TIME-WAIT', 'CLOSED', 'LISTEN'].includes(s.state));
      while (busy() && performance.now() < settle && failure === undefined) await sleep(20);
      // And give the kernel a moment to take our last segment (the ACK of its FIN) before listing it.
      const kernelSettle = performance.now() + 2_000;
      while (kernelInTransit() && performance.now() < kernelSettle) await sleep(20);
    }
    draw();
    if (steps.length === 0) run.out('(no segment crossed the device)');
    const connections = new Set(steps.map((st) => [st.conn, st.peer].sort().join(' '))).size;
    if (connectionOf(steps, 1)) run.out(`(the diagram shows the first of ${connections} connections)`);
    if (run.mode === 'client' && socket) {
      const reply = socket.received;
      const shown =
        reply.length > REPLY_SHOWN
          ? `${reply.slice(0, REPLY_SHOWN)}\n… (${reply.length - REPLY_SHOWN} more octets)`
          : reply;
      run.out(`\nreply (${reply.length} octets):\n${shown}`);
    }
    if (pages) run.out(`\npages:\n${[...pages].map(([path, line]) => `  ${path}  ${line}`).join('\n')}`);
    run.out(`\nthe kernel's ss -tan:\n${kernelSs()}`);
    const rows = live.host.ss();
    run.out(`\nthe engine's sockets:\n${rows.length > 0 ? run.ssListing(rows) : '(none: every connection is closed)'}`);
    if (live.badChecksums > 0) run.out(`(${live.badChecksums} segment(s) with a wrong checksum dropped)`);
    if (interrupted) {
      run.out('\ntcplab live: interrupted; everything it started is stopped and the namespace goes with it');
      return 130;
    }
    if (failure !== undefined) {
      run.out(`\ntcplab live: ${failure}; the live run stopped there.`);
      return 1;
    }
    if (run.mode === 'server') return childExit ?? 1;
    // Client: COMMAND is a server that may still be running; its own code if it ended by itself.
    const gotIt =
      run.app.kind === 'crawler' ? pages?.size === run.app.paths.length : (socket?.received.length ?? 0) > 0;
    return childExit ?? (gotIt ? 0 : 1);
  } catch (error) {
    fail(error);
    run.out(`tcplab live: ${failure ?? 'failed'}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (ticker) clearInterval(ticker);
    if (child) {
      // COMMAND and whatever it started: asked to stop, then made to.
      const running = child.exitCode === null && child.signalCode === null;
      const gone = running ? new Promise((resolve) => child!.once('exit', resolve)) : Promise.resolve();
      signalCommand(child, 'SIGTERM');
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        gone,
        new Promise((resolve) => {
          grace = setTimeout(resolve, 2_000);
        }),
      ]);
      clearTimeout(grace); // a pending timer would keep the process alive for nothing
      signalCommand(child, 'SIGKILL');
    }
    bridge?.close();
    pcap?.close();
  }
}
