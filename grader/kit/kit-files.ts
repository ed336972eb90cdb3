/** The kit's own files, as a copy or a bundle of it takes them: no installs, caches, history or build products. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { KIT } from '../runner/kit.js';

/**
 * What is never the kit, wherever it lies: installs and coverage, build products (an autograder zip
 * holds the hidden checks), logs, scratch folders, and dotfiles other than .gitignore (.git and
 * .tcplab's caches, and .env and the like, which are someone's secrets).
 */
export function scratch(rel: string): boolean {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  return (
    name === 'node_modules' ||
    name === 'coverage' ||
    rel === 'tmp' ||
    /\.(zip|tgz|log|partial)$/.test(name) ||
    (name.startsWith('.') && name !== '.gitignore')
  );
}

/** Paths relative to the kit, `/`-separated, sorted; `keep` decides on each (a folder refused is not entered). */
export function kitFiles(keep: (rel: string) => boolean = () => true): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(KIT, path).split(sep).join('/');
      if (scratch(rel) || !keep(rel)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else found.push(rel);
    }
  };
  walk(KIT);
  return found;
}
