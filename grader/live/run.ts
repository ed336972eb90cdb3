/**
 * One live run, inside the private namespace: the TUN bridge, the engine on it with its
 * application, COMMAND beside it, the diagram drawn as segments pass, and at the end both sides'
 * view of the connections (the kernel's `ss -tan`, the engine's listing).
 */
import type { Config } from '../engine/config.js';
import type { Modules } from '../engine/modules.js';
import type { SsRow } from '../sim/trace.js';
import type { Crawl, StartServer } from './exercise-apps.js';
import { LiveSession } from './session.js';

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

/** Run it; the result is the exit code (COMMAND's; 1 if the engine had to be stopped; 130 on Ctrl+C). */
export async function runLive(run: LiveRun): Promise<number> {
  const session = new LiveSession(run);
  process.on('SIGINT', session.onSignal);
  process.on('SIGTERM', session.onSignal);
  try {
    await session.start();
    if (run.mode === 'server') await session.serve();
    else await session.fetch();
    if (session.failure === undefined && !session.interrupted) await session.settle();
    return session.report();
  } catch (error) {
    session.fail(error);
    run.out(`tcplab live: ${session.failure ?? 'failed'}`);
    return 1;
  } finally {
    process.off('SIGINT', session.onSignal);
    process.off('SIGTERM', session.onSignal);
    await session.stop();
  }
}
