/**
 * `tcplab replay CAPTURE`: play one side (or both) of a captured TCP flow on the engine and compare
 * what it sends with what the capture shows (grader/capture/). Exit 0 when every compared side
 * agrees (allowed differences aside), 1 on a real difference, 2 for bad input.
 */
import { readFileSync, statSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { isProfileName, PROFILE_NAMES, type Config, type ProfileName } from '../../engine/config.js';
import { withRun } from '../cli-run.js';
import { UsageError } from '../errors.js';
import { kindOf, MB, nonEmpty, reason, shown } from '../input-file.js';
import { collectSetting } from '../options.js';
import { outputFileProblem, writeAtomically } from '../output-file.js';

interface ReplayFlags {
  side?: 'client' | 'server';
  flow?: number;
  profile: string;
  set: Partial<Config>;
  impl: string;
  format: 'table' | 'json' | 'markdown';
  toScript?: string;
}

const MAX_CAPTURE = 64 * MB;

function readCaptureFile(path: string): Uint8Array {
  nonEmpty(path, 'the capture');
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`${path}: the capture is ${kindOf(stat)}, not a regular file`);
    if (stat.size > MAX_CAPTURE)
      throw new UsageError(`${path}: the capture is ${stat.size} bytes; at most ${MAX_CAPTURE} are read`);
    return readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path}: cannot read the capture: ${reason(e)}`);
  }
}

function parseFlow(value: string): number {
  if (!/^[1-9]\d*$/.test(value))
    throw new UsageError(`--flow ${value}: expected a flow number from 1 (run without --flow to list them)`);
  return Number(value);
}

async function replay(file: string, opts: ReplayFlags): Promise<{ text: string; code: number }> {
  if (!isProfileName(opts.profile)) throw new UsageError(`unknown profile '${opts.profile}'`);
  const profile: ProfileName = opts.profile;
  if (opts.toScript !== undefined) {
    const problem = outputFileProblem(opts.toScript);
    if (problem) throw new UsageError(`--to-script ${shown(opts.toScript)}: ${problem}`);
  }
  const bytes = readCaptureFile(file);
  const { CaptureError } = await import('../../capture/errors.js');
  const { replayCapture } = await import('../../capture/replay-capture.js');
  const { replayJson, replayMarkdown, replayText } = await import('../../capture/render.js');
  const { loadImpl, ImplError } = await import('../../live/impl.js');
  let modules;
  try {
    modules = (await loadImpl(opts.impl)).modules;
  } catch (e) {
    if (e instanceof ImplError) throw new UsageError(e.message);
    throw e;
  }
  try {
    const report = replayCapture(bytes, file, {
      modules,
      profile,
      overrides: opts.set,
      ...(opts.side ? { side: opts.side } : {}),
      ...(opts.flow !== undefined ? { flow: opts.flow } : {}),
    });
    if (opts.toScript !== undefined) {
      const { sideScript } = await import('../../capture/to-script.js');
      const side = report.sides.find((s) => s.verdict !== 'nothing to compare') ?? report.sides[0]!;
      writeAtomically(
        opts.toScript,
        sideScript(side.timeline, { file, flow: report.flow.id }, modules, profile, opts.set),
      );
    }
    const text =
      opts.format === 'json'
        ? replayJson(report)
        : opts.format === 'markdown'
          ? replayMarkdown(report)
          : replayText(report, process.stdout.isTTY === true);
    const written =
      opts.toScript !== undefined && opts.format !== 'json' ? `\n\nscript written to ${opts.toScript}` : '';
    return { text: text + written, code: report.agrees ? 0 : 1 };
  } catch (e) {
    if (e instanceof CaptureError) throw new UsageError(e.message);
    throw e;
  }
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay a real capture (pcap or pcapng) against the engine, side by side')
    .argument('<capture>', 'a pcap or pcapng file (tcpdump -w)')
    .addOption(
      new Option('--side <side>', 'the side to play (both, in turn, when omitted)').choices(['client', 'server']),
    )
    .option('--flow <n>', 'the TCP flow to replay, when the capture holds several (omit to list them)', parseFlow)
    .addOption(new Option('--profile <name>', 'configuration profile').choices([...PROFILE_NAMES]).default('linux'))
    .option('--set <key=value>', 'override one configuration key (repeatable)', collectSetting, {})
    .option('--impl <which>', 'solutions (the reference), exercises, or a folder with exercise folders', 'solutions')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .option(
      '--to-script <file>',
      'also write the side as a packetdrill-like script (the first side that sent anything, or --side)',
    )
    .action(
      withRun(async (run, file: string, opts: ReplayFlags) => {
        const { text, code } = await replay(file, opts);
        run.out(text);
        return code;
      }),
    );
}
