/**
 * Attribution precision: when a one-line bug costs points, are they charged to a rule the changed
 * function implements? For a mutant of function F, every transition that loses points in a full hidden
 * grade of its exercise is "charged right" when F handles that transition in the reference, or is
 * called (directly or not) by a function that does; else it is charged to a rule the student never
 * touched, and the hint would send them the wrong way.
 */
import { type Node, Project, SyntaxKind } from 'ts-morph';
import type { Outcome, TransitionScore } from '../conformance/score.js';
import { score } from '../conformance/score.js';
import { defaultRubric } from '../conformance/rubric.js';
import { transitionJob, type TransitionCheck } from '../instructor/suite/generate.js';
import type { ExerciseId } from '../engine/catalogue.js';
import { findExercise } from '../engine/exercises.js';
import type { Modules } from '../engine/modules.js';
import { suiteChecks } from '../instructor/suite-checks.js';
import type { JobResult } from '../runner/jobs.js';
import { runJob } from '../runner/in-process.js';

/**
 * Rule id → the module functions the reference runs while taking that rule's step (each transition
 * check plays its last input alone): the function that names the rule, and any before it in the
 * dispatch chain whose guard lets the segment through, since a wrong guard breaks the step too.
 */
export function ruleHandlers(
  reference: Modules,
  key: keyof Modules,
  checks: readonly TransitionCheck[],
): Map<string, Set<string>> {
  const called = new Set<string>();
  const watched: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(reference[key] as unknown as Record<string, unknown>)) {
    watched[name] =
      typeof value !== 'function'
        ? value
        : (...args: unknown[]) => {
            called.add(name);
            return (value as (...a: unknown[]) => unknown)(...args);
          };
  }
  const modules = { ...reference, [key]: watched } as Modules;
  const handlers = new Map<string, Set<string>>();
  for (const c of checks) {
    called.clear();
    const result = runJob(transitionJob(c), modules);
    const last = result.kind === 'transition' ? result.observations.at(-1) : undefined;
    if (!last?.transition) continue;
    const set = handlers.get(last.transition) ?? new Set<string>();
    for (const name of called) set.add(name);
    handlers.set(last.transition, set);
  }
  return handlers;
}

/**
 * For each function or module-level constant of the file, every top-level name it can reach through
 * calls and references (itself included): a helper reached from a handler is part of what it implements.
 */
export function reachable(source: string): Map<string, Set<string>> {
  const file = new Project({ useInMemoryFileSystem: true }).createSourceFile('module.ts', source);
  const direct = new Map<string, Set<string>>();
  const declared = new Map<string, Node>();
  for (const f of file.getFunctions()) {
    const n = f.getName();
    if (n) declared.set(n, f);
  }
  for (const v of file.getVariableDeclarations()) declared.set(v.getName(), v);
  for (const [name, node] of declared) {
    const uses = new Set<string>();
    for (const id of node.getDescendantsOfKind(SyntaxKind.Identifier)) {
      const text = id.getText();
      if (text !== name && declared.has(text)) uses.add(text);
    }
    direct.set(name, uses);
  }
  const closure = new Map<string, Set<string>>();
  for (const name of declared.keys()) {
    const seen = new Set<string>([name]);
    const queue = [name];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const used of direct.get(next) ?? [])
        if (!seen.has(used)) {
          seen.add(used);
          queue.push(used);
        }
    }
    closure.set(name, seen);
  }
  return closure;
}

/** The transitions of a full hidden grade of one exercise with `modules` in place, as `grade` scores them. */
export async function gradeTransitions(
  modules: Modules,
  exercise: ExerciseId,
  seed: number,
  before?: () => void,
): Promise<TransitionScore[]> {
  const run = (job: Parameters<typeof runJob>[0]): JobResult => {
    before?.();
    try {
      return runJob(job, modules);
    } catch (e) {
      return { id: job.id, kind: 'failed', reason: 'crash', message: e instanceof Error ? e.message : String(e) };
    }
  };
  const selected = (await suiteChecks('hidden', seed, [exercise], (e) => e === exercise)).select(
    new Map([[exercise, modules[findExercise(exercise)!.module!]]]),
  );
  const results = new Map(selected.jobs.map((job) => [job.id, run(job)]));
  const outcomes: Outcome[] = await selected.judge(results, async (jobs) => jobs.map(run));
  const rubric = defaultRubric();
  return score(outcomes, { ...rubric, exercises: new Set([exercise]) }).transitions;
}

export interface Attribution {
  /** Transitions that lost points and whose rule the mutated function implements. */
  right: string[];
  /** Transitions that lost points and whose rule it does not implement. */
  wrong: string[];
  /** Transitions that no check reached (an earlier step went wrong): charged to nobody. */
  blocked: string[];
}

/** Sort a mutant's lost transitions by whether `scope` (the mutated function) implements their rule. */
export function attribute(
  scope: string,
  transitions: readonly TransitionScore[],
  handlers: ReadonlyMap<string, ReadonlySet<string>>,
  closure: ReadonlyMap<string, ReadonlySet<string>>,
): Attribution {
  const out: Attribution = { right: [], wrong: [], blocked: [] };
  for (const t of transitions) {
    if (t.status === 'blocked') {
      out.blocked.push(t.id);
      continue;
    }
    if (t.status !== 'failed') continue;
    const owners = [...(handlers.get(t.id) ?? [])];
    const implementsIt = owners.some((h) => closure.get(h)?.has(scope) ?? h === scope);
    (implementsIt ? out.right : out.wrong).push(t.id);
  }
  return out;
}
