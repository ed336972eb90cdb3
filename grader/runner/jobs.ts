/**
 * The work a submission's code does during grading, as plain data: what the parent sends and what
 * comes back. The parent keeps the expected results and the scores; an executor only runs jobs. The
 * in-process executor trusts the code; the sandbox runs the same jobs in a confined child process.
 */
import type { Modules } from '../engine/modules.js';
import type { EngineSetup, Input, Observation } from '../conformance/observe.js';
import type { Plan } from '../sim/random-plan.js';
import type { TraceStep } from '../sim/trace.js';

export type Job =
  /** Inputs run on the reference up to `from` (default: all but the last), then on the candidate. */
  | { kind: 'transition'; id: string; exercise: string; setup: EngineSetup; inputs: Input[]; from?: number }
  | { kind: 'scenario'; id: string; exercise: string; scenario: string; side: 'client' | 'server'; seed: number }
  /** A random conversation (grader/sim/random-plan.ts); answered like a scenario. */
  | { kind: 'generated'; id: string; exercise: string; plan: Plan; side: 'client' | 'server' };

export type JobResult =
  | { id: string; kind: 'transition'; observations: Observation[] }
  | { id: string; kind: 'scenario'; steps: TraceStep[]; error?: { name: string; message: string } }
  /** The job never finished: it ran too long, used too much memory, or the process died. */
  | { id: string; kind: 'failed'; reason: 'timeout' | 'memory' | 'crash'; message: string };

export interface Executor {
  /** How the code is isolated, for the report: 'none', 'permission-model', 'namespaces'. */
  readonly isolation: string;
  run(jobs: readonly Job[]): Promise<JobResult[]>;
  close(): Promise<void>;
}

/** The module set a job runs with: the candidate's module for its exercise, the reference for the rest. */
export type ModulesFor = (exercise: string) => Modules | undefined;
