/**
 * Reading a recorded public pack (exercises/NN-topic/checks.json): a file of the kit a student can
 * damage, so it is read with a size cap and its shape checked before any check runs from it. A
 * damaged pack is a usage error (exit 2) naming the file and the field.
 */
import { z } from 'zod';
import { TIMER_NAMES } from '../engine/types.js';
import { SCENARIOS } from '../sim/scenarios/index.js';
import type { Pack } from '../conformance/pack.js';
import { UsageError } from './errors.js';
import { MB, readInputFile } from './input-file.js';

/** The largest pack recorded is under 1 MB. */
const MAX_BYTES = 16 * MB;

// What the checks read of a pack is checked; the rest is passed on as recorded.
const Segment = z.object({ flags: z.array(z.string()), seq: z.number(), ack: z.number() });
const Notice = z.object({ kind: z.string() });
const Tcb = z.object({
  snd: z.object({ una: z.number(), nxt: z.number(), wnd: z.number() }),
  rcv: z.object({ nxt: z.number(), wnd: z.number() }),
  iss: z.number(),
  irs: z.number(),
});
const Observation = z.object({
  state: z.string(),
  sent: z.array(z.object({ ctl: z.string(), seq: z.number(), ack: z.number(), data: z.string() })),
  notices: z.array(Notice),
  timers: z.array(z.tuple([z.enum(TIMER_NAMES), z.number()])),
  transition: z.string().optional(),
  error: z.object({ name: z.string(), message: z.string() }).optional(),
  tcb: Tcb,
});
const Input = z.union([
  z.object({ t: z.number(), call: z.object({ call: z.enum(['OPEN', 'SEND', 'RECEIVE', 'CLOSE', 'ABORT']) }) }),
  z.object({ t: z.number(), seg: z.object({ seq: z.number(), ctl: z.string() }) }),
  z.object({ t: z.number(), timeout: z.literal(true) }),
]);
const Step = z.object({
  t: z.number(),
  event: z.string(),
  from: z.string(),
  to: z.string(),
  transition: z.string(),
  rules: z.array(z.string()).optional(),
  sent: z.array(Segment),
  notices: z.array(Notice),
  tcb: Tcb,
});

const PackSchema = z.object({
  schema: z.literal('tcplab.pack/1'),
  exercise: z.string(),
  checks: z.array(
    z.object({
      id: z.string(),
      transition: z.string(),
      setup: z.object({
        profile: z.enum(['rfc', 'linux']),
        config: z.record(z.string(), z.unknown()),
        iss: z.number(),
      }),
      inputs: z.array(Input),
      expected: z.array(Observation),
    }),
  ),
  scenarios: z.array(
    z.object({
      id: z.string(),
      exercise: z.string(),
      scenario: z.enum(SCENARIOS.map((x) => x.name) as [string, ...string[]]),
      side: z.enum(['client', 'server']),
      seed: z.number().int().nonnegative(),
      expected: z.array(Step),
    }),
  ),
});

const FIX = "restore it from the kit (npm run sync-exercises records it again in the instructor's kit)";

/** JSON.parse's complaint, with the line and column where it stopped when it says. */
function syntaxProblem(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /position (\d+)/.exec(message);
  if (!at) return message;
  const before = text.slice(0, Number(at[1]));
  return `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}: ${message}`;
}

/** The pack in `file`, recorded for `exercise`; refused with the file and field when damaged. */
export function readPack(file: string, exercise: string): Pack {
  const text = readInputFile(file, 'recorded pack', MAX_BYTES);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(
      `${file}: not a recorded pack: ${text.trim() === '' ? 'the file is empty' : `not JSON (${syntaxProblem(e, text)})`}; ${FIX}`,
    );
  }
  const parsed = PackSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(top level)';
    throw new UsageError(`${file}: not a recorded pack: ${field}: ${issue.message}; ${FIX}`);
  }
  if (parsed.data.exercise !== exercise) {
    throw new UsageError(`${file}: exercise: the pack is for '${parsed.data.exercise}', not '${exercise}'; ${FIX}`);
  }
  // Checked above as far as the checks read it; the fields beyond are passed on as recorded.
  return data as Pack;
}
