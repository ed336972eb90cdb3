/**
 * The sandbox's wire protocol, parent side: the shape every message from a child must have (checked
 * with zod before anything reads it) and which answers a job may accept.
 */
import { z } from 'zod';
import type { Job, JobResult } from './jobs.js';

// What the parent accepts from a child, checked before anything reads it.
const num = z.number().nullable();
const thrown = z.object({ name: z.string(), message: z.string() });
const wire = z.object({ ctl: z.string(), seq: num, ack: num, data: z.string() });
const tcb = z.object({
  snd: z.object({ una: z.number(), nxt: z.number(), wnd: z.number() }),
  rcv: z.object({ nxt: z.number(), wnd: z.number() }),
  iss: z.number(),
  irs: z.number(),
});
const observation = z.object({
  state: z.string(),
  sent: z.array(wire),
  notices: z.array(z.unknown()),
  timers: z.array(z.tuple([z.string(), num])),
  rules: z.array(z.string()),
  transition: z.string().optional(),
  error: thrown.optional(),
  tcb,
  handler: z.string().optional(),
});
const segment = z.object({
  flags: z.array(z.string()),
  seq: num,
  ack: num,
  len: num,
  data: z.string().optional(),
  dropped: z.boolean(),
  duplicated: z.boolean().optional(),
  injected: z.boolean().optional(),
});
const step = z.object({
  t: num,
  event: z.string(),
  from: z.string(),
  to: z.string(),
  transition: z.string(),
  sent: z.array(segment),
  notices: z.array(z.unknown()),
  tcb,
  handler: z.string().optional(),
  rules: z.array(z.string()).optional(),
  running: z.array(z.tuple([z.string(), num])).optional(),
});
const jobResult = z.discriminatedUnion('kind', [
  z.object({ id: z.string(), kind: z.literal('transition'), observations: z.array(observation) }),
  z.object({ id: z.string(), kind: z.literal('replay'), steps: z.array(step), error: thrown.optional() }),
  z.object({
    id: z.string(),
    kind: z.literal('failed'),
    reason: z.enum(['timeout', 'memory', 'crash']),
    message: z.string(),
  }),
]);
export const message = z.discriminatedUnion('t', [
  z.object({ t: z.literal('started') }),
  z.object({ t: z.literal('ready'), error: z.string().optional() }),
  z.object({ t: z.literal('result'), r: z.unknown() }),
]);
export type Message = z.infer<typeof message>;

/** How a child's work ended when it did not answer. */
export interface End {
  reason: 'timeout' | 'memory' | 'crash';
  message: string;
}
export const isEnd = (x: Message | End): x is End => 'reason' in x;

/** The result a job gets if the child's answer is well-formed and is for that job, else undefined. */
export function accept(answer: unknown, job: Job): JobResult | undefined {
  const parsed = jobResult.safeParse(answer);
  if (!parsed.success) return undefined;
  const r = answer as JobResult;
  if (r.id !== job.id) return undefined;
  if (r.kind === 'failed' || r.kind === job.kind) return r;
  return undefined;
}
