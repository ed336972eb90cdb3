/**
 * The application exercises, run live: exercise 06's line server (does `ss` fill with CLOSE-WAIT?)
 * and exercise 05's crawler (whose side collects TIME-WAIT?). Their code is taken from the same
 * place as the topic modules (`--impl`): the reference's in solutions/, the student's in exercises/
 * or a folder. They are written against the host API (grader/engine/app.ts), which the live host has.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppHost, Endpoint } from '../engine/app.js';
import { exerciseRoot, KIT } from '../runner/submission.js';
import { ImplError, implFolder } from './impl.js';
import { importTypeScript } from '../runner/typescript-import.js';

export const APP_NAMES = ['http', 'close-wait-server', 'crawler'] as const;
export type AppName = (typeof APP_NAMES)[number];

/** Which mode each application runs in: the server runs on the engine, the crawler is a client. */
export const APP_MODE: Record<AppName, 'server' | 'client' | 'both'> = {
  http: 'both',
  'close-wait-server': 'server',
  crawler: 'client',
};

export type StartServer = (host: AppHost, port: number) => void;
export type Crawl = (
  host: AppHost,
  server: Endpoint,
  paths: readonly string[],
  done: (pages: Map<string, string>) => void,
) => void;

async function load(impl: string, exercise: string, file: string): Promise<Record<string, unknown>> {
  const folder = implFolder(impl) ?? join(KIT, 'solutions');
  const root = exerciseRoot(folder) ?? folder;
  const path = join(root, exercise, file);
  if (!existsSync(path))
    throw new ImplError(`--impl ${impl}: ${path} is missing (the application of exercise ${exercise})`);
  try {
    return (await importTypeScript(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    throw new ImplError(`--impl ${impl}: ${path} could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function loadStartServer(impl: string): Promise<StartServer> {
  const mod = await load(impl, '06-close-wait', 'server.ts');
  if (typeof mod['startServer'] !== 'function')
    throw new ImplError(`--impl ${impl}: 06-close-wait/server.ts does not export a function startServer`);
  return mod['startServer'] as StartServer;
}

export async function loadCrawl(impl: string): Promise<Crawl> {
  const mod = await load(impl, '05-time-wait', 'crawler.ts');
  if (typeof mod['crawl'] !== 'function')
    throw new ImplError(`--impl ${impl}: 05-time-wait/crawler.ts does not export a function crawl`);
  return mod['crawl'] as Crawl;
}
