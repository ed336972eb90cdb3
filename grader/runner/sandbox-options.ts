/** The sandbox's limits and switches, and their defaults. */
import { availableParallelism } from 'node:os';

export interface SandboxOptions {
  /** Longest one job may run, in ms. */
  jobTimeoutMs?: number;
  /** The limit for an exercise's later jobs once one of them has timed out. */
  afterTimeoutMs?: number;
  /** Jobs sent to the child at once. */
  batchSize?: number;
  /** Longest a batch may run. */
  batchTimeoutMs?: number;
  /** Longest a child may take to start and load the submission's module. */
  startTimeoutMs?: number;
  /** Time all of an exercise's jobs may take together; jobs still to run after that fail as timeouts. */
  exerciseBudgetMs?: number;
  /** Resident memory of a child (MiB) above which it is killed. */
  memoryMb?: number;
  /** V8's old-space limit in a child (MiB). */
  heapMb?: number;
  /** Use Linux namespaces where they work (default); false: the permission model alone. */
  namespaces?: boolean;
  /** Children running at once (one per exercise). */
  concurrency?: number;
}

export type SandboxSettings = Required<SandboxOptions>;

const DEFAULTS: SandboxSettings = {
  jobTimeoutMs: 2_000,
  afterTimeoutMs: 500,
  batchSize: 50,
  batchTimeoutMs: 20_000,
  startTimeoutMs: 5_000,
  exerciseBudgetMs: 60_000,
  memoryMb: 512,
  heapMb: 128,
  namespaces: true,
  concurrency: Math.min(4, availableParallelism()),
};

/** The options given, the defaults for the rest. */
export const sandboxSettings = (options: SandboxOptions): SandboxSettings => ({ ...DEFAULTS, ...options });

/** A duration as the sandbox's messages say it: `1.5 s`. */
export const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(2))} s`;
