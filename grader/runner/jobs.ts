/**
 * The work a submission's code does during grading, as plain data: what the parent sends and what
 * comes back. The parent keeps the reference, the expected results and the scores; an executor only
 * runs jobs, on the submission's module for the job's exercise and the reference for every other
 * topic. No job needs the reference's module for its own exercise: a transition check starts from a
 * fixture the parent reached on the reference, and a scenario is a replay of the inputs the
 * reference's run handed that side (grader/conformance/replay.ts).
 */
import type { EngineSnapshot } from '../engine/engine.js';
import type { Modules } from '../engine/modules.js';
import type { EngineSetup, Input, Observation } from '../conformance/observe.js';
import type { PlayedStep, Replay } from '../conformance/replay.js';

export type Job =
  /** Every input on the code under test, from CLOSED or from `start`. */
  | { kind: 'transition'; id: string; exercise: string; setup: EngineSetup; start?: EngineSnapshot; inputs: Input[] }
  /** One side of a named scenario or a generated conversation, played again. */
  | { kind: 'replay'; id: string; exercise: string; replay: Replay };

export type JobResult =
  | { id: string; kind: 'transition'; observations: Observation[] }
  | { id: string; kind: 'replay'; steps: PlayedStep[]; error?: { name: string; message: string } }
  /** The job never finished: it ran too long, used too much memory, or the process died. */
  | { id: string; kind: 'failed'; reason: 'timeout' | 'memory' | 'crash'; message: string };

export interface Executor {
  /** How the code is isolated, for the report: 'none', 'permission-model', 'namespaces'. */
  readonly isolation: string;
  run(jobs: readonly Job[]): Promise<JobResult[]>;
  close(): Promise<void>;
}

/** The module set a job of this exercise runs with, if the submission has code for it. */
export type ModulesFor = (exercise: string) => Modules | undefined;
