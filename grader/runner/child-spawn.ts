/**
 * Starting a sandbox child: what every child of one submission needs in its private folder (the
 * child runtime, each reference topic module bundled on its own, `unshare` if it works), made once
 * per folder, and the command line that confines the child (see sandbox.ts for the layers).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { EXERCISES } from '../engine/exercises.js';
import { kitBundle } from './bundle.js';
import { Child } from './child-process.js';
import { permissionFlag, UNSHARE_FLAGS, unshareCommand } from './isolation.js';
import { KIT } from './kit.js';
import type { End } from './protocol.js';
import type { SandboxSettings } from './sandbox-options.js';
import type { Prepared } from './submission.js';

/**
 * What every child of one submission needs, in its private folder: the child runtime, and each
 * reference topic module bundled on its own (a child loads every one but its exercise's); and
 * `unshare` if it works.
 */
export interface Base {
  childFile: string;
  reference: Reference;
  unshare: string | undefined;
}

/** Reference modules a child loads: one file per topic, or one module of them all (a student's kit ships no other). */
export type Reference = { topics: Record<string, string> } | { set: string };

export interface Setup extends Base {
  /** Bundled module by exercise, or why there is none. */
  bundles: Map<string, { file: string } | { failure: End }>;
}

const bases = new Map<string, Promise<Base>>();

export function baseFor(prepared: Prepared, options: SandboxSettings): Promise<Base> {
  let base = bases.get(prepared.workDir);
  if (!base) {
    base = (async () => {
      const unshare = options.namespaces ? await unshareCommand() : undefined;
      const childFile = join(prepared.workDir, 'tcplab-child.mjs');
      writeFileSync(childFile, await kitBundle('grader/runner/child.ts', 'bundle'));
      return { childFile, reference: await referenceFiles(prepared.workDir), unshare };
    })();
    bases.set(prepared.workDir, base);
    base.catch(() => bases.delete(prepared.workDir));
  }
  return base;
}

/** Forget the base made for `workDir` (its folder is going away). */
export function forgetBase(workDir: string): void {
  bases.delete(workDir);
}

/** The reference modules, bundled into `dir`: per topic from their sources, or a student's kit's one module. */
async function referenceFiles(dir: string): Promise<Reference> {
  const topics = EXERCISES.filter((e) => e.module);
  const source = (e: (typeof topics)[number]): string => `solutions/${e.id}/${e.file}`;
  if (!topics.every((e) => existsSync(join(KIT, source(e))))) {
    const set = join(dir, 'tcplab-reference.mjs');
    writeFileSync(set, await kitBundle('solutions/modules.js', 'bundle'));
    return { set };
  }
  const bundles = await Promise.all(topics.map((e) => kitBundle(source(e), 'bundle')));
  const files: Record<string, string> = {};
  for (const [i, e] of topics.entries()) {
    const file = join(dir, `tcplab-reference-${e.module!}.mjs`);
    writeFileSync(file, bundles[i]!);
    files[e.module!] = file;
  }
  return { topics: files };
}

/** Start a child with nothing of the submission loaded; it waits for its `load` line. */
export function spawnChild(base: Base, prepared: Prepared, options: SandboxSettings): Child {
  const nonce = randomBytes(16).toString('hex');
  const node = [
    permissionFlag(),
    `--allow-fs-read=${prepared.workDir}`,
    `--max-old-space-size=${options.heapMb}`,
    '--disallow-code-generation-from-strings',
    '--frozen-intrinsics',
    // A child lives for one exercise of one submission: optimising its code costs more CPU than the
    // optimised code saves (a class's grade took about a sixth less CPU with the baseline tier only).
    '--max-opt=1',
    '--no-warnings',
    base.childFile,
  ];
  const [file, args] = base.unshare
    ? [base.unshare, [...UNSHARE_FLAGS, '--', process.execPath, ...node]]
    : [process.execPath, node];
  const proc = execa(file, args, {
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    detached: true,
    cleanup: false,
    extendEnv: false,
    env: process.platform === 'win32' ? { SYSTEMROOT: process.env['SYSTEMROOT'] ?? '' } : {},
    cwd: prepared.workDir,
  });
  return new Child(proc, nonce, options.memoryMb);
}
