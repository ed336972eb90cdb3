/**
 * `tcplab live server|client -- COMMAND…`: the engine on a TUN device in a private namespace,
 * talking to the real Linux TCP of COMMAND (grader/live/). Checked here, outside the namespace:
 * the machine can do it, the options are sound; the run itself happens in the namespace.
 */
import { resolve } from 'node:path';
import { closeSync, openSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { isProfileName, makeConfig, PROFILE_NAMES, type Config } from '../../engine/config.js';
import { parseSetting } from '../../engine/config-schema.js';
import { EXERCISES, findExercise } from '../../engine/exercises.js';
import type { Modules } from '../../engine/modules.js';
import type { LiveApp } from '../../live/run.js';
import { withRun } from '../cli-run.js';
import { UsageError } from '../errors.js';

interface LiveFlags {
  impl: string;
  exercise?: string;
  profile: string;
  set: Partial<Config>;
  port: number;
  pcap?: string;
  limitMs: number;
  waitMs: number;
  app: string;
  paths: string;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65_535)
    throw new UsageError(`--port ${value}: a port is a whole number from 1 to 65535`);
  return n;
}

function parseMs(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 50 || n > 600_000)
      throw new UsageError(`${name} ${value}: milliseconds from 50 to 600000`);
    return n;
  };
}

/** `--set key=value`, repeatable, each checked by the configuration's schema. */
function collectSetting(value: string, previous: Partial<Config>): Partial<Config> {
  return { ...previous, ...parseSetting(value) };
}

/** `--exercise 02` or `--exercise 02-three-way-handshake`: an exercise with a topic module. */
function exerciseId(value: string | undefined, impl: string): string | undefined {
  if (value === undefined) return undefined;
  const found = findExercise(value);
  if (!found?.module) {
    const ids = EXERCISES.filter((e) => e.module)
      .map((e) => e.id)
      .join(', ');
    throw new UsageError(`--exercise ${value}: not an exercise with a topic module (${ids})`);
  }
  if (impl === 'solutions')
    throw new UsageError(
      `--exercise ${value}: it picks one exercise from --impl exercises or a folder; the reference is used whole`,
    );
  return found.id;
}

/** The options checked together, before anything starts. */
interface Checked {
  config: Config;
  exercise: string | undefined;
  appName: string;
  paths: string[];
}

async function live(
  mode: 'server' | 'client',
  command: string[],
  opts: LiveFlags,
  out: (text: string) => void,
  ownsSignals: boolean,
): Promise<number> {
  const checked = await checkOptions(mode, opts);
  const { insideNamespace, runInNamespace } = await import('../../live/namespace.js');
  if (insideNamespace()) return runInside(mode, command, opts, checked, out);
  const args = await namespaceArgs(mode, command, opts, checked);
  return runInNamespace(args, out, ownsSignals);
}

async function checkOptions(mode: 'server' | 'client', opts: LiveFlags): Promise<Checked> {
  if (!isProfileName(opts.profile)) throw new UsageError(`unknown profile '${opts.profile}'`);
  const config = makeConfig(opts.profile, opts.set);
  const exercise = exerciseId(opts.exercise, opts.impl);
  const { implFolder, ImplError } = await import('../../live/impl.js');
  try {
    implFolder(opts.impl);
  } catch (e) {
    if (e instanceof ImplError) throw new UsageError(e.message);
    throw e;
  }
  const { APP_MODE, APP_NAMES } = await import('../../live/exercise-apps.js');
  const appName = APP_NAMES.find((a) => a === opts.app);
  if (!appName) throw new UsageError(`--app ${opts.app}: one of ${APP_NAMES.join(', ')}`);
  if (APP_MODE[appName] !== 'both' && APP_MODE[appName] !== mode) {
    throw new UsageError(`--app ${appName} runs with tcplab live ${APP_MODE[appName]}, not ${mode}`);
  }
  const paths = opts.paths
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (paths.length === 0 || paths.some((x) => !x.startsWith('/') || /\s/.test(x))) {
    throw new UsageError(
      `--paths ${opts.paths}: a comma-separated list of paths, each starting with / and without spaces`,
    );
  }
  return { config, exercise, appName, paths };
}

/** Outside: COMMAND, the machine and --pcap checked; the arguments of the same command run in the namespace. */
async function namespaceArgs(
  mode: 'server' | 'client',
  command: string[],
  opts: LiveFlags,
  { exercise, appName, paths }: Checked,
): Promise<string[]> {
  const { commandProblem } = await import('../../live/command-process.js');
  const problem = commandProblem(command);
  if (problem) throw new UsageError(problem);
  const { describeMissing, missingRequirements } = await import('../../live/requirements.js');
  const missing = missingRequirements();
  if (missing.length > 0) throw new UsageError(describeMissing(missing));
  const pcap = opts.pcap === undefined ? undefined : resolve(opts.pcap);
  if (pcap !== undefined) {
    try {
      closeSync(openSync(pcap, 'w'));
    } catch (e) {
      throw new UsageError(`--pcap ${opts.pcap}: cannot write it: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const sets = Object.entries(opts.set).flatMap(([k, v]) => ['--set', `${k}=${String(v)}`]);
  return [
    'live',
    mode,
    '--impl',
    opts.impl,
    '--profile',
    opts.profile,
    '--port',
    String(opts.port),
    '--limit-ms',
    String(opts.limitMs),
    '--wait-ms',
    String(opts.waitMs),
    '--app',
    appName,
    '--paths',
    paths.join(','),
    ...sets,
    ...(exercise ? ['--exercise', exercise] : []),
    ...(pcap ? ['--pcap', pcap] : []),
    '--',
    ...command,
  ];
}

/** Inside the namespace: the modules and the application loaded, then the run. */
async function runInside(
  mode: 'server' | 'client',
  command: string[],
  opts: LiveFlags,
  checked: Checked,
  out: (text: string) => void,
): Promise<number> {
  // Inside, this process is the namespace's first: a signal without a handler would be ignored.
  // Until the run takes over, Ctrl+C simply ends it (the namespace takes the inspector with it).
  const early = (): void => {
    process.stderr.write('\ntcplab live: interrupted\n');
    process.exit(130);
  };
  process.once('SIGINT', early);
  process.once('SIGTERM', early);
  const { runLive } = await import('../../live/run.js');
  const { ssListing } = await import('../render.js');
  const { impl, app } = await loadApp(opts, checked);
  process.off('SIGINT', early);
  process.off('SIGTERM', early);
  return runLive({
    mode,
    app,
    modules: impl.modules,
    label: impl.label,
    profile: opts.profile,
    config: checked.config,
    port: opts.port,
    ...(opts.pcap ? { pcap: opts.pcap } : {}),
    command,
    limitMs: opts.limitMs,
    waitMs: opts.waitMs,
    out,
    ssListing,
  });
}

/**
 * The engine's modules and the application: an exercise's application comes from --impl; the engine
 * under it is the reference unless --exercise takes one topic module from the same place.
 */
async function loadApp(
  opts: LiveFlags,
  { exercise, appName, paths }: Checked,
): Promise<{ impl: { modules: Modules; label: string }; app: LiveApp }> {
  const { ImplError, loadImpl } = await import('../../live/impl.js');
  const { loadCrawl, loadStartServer } = await import('../../live/exercise-apps.js');
  try {
    const exerciseApp = appName !== 'http';
    let impl = await loadImpl(exerciseApp && exercise === undefined ? 'solutions' : opts.impl, exercise);
    if (exerciseApp)
      impl = {
        ...impl,
        label: `${appName} from ${opts.impl === 'solutions' ? 'solutions/' : opts.impl}, engine: ${impl.label}`,
      };
    const app: LiveApp =
      appName === 'close-wait-server'
        ? { kind: appName, startServer: await loadStartServer(opts.impl) }
        : appName === 'crawler'
          ? { kind: appName, crawl: await loadCrawl(opts.impl), paths }
          : { kind: 'http' };
    return { impl, app };
  } catch (e) {
    if (e instanceof ImplError) throw new UsageError(e.message);
    throw e;
  }
}

export function registerLive(program: Command): void {
  const group = program
    .command('live')
    .description("run the engine as a real endpoint that the Linux kernel's TCP talks to (Linux, socat)");
  const modes = {
    server: 'the engine serves HTTP/1.0; COMMAND (e.g. curl) runs with TCPLAB_LIVE_ADDR set to it',
    client: 'COMMAND starts a server (e.g. python3 -m http.server); the engine fetches / from it',
  } as const;
  for (const mode of ['server', 'client'] as const) {
    group
      .command(mode)
      .description(modes[mode])
      .argument('<command...>', 'what to run inside the namespace, after --')
      .option('--impl <which>', 'solutions (the reference), exercises, or a folder with exercise folders', 'solutions')
      .option('--exercise <id>', "take only this exercise's module from --impl, e.g. 02")
      .addOption(new Option('--profile <name>', 'configuration profile').choices([...PROFILE_NAMES]).default('rfc'))
      .option('--set <key=value>', 'override one configuration key (repeatable)', collectSetting, {})
      .option(
        '--port <n>',
        mode === 'server' ? "the engine's port" : "the port COMMAND's server listens on",
        parsePort,
        mode === 'server' ? 8080 : 8000,
      )
      .option('--pcap <file>', 'write every packet that crossed the TUN device (libpcap, raw IPv4)')
      .option(
        '--app <name>',
        mode === 'server'
          ? "http, or close-wait-server (exercise 06's server, from --impl)"
          : "http, or crawler (exercise 05's crawler, from --impl; COMMAND serves its line protocol)",
        'http',
      )
      .option('--paths <list>', 'crawler: the paths it fetches, comma-separated', '/a,/b,/c')
      .option(
        '--limit-ms <ms>',
        'how long one input to the engine may take before the run is stopped',
        parseMs('--limit-ms'),
        1_000,
      )
      .option(
        '--wait-ms <ms>',
        'client: how long to wait for the server to listen, then for its reply',
        parseMs('--wait-ms'),
        20_000,
      )
      .action(
        withRun((run, command: string[], opts: LiveFlags) => live(mode, command, opts, run.out, run.ownsSignals)),
      );
  }
}
