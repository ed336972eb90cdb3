/** Running jobs in this process: fast, and only for code the grader trusts (the reference, a student's own checks). */
import { observe } from '../conformance/observe.js';
import type { Modules } from '../engine/modules.js';
import { playPlan } from '../sim/random-plan.js';
import { runScenario } from '../sim/scenarios/index.js';
import type { TraceStep } from '../sim/trace.js';
import type { Executor, Job, JobResult, ModulesFor } from './jobs.js';

/** Run one job; shared with the sandbox's child, which calls it on the other side of the pipe. */
export function runJob(job: Job, reference: Modules, candidateFor: ModulesFor): JobResult {
  const mine = candidateFor(job.exercise);
  if (job.kind === 'transition') {
    const from = job.from ?? job.inputs.length - 1;
    const observations = observe(job.setup, job.inputs, (i) => (i < from || !mine ? reference : mine));
    return { id: job.id, kind: 'transition', observations };
  }
  const steps: TraceStep[] = [];
  const modulesFor = (h: string): Modules | undefined => (h === job.side ? mine : undefined);
  const onStep = (s: TraceStep): void => { if (s.side === job.side) steps.push(s); };
  try {
    if (job.kind === 'generated') playPlan(job.plan, reference, { modulesFor, onStep });
    else runScenario(job.scenario, { modules: reference, seed: job.seed, modulesFor, onStep });
    return { id: job.id, kind: 'scenario', steps };
  } catch (e) {
    return { id: job.id, kind: 'scenario', steps, error: { name: e instanceof Error ? e.name : typeof e, message: e instanceof Error ? e.message : String(e) } };
  }
}

export function inProcessExecutor(reference: Modules, candidateFor: ModulesFor): Executor {
  return {
    isolation: 'none',
    run: async (jobs) => jobs.map((job) => runJob(job, reference, candidateFor)),
    close: async () => undefined,
  };
}
