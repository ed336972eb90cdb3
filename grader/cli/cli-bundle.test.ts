/**
 * The `tcplab` command runs from a bundle of its TypeScript (cli-bundle.ts, bin.js): the bundle
 * says what the sources say, is made again when one of them changes, and where it cannot be kept
 * the command still runs. Each test works on a copy of the kit's code in a folder of its own.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT } from '../runner/kit.js';
import { runCli } from './capture.js';
import type { CliManifest } from './cli-bundle.js';

const kits: string[] = [];

/** A copy of the kit's code (grader/, solutions/, its configuration) sharing its packages. */
function copyKit(): string {
  const root = mkdtempSync(join(tmpdir(), 'tcplab-cli-bundle-'));
  kits.push(root);
  for (const name of ['grader', 'solutions', 'package.json', 'tsconfig.json'])
    cpSync(join(KIT, name), join(root, name), {
      recursive: true,
      filter: (src) => !src.includes(`${join(KIT, '.tcplab')}`),
    });
  symlinkSync(join(KIT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

const tcplab = (root: string, ...args: string[]) =>
  execa(process.execPath, [join(root, 'grader', 'cli', 'bin.js'), ...args], {
    cwd: root,
    reject: false,
    env: { CI: 'true' },
  });

const manifestOf = (root: string): CliManifest =>
  JSON.parse(readFileSync(join(root, '.tcplab', 'cache', 'cli.json'), 'utf8')) as CliManifest;

afterAll(() => {
  for (const root of kits) rmSync(root, { recursive: true, force: true });
});

describe('the bundled tcplab command', () => {
  it('prints what the sources print, from a bundle whose manifest lists them', async () => {
    const root = copyKit();
    const bundled = await tcplab(root, 'catalogue', '--json');
    expect(bundled.exitCode).toBe(0);
    const fromSources = await runCli('catalogue', '--json');
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(fromSources.out));
    const manifest = manifestOf(root);
    expect(existsSync(join(root, '.tcplab', 'cache', manifest.dir, 'main.js'))).toBe(true);
    expect(Object.keys(manifest.inputs)).toEqual(
      expect.arrayContaining(['grader/cli/main.ts', 'grader/engine/config.ts', 'grader/cli/commands/catalogue.ts']),
    );
    // The instructor's modules are in it too: this kit has them.
    expect(Object.keys(manifest.inputs)).toContain('grader/instructor/suite-checks.ts');
    // How it is made is listed as what it is made of; zod's messages are English only (this copy's
    // node_modules is a link, so packages are named by the path it leads to).
    const inputs = Object.keys(manifest.inputs);
    expect(inputs).toEqual(expect.arrayContaining(['grader/cli/cli-bundle.ts', 'grader/runner/bundle.ts']));
    const locales = inputs.filter((f) => f.includes('node_modules/zod/v4/locales/'));
    expect(locales.map((f) => f.replace(/^.*node_modules\//, ''))).toEqual(['zod/v4/locales/en.js']);
  }, 120_000);

  it('is made again when a source file changes', async () => {
    const root = copyKit();
    expect((await tcplab(root, '--help')).stdout).toContain('list every transition of the state machine');
    const first = manifestOf(root).dir;
    const command = join(root, 'grader', 'cli', 'commands', 'catalogue.ts');
    writeFileSync(
      command,
      readFileSync(command, 'utf8').replace('list every transition of the state machine', 'every rule, listed'),
    );
    const help = await tcplab(root, '--help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('every rule, listed');
    expect(manifestOf(root).dir).not.toBe(first);
  }, 120_000);

  it('runs from the sources where no bundle can be kept', async () => {
    const root = copyKit();
    // .tcplab is a file: no cache folder can be made under it.
    writeFileSync(join(root, '.tcplab'), 'not a folder\n');
    const run = await tcplab(root, 'trace', 'normal-close');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('TIME-WAIT');
  }, 120_000);
});
