/**
 * `tcplab replay --to-script FILE`: one side of a captured flow as a script in the kit's
 * packetdrill-like format (grader/conformance/script/), for an instructor to make a lab capture a
 * hidden check. The peer's segments become `<` lines and the inferred user calls `user` lines, at
 * the capture's times rounded to the millisecond (the format's precision); the `>` lines are what
 * the engine sends from those inputs, so the reference agrees with the script by construction.
 * Where the capture showed something else, a comment under the line says what.
 */
import type { Config, ProfileName } from '../engine/config.js';
import type { Modules } from '../engine/modules.js';
import type { Segment } from '../engine/types.js';
import { compileScript, parseScript, ScriptError } from '../conformance/script/index.js';
import { CaptureError } from './errors.js';
import { callText } from './replay-capture.js';
import { compareSide } from './compare.js';
import { playSide } from './play.js';
import type { SideTimeline } from './side.js';

function flagsOf(seg: Segment): string {
  return `${seg.flags.syn ? 'S' : ''}${seg.flags.fin ? 'F' : ''}${seg.flags.rst ? 'R' : ''}${seg.flags.ack ? '.' : ''}`;
}

function line(seg: Segment, seqBase: number, ackBase: number, win: boolean): string {
  const start = (seg.seq - seqBase) >>> 0;
  const len = seg.data.length;
  const ack = seg.flags.ack ? ` ack ${(seg.ack - ackBase) >>> 0}` : '';
  return `${flagsOf(seg)} ${start}:${start + len}(${len})${ack}${win ? ` win ${Math.min(seg.wnd, 65535)}` : ''}`;
}

const secs = (ms: number): string => (ms / 1000).toFixed(3);

export interface ScriptSource {
  file: string;
  flow: number;
}

export function sideScript(
  timeline: SideTimeline,
  source: ScriptSource,
  modules: Modules,
  profile: ProfileName,
  overrides: Partial<Config>,
): string {
  const played = playSide(timeline, modules, profile, overrides, true);
  const rounded: SideTimeline = {
    ...timeline,
    events: timeline.events.map((e) => ({ ...e, t: Math.round(e.t) })),
    end: Math.round(timeline.end),
  };
  if (played.error) throw new Error(`the engine failed at ${secs(played.error.t)} s: ${played.error.message}`);
  const comparison = compareSide(rounded, played.sent, played.steps);
  const iss = timeline.iss ?? 0;
  const irs = timeline.irs ?? 0;
  const out: string[] = [
    `# ${timeline.side} ${timeline.me} of flow ${source.flow} in ${source.file} (seen on ${timeline.view}),`,
    `# made by tcplab replay --to-script. '<' lines and user calls are the capture's; '>' lines are what`,
    `# the ${profile} profile sends from them. Where the capture showed otherwise, a comment says so.`,
    `profile ${profile}`,
    ...Object.entries({ ...played.inferred, ...overrides }).map(([k, v]) => `set ${k}=${String(v)}`),
    `iss ${iss}`,
    `irs ${irs}`,
  ];
  let last = 0;
  for (const step of played.steps) {
    if (step.t > rounded.end) break;
    const input = step.input;
    if (input.kind === 'call') out.push(`${secs(step.t)} user ${callText(input.call)}`);
    else if (input.kind === 'segment') out.push(`${secs(step.t)} < ${line(input.segment, irs, iss, true)}`);
    for (const seg of step.sent) out.push(`${secs(step.t)} > ${line(seg, iss, irs, false)}`);
    last = step.t;
  }
  const finalStep = [...played.steps].reverse().find((s) => s.t <= rounded.end);
  if (finalStep) out.push(`${secs(last)} state ${finalStep.to}`);
  for (const d of comparison.differences) out.push(`# capture: ${d.capture}; engine: ${d.engine} (${d.rule})`);
  const text = `${out.join('\n')}\n`;
  // The script must be one the kit accepts: parse it and hold the engine to it now.
  try {
    compileScript(parseScript(text, 'the exported script'), modules);
  } catch (e) {
    if (!(e instanceof ScriptError)) throw e;
    throw new CaptureError(
      `--to-script: the ${timeline.side}'s run cannot be written as a script the engine passes: ${e.message}`,
    );
  }
  return text;
}
