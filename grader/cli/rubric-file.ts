/**
 * A rubric file as every command reads it: the scoring part (exercises, weights) checked by
 * grader/conformance/rubric.ts, and the `visibility:` section (grader/report/visibility.ts) checked
 * here. The section is blanked out of the text before the rest is parsed, character for character,
 * so a mistake further down is still reported on its own line.
 *
 *   visibility:
 *     failures: first-failure      # nothing | transition | first-failure
 *     totalBeforeDue: false
 *     due: 2027-01-15T23:59:00Z
 *     submission: visible          # Gradescope: visible | after_due_date | after_published | hidden
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { defaultRubric, RubricError, type Rubric } from '../conformance/rubric.js';
import { parseRubric } from '../conformance/rubric-yaml.js';
import { DEFAULT_VISIBILITY, FAILURE_LEVELS, SUBMISSION_VISIBILITIES, type Visibility } from '../report/visibility.js';
import { UsageError } from './errors.js';
import { MB, readInputFile } from './input-file.js';

export interface RubricFile {
  rubric: Rubric;
  visibility: Visibility;
}

const VisibilitySchema = z
  .object({
    failures: z.enum(FAILURE_LEVELS).optional(),
    totalBeforeDue: z.boolean().optional(),
    // A YAML timestamp arrives as a Date; a quoted one as a string.
    due: z.union([z.date(), z.string()]).optional(),
    submission: z.enum(SUBMISSION_VISIBILITIES).optional(),
  })
  .strict();

/** The rubric's text and its visibility section: the text with that section blanked, and the section's value. */
function splitVisibility(text: string, path: string): { rest: string; visibility: Visibility; others: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { rest: text, visibility: DEFAULT_VISIBILITY, others: 1 };
  const items = doc.contents.items;
  const pair = items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'visibility');
  if (!pair) return { rest: text, visibility: DEFAULT_VISIBILITY, others: items.length };
  const at = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  let all: unknown;
  try {
    all = doc.toJS();
  } catch {
    return { rest: text, visibility: DEFAULT_VISIBILITY, others: 1 }; // parseRubric says what is wrong
  }
  const parsed = VisibilitySchema.safeParse((all as Record<string, unknown>)['visibility'] ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = ['visibility', ...issue.path.map(String)];
    throw new RubricError(`${path}:${at(doc.getIn(keys, true) ?? pair.key)}: ${keys.join('.')}: ${issue.message}`);
  }
  const v = parsed.data;
  let due: string | undefined;
  if (v.due !== undefined) {
    const time = v.due instanceof Date ? v.due.getTime() : Date.parse(v.due);
    if (Number.isNaN(time))
      throw new RubricError(
        `${path}:${at(doc.getIn(['visibility', 'due'], true))}: visibility.due: not a date and time (write it as 2027-01-15T23:59:00Z)`,
      );
    due = new Date(time).toISOString();
  }
  const visibility: Visibility = {
    failures: v.failures ?? DEFAULT_VISIBILITY.failures,
    totalBeforeDue: v.totalBeforeDue ?? DEFAULT_VISIBILITY.totalBeforeDue,
    ...(due ? { due } : {}),
    ...(v.submission ? { submission: v.submission } : {}),
  };
  const others = items.length - 1;
  let rest: string;
  if (doc.contents.flow) {
    doc.delete('visibility');
    rest = String(doc);
  } else {
    const start = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
    const end = (pair.value as { range?: [number, number, number] } | null)?.range?.[2] ?? start;
    rest = text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end);
  }
  return { rest, visibility, others };
}

/** Check a rubric's text (`path` names it in errors). */
function parseRubricFile(text: string, path: string): RubricFile {
  const { rest, visibility, others } = splitVisibility(text, path);
  // A rubric that only sets the visibility counts every exercise at the catalogue's weights.
  const rubric = others === 0 ? defaultRubric() : parseRubric(rest, path);
  return { rubric, visibility };
}

/** The rubric file at `path`, read with a cap and checked; a mistake in it is the user's (exit 2). */
export function readRubricFile(path: string): RubricFile {
  try {
    return parseRubricFile(readInputFile(path, 'rubric', MB), path);
  } catch (e) {
    if (e instanceof RubricError) throw new UsageError(e.message);
    throw e;
  }
}

/** The scoring part of a rubric as plain data in a fixed order: equal for two rubrics that score alike. */
export function scoringOf(rubric: Rubric): { exercises: string[]; weights: Record<string, number> } {
  return {
    exercises: [...rubric.exercises].sort(),
    weights: Object.fromEntries([...rubric.weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
