/**
 * The recorded public packs (exercises/NN/checks.json) as a grading run's checks: what `tcplab check`
 * runs on a student's own code, in-process, with no reference and no generator.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXERCISES } from '../engine/exercises.js';
import { judgePackCheck, type Pack } from '../conformance/pack.js';
import { judgeScenario, scenarioReplay } from '../conformance/scenario-checks.js';
import type { Outcome } from '../conformance/score.js';
import type { Job } from '../runner/jobs.js';
import { KIT } from '../runner/kit.js';
import { modules as reference } from '../../solutions/modules.js';
import { NOT_STARTED, type PendingChecks } from './check-set.js';
import { UsageError } from './errors.js';
import { readPack } from './pack-file.js';

/** The packs of the exercises wanted, shipped in the kit's exercises/ folders (a damaged one is refused by name). */
function loadPacks(wanted: (id: string) => boolean): Pack[] {
  return EXERCISES.filter((e) => e.module && wanted(e.id)).map((e) => {
    const file = join(KIT, 'exercises', e.id, 'checks.json');
    if (!existsSync(file))
      throw new UsageError(
        `${file} is missing: restore it from the kit (npm run sync-exercises records it in the instructor's kit)`,
      );
    return readPack(file, e.id);
  });
}

export function packChecks(wanted: (id: string) => boolean): PendingChecks {
  const packs = loadPacks(wanted);
  return {
    select: (candidates) => {
      const scenarios = packs.flatMap((p) => (candidates.has(p.exercise) ? p.scenarios : []));
      const checks = packs.flatMap((p) =>
        candidates.has(p.exercise) ? p.checks.map((c) => ({ ...c, exercise: p.exercise })) : [],
      );
      return {
        jobs: [
          // Every input on the code under test, from CLOSED: the pack holds the reference's answer to each.
          ...checks.map(
            (c): Job => ({ kind: 'transition', id: c.id, exercise: c.exercise, setup: c.setup, inputs: c.inputs }),
          ),
          ...scenarios.map(
            (c): Job => ({ kind: 'replay', id: c.id, exercise: c.exercise, replay: scenarioReplay(reference, c) }),
          ),
        ],
        judge: async (results) => {
          const outcomes: Outcome[] = [];
          for (const pack of packs.filter((p) => !candidates.has(p.exercise))) {
            for (const c of pack.checks)
              outcomes.push({
                check: c.id,
                kind: 'transition',
                transition: c.transition,
                exercise: pack.exercise,
                passed: false,
                error: NOT_STARTED,
              });
          }
          for (const c of checks) {
            const r = results.get(c.id);
            const failure =
              r?.kind === 'failed'
                ? { name: r.reason, message: r.message }
                : r
                  ? undefined
                  : { name: 'crash', message: 'no result' };
            outcomes.push(...judgePackCheck(c, c.exercise, r?.kind === 'transition' ? r.observations : [], failure));
          }
          for (const c of scenarios) {
            const r = results.get(c.id);
            const steps = r?.kind === 'replay' ? r.steps : [];
            const error =
              r?.kind === 'replay'
                ? r.error
                : r?.kind === 'failed'
                  ? { name: r.reason, message: r.message }
                  : undefined;
            for (const o of judgeScenario(c, steps, error)) outcomes.push({ ...o, kind: 'scenario' });
          }
          return outcomes;
        },
      };
    },
  };
}
