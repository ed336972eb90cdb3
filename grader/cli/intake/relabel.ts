/**
 * A report names files as the grader saw them: for an unpacked archive or placed loose files, a
 * folder made for the run. Students and instructors should see what was handed in instead
 * (`s53.zip/tcp-lab-main/exercises/05-time-wait/time-wait.ts`, `time-wait.ts`), and never a
 * temporary folder: each path made for the run, absolute or relative to the working folder, is
 * written as what it stands for, and any other path into a folder made for grading (the intake's
 * `tcplab-intake-…`, the runner's private copies `tcplab-<hash>-<pid>`) is cut to its file name.
 */
import { basename, relative } from 'node:path';
import type { Report } from '../../report/model.js';

/** The prefix of every scratch folder the intake makes (so a stray path into one can be recognised). */
export const SCRATCH_PREFIX = 'tcplab-intake-';
const LEFTOVER = /[^\s'"`(]*tcplab-(?:[0-9a-f]{12}-\d+|intake-[^/\s]+)\/[^\s'"`:,)]*/g;

/** Rewrite every string of `report`: each `[made, shown]` path (longest first), then leftovers. */
export function relabel(report: Report, shown: readonly [string, string][]): Report {
  const pairs = shown
    .flatMap(
      ([made, label]) =>
        [
          [made, label],
          [relative(process.cwd(), made), label],
        ] as [string, string][],
    )
    .filter(([made]) => made !== '')
    .sort((a, b) => b[0].length - a[0].length);
  const fix = (s: string): string => {
    let out = s;
    for (const [made, label] of pairs) out = out.split(made).join(label);
    return out.replace(LEFTOVER, (path) => basename(path));
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return fix(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(report) as Report;
}
