/**
 * What a class's results were graded with: mode, seed, the exercise (if one), the rubric's scoring
 * and visibility, and the kit's version. It is written once into the results folder
 * (tcplab-results.json); a later run or a merge with other settings is refused, so one gradebook
 * never mixes grades made two ways. The kit's version is package.json's with a hash of the code
 * that decides a grade (the engine, simulator, conformance suite and runner, the grading entry, the
 * reference, the recorded packs, the lockfile; not the renderers or the rest of the CLI), so results
 * from an updated kit are not taken for current ones.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FAILURE_LEVELS, SUBMISSION_VISIBILITIES, type Visibility } from '../../report/visibility.js';
import { kitFiles } from '../../kit/kit-files.js';
import { KIT } from '../../runner/kit.js';

export const MARKER = 'tcplab-results.json';

export interface RunSettings {
  mode: 'public' | 'hidden';
  seed: number;
  /** Set when one exercise is graded (`--exercise`). */
  exercise?: string;
  scoring: { exercises: string[]; weights: Record<string, number> };
  visibility: Visibility;
  kit: string;
}

export const SettingsSchema = z.object({
  schema: z.literal('tcplab.results/1'),
  mode: z.enum(['public', 'hidden']),
  seed: z.number().int().nonnegative(),
  exercise: z.string().optional(),
  scoring: z.object({ exercises: z.array(z.string()), weights: z.record(z.string(), z.number()) }),
  visibility: z.object({
    failures: z.enum(FAILURE_LEVELS),
    totalBeforeDue: z.boolean(),
    due: z.string().optional(),
    submission: z.enum(SUBMISSION_VISIBILITIES).optional(),
  }),
  kit: z.string(),
});

/** Where the code that decides a grade lives. */
const DECIDES = [
  'grader/engine/',
  'grader/sim/',
  'grader/conformance/',
  'grader/runner/',
  'solutions/',
  'grader/cli/grading.ts',
  'grader/instructor/suite/',
  'grader/conformance/script/',
  'grader/instructor/packs/',
  'grader/instructor/suite-checks.ts',
  'grader/cli/pack-checks.ts',
  'grader/cli/check-set.ts',
  'grader/cli/pack-file.ts',
];

let version: string | undefined;

/** package.json's version and a hash of what decides a grade, e.g. `0.1.0+3f9a1c2b7d4e`; computed once per process. */
export function kitVersion(): string {
  if (version) return version;
  const hash = createHash('sha256');
  const decides = (rel: string): boolean =>
    !rel.endsWith('.test.ts') &&
    !rel.endsWith('.md') &&
    (DECIDES.some((d) => rel.startsWith(d)) ||
      /^exercises\/[^/]+\/checks\.json$/.test(rel) ||
      rel === 'package-lock.json');
  const all = kitFiles(
    (rel) =>
      !rel.includes('/') || rel.startsWith('grader') || rel.startsWith('solutions') || rel.startsWith('exercises'),
  ).filter(decides);
  for (const rel of all)
    hash
      .update(`${rel}\0`)
      .update(readFileSync(join(KIT, rel)))
      .update('\0');
  const pkg = JSON.parse(readFileSync(join(KIT, 'package.json'), 'utf8')) as { version?: string };
  version = `${pkg.version ?? '0.0.0'}+${hash.digest('hex').slice(0, 12)}`;
  return version;
}

/** The marker file's text: the settings, keys in a fixed order. */
export function markerText(s: RunSettings): string {
  return `${JSON.stringify(
    {
      schema: 'tcplab.results/1',
      mode: s.mode,
      seed: s.seed,
      ...(s.exercise ? { exercise: s.exercise } : {}),
      scoring: s.scoring,
      visibility: s.visibility,
      kit: s.kit,
    },
    null,
    2,
  )}\n`;
}

/** How `found` differs from `wanted`, in words, or undefined when they grade alike. */
export function difference(found: RunSettings, wanted: RunSettings): string | undefined {
  if (found.mode !== wanted.mode) return `${found.mode} checks, not ${wanted.mode}`;
  if (found.seed !== wanted.seed) return `seed ${found.seed}, not ${wanted.seed}`;
  if ((found.exercise ?? '') !== (wanted.exercise ?? ''))
    return `${found.exercise ? `exercise ${found.exercise}` : 'every exercise'}, not ${wanted.exercise ? `exercise ${wanted.exercise}` : 'every exercise'}`;
  if (found.kit !== wanted.kit) return `kit ${found.kit}, not ${wanted.kit}`;
  if (JSON.stringify(found.scoring) !== JSON.stringify(wanted.scoring)) return 'another rubric (exercises or weights)';
  if (JSON.stringify(found.visibility) !== JSON.stringify(wanted.visibility)) return 'another rubric visibility';
  return undefined;
}
