#!/usr/bin/env node
/**
 * The `tcplab` command. Its TypeScript runs from a bundle made with esbuild (./cli-bundle.ts) while
 * the manifest says none of the bundle's sources has changed; otherwise the bundle is made again
 * through tsx, and where it cannot be made, the command runs through tsx itself.
 */
import { readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const KIT = join(import.meta.dirname, '..', '..');

/** The bundle's entry if every source file in the manifest has its recorded size and time. */
function freshBundle() {
  try {
    const cache = join(KIT, '.tcplab', 'cache');
    const manifest = JSON.parse(readFileSync(join(cache, 'cli.json'), 'utf8'));
    for (const [file, [size, mtimeMs]] of Object.entries(manifest.inputs)) {
      const s = statSync(join(KIT, file));
      if (s.size !== size || s.mtimeMs !== mtimeMs) return undefined;
    }
    return join(cache, manifest.dir, 'main.js');
  } catch {
    return undefined;
  }
}

// Colours only where someone reads them: picocolors also turns them on whenever CI is set, which
// puts escape codes into piped output and logs. Decided here, before any package is loaded.
if (!process.stdout.isTTY && !('FORCE_COLOR' in process.env)) process.env.NO_COLOR = '1';

// From Node 22.1, V8 keeps the bundle's compiled code for the next start (a third less CPU for
// `check`); Node 20 has no such cache, and a kit that cannot be written to runs without it.
module.enableCompileCache?.(join(KIT, '.tcplab', 'cache', 'compile'));

// A reader that stops early (`tcplab lesson 5 | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

let entry = freshBundle();
if (!entry) {
  const { register } = await import('tsx/esm/api');
  register();
  const { buildCli } = await import('./cli-bundle.ts');
  entry = await buildCli().catch(() => './main.ts');
}
const { main } = await import(entry.startsWith('.') ? entry : pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2), undefined, true);
