/**
 * A rubric file: which exercises count and how much each transition weighs. An instructor edits a YAML
 * file; it is validated with clear errors (file, line, field) before any grading starts.
 *
 *   exercises: [01-sequence-numbers, 02-three-way-handshake]   # omit: all of them
 *   weights:
 *     "FIN-WAIT-1 --rcv FIN--> CLOSING": 3                      # omit: the catalogue's weight (1)
 *   exerciseWeights:
 *     04-four-way-close: 2                                      # multiplies every weight of that exercise
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { CATALOGUE, findEntry } from '../engine/catalogue.js';
import { IDS, RubricError, type Rubric } from './rubric.js';

const Schema = z
  .object({
    exercises: z.array(z.enum(IDS)).min(1).optional(),
    weights: z.record(z.string(), z.number().positive().max(100)).optional(),
    // partialRecord: a record keyed by an enum would want every exercise listed.
    exerciseWeights: z.partialRecord(z.enum(IDS), z.number().positive().max(100)).optional(),
  })
  .strict();

/** Read and check a rubric file the kit trusts (tests); the CLI reads a user's file with a size cap and hands its text to parseRubric. */
export function loadRubric(path: string): Rubric {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new RubricError(`${path}: cannot read the rubric file`);
  }
  return parseRubric(text, path);
}

/** Check a rubric's text; `path` names it in errors. */
export function parseRubric(text: string, path: string): Rubric {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new RubricError(`${path}:${e.linePos?.[0]?.line ?? 1}: ${e.message}`);
  }
  const lineOf = (keys: (string | number)[]): number => {
    const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  };
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // Aliases that expand too far, for one.
    throw new RubricError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (data === null || data === undefined)
    throw new RubricError(
      `${path}:1: the rubric is empty (leave it out to count every exercise at the catalogue's weights)`,
    );
  const parsed = Schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    throw new RubricError(`${path}:${lineOf(keys)}: ${keys.join('.') || '(top level)'}: ${issue.message}`);
  }
  const r = parsed.data;
  for (const id of Object.keys(r.weights ?? {})) {
    if (!findEntry(id))
      throw new RubricError(
        `${path}:${lineOf(['weights', id])}: weights: '${id}' is not a catalogue transition (see tcplab catalogue)`,
      );
  }
  const weights = new Map<string, number>();
  for (const entry of CATALOGUE) {
    const w = (r.weights?.[entry.id] ?? entry.weight) * (r.exerciseWeights?.[entry.exercise] ?? 1);
    if (w !== entry.weight) weights.set(entry.id, w);
  }
  return { exercises: new Set(r.exercises ?? IDS), weights };
}
