/** The kit's own files, as a copy or a bundle of it takes them: no installs, caches or history. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { KIT } from '../runner/kit.js';

const SKIPPED = new Set(['node_modules', '.git', '.tcplab', 'coverage']);

/**
 * What is never the kit, wherever it lies: build products (an autograder zip holds the hidden checks),
 * logs, scratch folders, and dotfiles other than .gitignore (.env and the like are someone's secrets).
 */
export function scratch(rel: string): boolean {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  return /\.(zip|tgz|log)$/.test(name) || (name.startsWith('.') && name !== '.gitignore') || rel === 'tmp' || name.endsWith('.partial');
}

/** Paths relative to the kit, `/`-separated, sorted; `keep` decides on each (a folder refused is not entered). */
export function kitFiles(keep: (rel: string) => boolean = () => true): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (SKIPPED.has(name)) continue;
      if (scratch(relative(KIT, join(dir, name)).split(sep).join('/'))) continue;
      const path = join(dir, name);
      const rel = relative(KIT, path).split(sep).join('/');
      if (!keep(rel)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else found.push(rel);
    }
  };
  walk(KIT);
  return found;
}
