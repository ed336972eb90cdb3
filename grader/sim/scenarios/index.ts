/** The named scenarios behind `tcplab trace`, and the runner that turns one into a trace. */
import { ConfigError, makeConfig, validateConfig, type Config, type ProfileName } from '../../engine/config.js';
import type { Modules } from '../../engine/modules.js';
import type { EngineInput, Host } from '../host.js';
import { Network } from '../network.js';
import type { Trace, TraceStep } from '../trace.js';
import { attackScenarios } from './attacks.js';
import { closeScenarios } from './close.js';
import { handshakeScenarios } from './handshake.js';
import { hostScenarios } from './hosts.js';
import { keepaliveScenarios } from './keepalive.js';
import { CLIENT_ADDR, LINK_DELAY_MS, SERVER_ADDR, type Scenario } from './setup.js';

export type { Scenario } from './setup.js';

export const SCENARIOS: readonly Scenario[] = [
  ...closeScenarios.filter((s) => s.name === 'normal-close' || s.name === 'merged-close'),
  ...handshakeScenarios.filter((s) => s.name === 'simultaneous-open'),
  ...closeScenarios.filter((s) => s.name !== 'normal-close' && s.name !== 'merged-close'),
  ...handshakeScenarios.filter((s) => s.name !== 'simultaneous-open'),
  ...keepaliveScenarios,
  ...hostScenarios,
  ...attackScenarios,
];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

export interface RunOptions {
  modules: Modules;
  /** Modules for one host only ('client' or 'server'): how a candidate is put on one side. */
  modulesFor?: (hostName: string) => Modules | undefined;
  profile?: ProfileName;
  /** `--set` values: they win over the profile and the scenario's own adjustments. */
  overrides?: Partial<Config>;
  seed?: number;
  /** Called with every step as it is recorded (so a run that throws still reports what it did). */
  onStep?: (step: TraceStep) => void;
  /** Called with every input a host hands an engine (to play one side again: grader/conformance/replay.ts). */
  onInput?: (host: Host, input: EngineInput) => void;
}

/** Run a named scenario on the given modules and return its trace. */
export function runScenario(name: string, options: RunOptions): Trace {
  const scenario = findScenario(name);
  if (!scenario) {
    throw new ConfigError(`unknown scenario '${name}'. Known scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  const profile = options.profile ?? 'rfc';
  const base = makeConfig(profile);
  const config = validateConfig({ ...base, ...scenario.adjust?.(base), ...options.overrides });
  const seed = options.seed ?? 1;
  const net = new Network({
    modules: options.modules,
    ...(options.modulesFor ? { modulesFor: options.modulesFor } : {}),
    config,
    profile,
    seed,
    defaultFaults: { delayMs: LINK_DELAY_MS },
    ...(scenario.faults ? { faults: scenario.faults } : {}),
    ...(scenario.drops ? { drops: scenario.drops } : {}),
  });
  if (options.onStep) net.onStep = options.onStep;
  if (options.onInput) net.onInput = options.onInput;
  const client = net.addHost('client', CLIENT_ADDR, 1000);
  const server = net.addHost('server', SERVER_ADDR, 5000);
  const ss = scenario.play({ net, client, server, config });
  return {
    schema: 'tcplab.trace/1',
    scenario: name,
    profile,
    seed,
    config,
    steps: net.steps,
    ...(ss ? { ss } : {}),
  };
}
