/** `tcplab trace`: run a named scenario on the reference engine and draw it (text, Mermaid or JSON). */
import { type Command, Option } from 'commander';
import pc from 'picocolors';
import { type Config, isProfileName, PROFILE_NAMES } from '../../engine/config.js';
import { connectionOf, mermaidDiagram, textDiagram } from '../../sim/diagram.js';
import { findScenario, runScenario, SCENARIOS } from '../../sim/scenarios/index.js';
import { modules as reference } from '../../../solutions/modules.js';
import { withRun } from '../cli-run.js';
import { UsageError } from '../errors.js';
import { collectSetting, parseSeed } from '../options.js';
import { scenarioList, ssListing } from '../render.js';

interface TraceFlags {
  profile: string;
  set: Partial<Config>;
  seed: number;
  json?: boolean;
  mermaid?: boolean;
}

/** The scenarios and how to run one (also part of the welcome text). */
export function traceHelp(): string {
  return [
    `${pc.bold('Scenarios')}\n${scenarioList(SCENARIOS)}`,
    'Run one:  ./tcplab trace normal-close   (add --profile linux, --set mslMs=1000, --mermaid, --json)',
  ].join('\n\n');
}

function trace(name: string, opts: TraceFlags): string {
  const scenario = findScenario(name);
  if (!scenario) {
    throw new UsageError(`unknown scenario '${name}'. Known scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  if (opts.json && opts.mermaid) throw new UsageError('choose one of --json and --mermaid');
  if (!isProfileName(opts.profile)) throw new UsageError(`unknown profile '${opts.profile}'`);
  const run = runScenario(name, { modules: reference, profile: opts.profile, overrides: opts.set, seed: opts.seed });
  if (opts.json) return JSON.stringify(run, null, 2);
  if (opts.mermaid) return mermaidDiagram(run.steps);
  const header = pc.bold(`${name} · profile ${run.profile} · seed ${run.seed}`);
  const parts = [header, pc.dim(scenario.summary), '', textDiagram(run.steps)];
  if (connectionOf(run.steps, 1)) parts.push('', pc.dim('(the diagram shows the first connection only)'));
  if (run.ss) parts.push('', pc.bold('ss -tan at the end:'), ssListing(run.ss));
  return parts.join('\n');
}

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description('run a scenario on the reference engine and draw it')
    .argument('[scenario]', 'scenario name (omit to list them)')
    .addOption(new Option('--profile <name>', 'configuration profile').choices([...PROFILE_NAMES]).default('rfc'))
    .option('--set <key=value>', 'override one configuration key (repeatable)', collectSetting, {})
    .option('--seed <n>', 'seed for the simulated network', parseSeed, 1)
    .option('--json', 'print the trace as JSON (tcplab.trace/1)')
    .option('--mermaid', 'print a Mermaid sequence diagram')
    .action(
      withRun((run, name: string | undefined, opts: TraceFlags) => {
        run.out(name === undefined ? traceHelp() : trace(name, opts));
      }),
    );
}
