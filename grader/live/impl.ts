/**
 * Which topic modules a live run uses, `--impl solutions|exercises|DIR`, loaded as `tcplab check`
 * loads them: the folder's exercises are read, inspected (an exercise may import only the
 * framework), copied privately and imported; every topic not handed in comes from the reference.
 */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { EXERCISES } from '../engine/exercises.js';
import type { Modules } from '../engine/modules.js';
import { inspect } from '../runner/inspect/index.js';
import { cleanup, KIT, prepare } from '../runner/submission.js';
import { modules as reference, modulesWith } from '../../solutions/modules.js';
import { importTypeScript } from '../runner/typescript-import.js';

export interface Impl {
  modules: Modules;
  /** What the run says it is running, e.g. `the reference` or `exercises/ (02-three-way-handshake)`. */
  label: string;
}

export class ImplError extends Error {
  override name = 'ImplError';
}

/** The folder `--impl` names, or undefined for the reference. Throws ImplError for a folder that is not there. */
export function implFolder(impl: string): string | undefined {
  if (impl === 'solutions') return undefined;
  const dir = impl === 'exercises' ? join(KIT, 'exercises') : resolve(impl);
  if (!existsSync(dir)) throw new ImplError(`--impl ${impl}: no such folder ${dir}`);
  return dir;
}

export async function loadImpl(impl: string, only?: string): Promise<Impl> {
  const dir = implFolder(impl);
  if (dir === undefined) return { modules: reference, label: 'the reference (solutions/)' };
  const prepared = prepare(dir, only);
  const inspection = inspect(prepared);
  try {
    await inspection.checked;
    const problems = prepared.errors.map(
      (e) => `  ${e.file ?? dir}${e.line ? `:${e.line}` : ''}${e.column ? `:${e.column}` : ''}: ${e.message}`,
    );
    if (problems.length > 0) throw new ImplError(`--impl ${impl}: the code cannot run:\n${problems.join('\n')}`);
    if (prepared.exercises.length === 0)
      throw new ImplError(`--impl ${impl}: no topic module found in ${dir}${only ? ` for ${only}` : ''}`);
    const replaced: Partial<Record<keyof Modules, unknown>> = {};
    for (const p of prepared.exercises) {
      const key = EXERCISES.find((e) => e.id === p.exercise.id)?.module;
      if (!key) continue;
      try {
        replaced[key] = await importTypeScript(pathToFileURL(p.source).href);
      } catch (e) {
        throw new ImplError(
          `--impl ${impl}: ${p.original} could not be loaded: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    return {
      modules: modulesWith(replaced as Partial<Modules>),
      label: `${dir} (${prepared.exercises.map((p) => p.exercise.id).join(', ')})`,
    };
  } finally {
    inspection.stop();
    cleanup(prepared);
  }
}
