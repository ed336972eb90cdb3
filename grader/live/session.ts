/**
 * The state of one live run while it goes: the engine's host on the TUN bridge, the diagram drawn
 * as steps come, COMMAND, what the application got, and the first failure. `runLive` (run.ts) drives
 * it: start, serve or fetch, settle, report, stop.
 */
import type { ChildProcess } from 'node:child_process';
import type { AppSocket } from '../engine/app.js';
import { connectionOf, textDiagram } from '../sim/diagram.js';
import type { TraceStep } from '../sim/trace.js';
import { httpClient, httpServer } from './apps.js';
import { type Bridge, ENGINE_ADDR, KERNEL_ADDR, openBridge } from './bridge.js';
import { exitCodeOf, signalCommand, startCommand } from './command-process.js';
import { EngineStopped } from './contain.js';
import { kernelInTransit, kernelListens, kernelSs } from './kernel-ss.js';
import { LiveHost } from './live-network.js';
import { openPcap, type PcapWriter } from './pcap.js';
import type { LiveRun } from './run.js';

/** How much of a client's reply is printed (a directory listing can be long). */
const REPLY_SHOWN = 2_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const closed = (states: readonly string[]): boolean => states.every((st) => st === 'TIME-WAIT' || st === 'CLOSED');

export class LiveSession {
  /** The first failure, in words; the run stops there. */
  failure: string | undefined;
  interrupted = false;
  private readonly started = performance.now();
  private readonly pcap: PcapWriter | undefined;
  private readonly live: LiveHost;
  private readonly steps: TraceStep[] = [];
  private printed = 0;
  private drawScheduled = false;
  private finish: (() => void) | undefined;
  private ended: Promise<void> | undefined;
  private bridge: Bridge | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private child: ChildProcess | undefined;
  private childExit: number | undefined;
  private socket: AppSocket | undefined;
  private pages: Map<string, string> | undefined;

  constructor(private readonly run: LiveRun) {
    this.pcap = run.pcap ? openPcap(run.pcap) : undefined;
    const micros = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);
    this.live = new LiveHost({
      modules: run.modules,
      config: run.config,
      engineAddr: ENGINE_ADDR,
      kernelAddr: KERNEL_ADDR,
      send: (packet) => this.bridge?.send(packet),
      onPacket: (packet) => this.pcap?.write(packet, micros()),
      onStep: (step) => {
        // Received lines would break the diagram's rows: show their line ends as escapes.
        const shown = (d: string): string => d.replaceAll('\r', '\\r').replaceAll('\n', '\\n');
        this.steps.push({
          ...step,
          notices: step.notices.map((n) => (n.kind === 'data' ? { ...n, data: shown(n.data) } : n)),
        });
        if (!this.drawScheduled) {
          this.drawScheduled = true;
          setImmediate(this.draw);
        }
      },
      limitMs: run.limitMs,
      kernelStart: run.mode === 'server' ? 'CLOSED' : 'LISTEN',
    });
  }

  private clock = (): number => Math.floor(performance.now() - this.started);

  /** The diagram, redrawn from all steps so far; only the lines not yet printed are printed. */
  private draw = (): void => {
    this.drawScheduled = false;
    if (this.steps.length === 0) return;
    const lines = textDiagram(this.steps).split('\n');
    if (lines.length > this.printed) this.run.out(lines.slice(this.printed).join('\n'));
    this.printed = lines.length;
  };

  fail = (error: unknown): void => {
    if (this.failure !== undefined) return;
    this.failure =
      error instanceof EngineStopped
        ? error.message
        : `the live run failed: ${error instanceof Error ? error.message : String(error)}`;
    this.finish?.();
  };

  /** Ctrl+C or SIGTERM: the run ends where it is. */
  onSignal = (): void => {
    this.interrupted = true;
    this.finish?.();
  };

  private guard(work: () => void): void {
    if (this.failure !== undefined) return;
    try {
      work();
    } catch (error) {
      this.fail(error);
    }
  }

  /** The bridge open, the virtual clock following the real one, the header printed. */
  async start(): Promise<void> {
    const { run, live } = this;
    this.bridge = await openBridge(
      (packet) => this.guard(() => live.packet(packet, this.clock())),
      (message) => this.fail(new Error(message)),
    );
    // Timers fire on real time: every few milliseconds the virtual clock catches up.
    this.ticker = setInterval(() => this.guard(() => live.advance(this.clock())), 5);
    run.out(
      `tcplab live ${run.mode} · ${run.label} · profile ${run.profile} · engine ${ENGINE_ADDR}, kernel ${KERNEL_ADDR}\n`,
    );
    this.ended = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
    if (this.failure !== undefined || this.interrupted) this.finish?.();
  }

  private startChild(addr: string): void {
    const child = startCommand(this.run.command, addr);
    this.child = child;
    child.on('error', (e) => this.fail(new Error(`COMMAND could not start: ${e.message}`)));
    child.on('exit', (code, signal) => {
      this.childExit = exitCodeOf(code, signal);
      if (this.run.mode === 'server') this.finish?.();
    });
  }

  /** Server: the application listens on the engine, COMMAND (a client) runs until it ends. */
  async serve(): Promise<void> {
    const { run, live } = this;
    const body = `Hello from tcp-lab: ${run.label}, profile ${run.profile}\n`;
    const app = run.app;
    this.guard(() =>
      live.act(this.clock(), 'listen', () => {
        if (app.kind === 'close-wait-server') app.startServer(live.host, run.port);
        else live.host.listen(run.port, httpServer(body));
      }),
    );
    this.startChild(`${ENGINE_ADDR}:${run.port}`);
    await this.ended;
  }

  /** Client: COMMAND starts a server; once the kernel lists it, the application connects. */
  async fetch(): Promise<void> {
    const { run } = this;
    this.startChild(`${KERNEL_ADDR}:${run.port}`);
    const deadline = performance.now() + run.waitMs;
    while (
      !kernelListens(run.port) &&
      this.childExit === undefined &&
      this.failure === undefined &&
      !this.interrupted &&
      performance.now() < deadline
    )
      await sleep(50);
    if (kernelListens(run.port)) return this.talk();
    if (this.failure === undefined && !this.interrupted) {
      this.fail(
        new Error(
          this.childExit !== undefined
            ? `COMMAND exited (code ${this.childExit}) before anything listened on port ${run.port}`
            : `nothing listened on port ${run.port} within ${run.waitMs / 1000} s (does COMMAND serve on that port?)`,
        ),
      );
    }
  }

  /** The crawler fetches its pages, or the HTTP client its reply; done when every connection is closed on our side. */
  private async talk(): Promise<void> {
    const { run, live } = this;
    const server = { addr: KERNEL_ADDR, port: run.port };
    const app = run.app;
    let poll: NodeJS.Timeout;
    if (app.kind === 'crawler') {
      this.guard(() =>
        live.act(this.clock(), 'crawl', () =>
          app.crawl(live.host, server, app.paths, (got) => {
            this.pages = got;
          }),
        ),
      );
      // Done when every page has come and every connection has closed on our side.
      poll = setInterval(() => {
        if (this.pages && closed(live.host.sockets().map((x) => x.state))) this.finish?.();
      }, 20);
    } else {
      this.guard(() =>
        live.act(this.clock(), 'connect', () => {
          const socket = live.host.connect(server);
          this.socket = socket;
          httpClient(socket, `${KERNEL_ADDR}:${run.port}`);
          for (const end of ['closed', 'timed-out', 'refused', 'reset'] as const) socket.on(end, () => this.finish?.());
        }),
      );
      // Done when both sides have closed (we reach TIME-WAIT or CLOSED).
      poll = setInterval(() => {
        if (this.socket && closed([this.socket.state])) this.finish?.();
      }, 20);
    }
    const limit = setTimeout(() => this.fail(new Error(`no complete reply within ${run.waitMs / 1000} s`)), run.waitMs);
    await this.ended;
    clearInterval(poll);
    clearTimeout(limit);
  }

  /** Let the last segments of the close cross (the ACK of a FIN), then give the kernel a moment to take them. */
  async settle(): Promise<void> {
    const settle = performance.now() + 3_000;
    const busy = (): boolean =>
      this.live.host.sockets().some((s) => !['TIME-WAIT', 'CLOSED', 'LISTEN'].includes(s.state));
    while (busy() && performance.now() < settle && this.failure === undefined) await sleep(20);
    const kernelSettle = performance.now() + 2_000;
    while (kernelInTransit() && performance.now() < kernelSettle) await sleep(20);
  }

  /** The rest of the diagram, what the application got, both sides' sockets; the exit code. */
  report(): number {
    const { run, live, steps } = this;
    this.draw();
    if (steps.length === 0) run.out('(no segment crossed the device)');
    const connections = new Set(steps.map((st) => [st.conn, st.peer].sort().join(' '))).size;
    if (connectionOf(steps, 1)) run.out(`(the diagram shows the first of ${connections} connections)`);
    if (run.mode === 'client' && this.socket) {
      const reply = this.socket.received;
      const shown =
        reply.length > REPLY_SHOWN
          ? `${reply.slice(0, REPLY_SHOWN)}\n… (${reply.length - REPLY_SHOWN} more octets)`
          : reply;
      run.out(`\nreply (${reply.length} octets):\n${shown}`);
    }
    if (this.pages) run.out(`\npages:\n${[...this.pages].map(([path, line]) => `  ${path}  ${line}`).join('\n')}`);
    run.out(`\nthe kernel's ss -tan:\n${kernelSs()}`);
    const rows = live.host.ss();
    run.out(`\nthe engine's sockets:\n${rows.length > 0 ? run.ssListing(rows) : '(none: every connection is closed)'}`);
    if (live.badChecksums > 0) run.out(`(${live.badChecksums} segment(s) with a wrong checksum dropped)`);
    return this.exitCode();
  }

  private exitCode(): number {
    const { run } = this;
    if (this.interrupted) {
      run.out('\ntcplab live: interrupted; everything it started is stopped and the namespace goes with it');
      return 130;
    }
    if (this.failure !== undefined) {
      run.out(`\ntcplab live: ${this.failure}; the live run stopped there.`);
      return 1;
    }
    if (run.mode === 'server') return this.childExit ?? 1;
    // Client: COMMAND is a server that may still be running; its own code if it ended by itself.
    const gotIt =
      run.app.kind === 'crawler' ? this.pages?.size === run.app.paths.length : (this.socket?.received.length ?? 0) > 0;
    return this.childExit ?? (gotIt ? 0 : 1);
  }

  /** Everything started stopped: the clock, COMMAND and whatever it started (asked, then made to), the bridge. */
  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    const child = this.child;
    if (child) {
      const running = child.exitCode === null && child.signalCode === null;
      const gone = running ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve();
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
    this.bridge?.close();
    this.pcap?.close();
  }
}
