/** Running jobs in this process: fast, and only for code the grader trusts (the reference, a student's own checks). */
import { observe, type Observation } from '../conformance/observe.js';
import { replay, type PlayedStep } from '../conformance/replay.js';
import type { Engine } from '../engine/engine.js';
import type { Modules } from '../engine/modules.js';
import type { Executor, Job, JobResult, ModulesFor } from './jobs.js';

/** What a job has seen so far: kept by whoever stops a job from outside. */
export interface Partial {
  observations: Observation[];
  steps: PlayedStep[];
  /** The engine at work, to say which function was running when the job was stopped. */
  engine?: Engine;
}

/** Run one job on `modules`; shared with the sandbox's child, which calls it on the other side of the pipe. */
export function runJob(job: Job, modules: Modules, partial: Partial = { observations: [], steps: [] }): JobResult {
  if (job.kind === 'transition') {
    return {
      id: job.id,
      kind: 'transition',
      observations: observe(job.setup, job.inputs, modules, {
        start: job.start,
        out: partial.observations,
        watch: (e) => {
          partial.engine = e;
        },
      }),
    };
  }
  const { steps, error } = replay(job.replay, modules, partial.steps, (e) => {
    partial.engine = e;
  });
  return { id: job.id, kind: 'replay', steps, ...(error ? { error } : {}) };
}

export function inProcessExecutor(modulesFor: ModulesFor): Executor {
  return {
    isolation: 'none',
    run: async (jobs) =>
      jobs.map((job): JobResult => {
        const modules = modulesFor(job.exercise);
        return modules
          ? runJob(job, modules)
          : { id: job.id, kind: 'failed', reason: 'crash', message: 'this exercise has no code to run' };
      }),
    close: async () => undefined,
  };
}
