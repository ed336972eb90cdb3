/**
 * Script checks: each hand-written script, validated against the reference, becomes one check per
 * exercise whose transitions the reference takes in it. The job runs every input on the candidate
 * (from: 0), with the candidate's module for that exercise and the reference for the others; the
 * result is judged step by step against the reference's observations, up to the first divergence,
 * and the divergent step is charged as judgeScenario charges one: to the transition the reference
 * took there when it is the exercise's own, else to the exercise's nearest transition in the script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findEntry, type ExerciseId } from '../../engine/catalogue.js';
import { chargeTo } from '../charge.js';
import type { Modules } from '../../engine/modules.js';
import { compare, describeActual, describeObservation } from '../compare.js';
import type { EngineSetup, Input, Observation } from '../observe.js';
import type { Outcome } from '../score.js';
import { compileScript, type CompiledScript } from './compile.js';
import { ScriptError, type ScriptProblem } from './errors.js';
import { parseScript } from './parse.js';

/** Where the shipped scripts live. */
export const SCRIPTS_DIR = fileURLToPath(new URL('../../instructor/packs/scripts/', import.meta.url));

/** What an executor runs for a script check: a transition job (grader/runner/jobs.ts) with every input on the candidate. */
export interface ScriptJob {
  kind: 'transition';
  id: string;
  exercise: ExerciseId;
  setup: EngineSetup;
  inputs: Input[];
}

export interface ScriptCheck {
  id: string;
  exercise: ExerciseId;
  /** The script's name, e.g. `scripts/lost-final-ack.pkt`. */
  script: string;
  /** Send this, and only this, to the executor: it carries no expected results. */
  job: ScriptJob;
  /** Per input: the script line it comes from, and that line as written. */
  lines: number[];
  sources: string[];
  /** Per input: the reference's observation. */
  expected: Observation[];
}

/** Read, parse and validate one script file; `name` is what errors and reports call it. */
export function loadScript(path: string, reference: Modules, name = path): CompiledScript {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw ScriptError.at(name, 1, 1, `expected a readable script file: ${e instanceof Error ? e.message : String(e)}`);
  }
  return compileScript(parseScript(text, name), reference);
}

const cache = new WeakMap<Modules, Map<string, CompiledScript[]>>();

/**
 * Every `*.pkt` script in `dir`, in name order, each checked against the reference. Problems in
 * any script are gathered and thrown as one ScriptError (a shipped script the reference disagrees
 * with is a bug in one of them: grading must not go on as if it were fine).
 */
export function loadScripts(reference: Modules, dir = SCRIPTS_DIR): CompiledScript[] {
  const cached = cache.get(reference)?.get(dir);
  if (cached) return cached;
  const label = basename(dir);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.pkt'))
      .sort();
  } catch (e) {
    throw ScriptError.at(
      label,
      1,
      1,
      `expected a folder of .pkt scripts: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const problems: ScriptProblem[] = [];
  const scripts: CompiledScript[] = [];
  for (const name of names) {
    try {
      scripts.push(loadScript(join(dir, name), reference, `${label}/${name}`));
    } catch (e) {
      if (e instanceof ScriptError) problems.push(...e.problems);
      else
        problems.push({
          file: `${label}/${name}`,
          line: 1,
          column: 1,
          message: `could not load: ${e instanceof Error ? e.message : String(e)}`,
        });
    }
  }
  if (problems.length > 0) throw new ScriptError(problems);
  const byDir = cache.get(reference) ?? new Map<string, CompiledScript[]>();
  byDir.set(dir, scripts);
  cache.set(reference, byDir);
  return scripts;
}

/** The checks a script gives: one per exercise it exercises. */
export function checksOf(script: CompiledScript, exercise?: ExerciseId): ScriptCheck[] {
  return script.exercises
    .filter((e) => exercise === undefined || e === exercise)
    .map((e): ScriptCheck => {
      const id = `${script.file} (${e})`;
      return {
        id,
        exercise: e,
        script: script.file,
        job: { kind: 'transition', id, exercise: e, setup: script.setup, inputs: script.inputs },
        lines: script.lines,
        sources: script.sources,
        expected: script.expected,
      };
    });
}

/** The script checks for one exercise (or all), from the shipped scripts unless `dir` says otherwise. */
export function scriptChecks(reference: Modules, exercise?: ExerciseId, dir = SCRIPTS_DIR): ScriptCheck[] {
  return loadScripts(reference, dir).flatMap((s) => checksOf(s, exercise));
}

/**
 * Judge a candidate's observations (the job's result; [] and `error` if the job never finished).
 * Steps up to the first divergence pass, each scored to the reference's transition there when that
 * transition belongs to the check's exercise; the divergent step fails, charged by `chargeTo`.
 * `step` is the script line; the failure text names the line as written.
 */
export function judgeScript(
  check: ScriptCheck,
  observations: readonly Observation[],
  error?: { name: string; message: string },
): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const [i, want] of check.expected.entries()) {
    const got = observations[i];
    const diff = got === undefined ? undefined : compare(want, got);
    const same = got !== undefined && diff === undefined;
    const tcb = diff?.field === 'tcb';
    const own = findEntry(want.transition ?? '')?.exercise === check.exercise;
    if (own || !same) {
      const failure = got?.error ?? (got ? undefined : error);
      outcomes.push({
        check: check.id,
        kind: 'scenario',
        transition: same ? want.transition! : chargeTo(check.exercise, check.expected, i, got),
        exercise: check.exercise,
        passed: same,
        step: check.lines[i] ?? i + 1,
        ...(same
          ? {}
          : {
              expected: `line ${check.lines[i]} (${check.sources[i]}): ${describeObservation(want, tcb)}`,
              actual: got?.error
                ? `${got.error.name}: ${got.error.message}`
                : got
                  ? describeActual(got, tcb)
                  : error
                    ? `${error.name}: ${error.message}`
                    : 'no such step (the run ended earlier)',
            }),
        ...(!same && failure ? { error: failure } : {}),
      });
    }
    if (!same) break;
  }
  return outcomes;
}
