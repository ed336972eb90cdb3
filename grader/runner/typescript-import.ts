/**
 * Importing a TypeScript file while the grader runs (a submission's module in-process, an
 * application for `tcplab live`). Under tsx or vitest a loader for TypeScript is in place; the
 * bundled `tcplab` command (grader/cli/cli-bundle.ts) has none, so tsx's is registered the first
 * time one is needed, and a command that never needs it never pays for it.
 */
import { existsSync } from 'node:fs';

let loader: Promise<void> | undefined;

/** True when this process can import a .ts file: a probe that is never imported again. */
async function canImportTypeScript(): Promise<boolean> {
  const probe = new URL('./typescript-probe.ts', import.meta.url);
  if (!existsSync(probe)) return false;
  try {
    await import(probe.href);
    return true;
  } catch {
    return false;
  }
}

/** Import the module at `url` (a file: URL, perhaps with a query), which may be TypeScript. */
export async function importTypeScript(url: string): Promise<unknown> {
  loader ??= canImportTypeScript().then(async (can) => {
    if (!can) (await import('tsx/esm/api')).register();
  });
  await loader;
  return import(url);
}
