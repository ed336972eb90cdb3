/**
 * Bad input to the instructor's commands (grade, grade-all, export-student, gradescope-bundle): each
 * run has one bad input among good ones and must be refused as grader/cli/bad-input/harness.ts says.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { KIT } from '../../runner/kit.js';
import { shown } from '../input-file.js';
import {
  at,
  bad,
  command,
  exercise,
  EXPORTS,
  format,
  KEEP,
  minScore,
  none,
  ok,
  out,
  OUTS,
  path,
  type Refused,
  refusesEach,
  RESULTS_OUTS,
  rubric,
  seed,
  useInputs,
} from './harness.js';

useInputs({ scratchKit: false });

const COMMANDS: Refused[] = [
  [
    'grade',
    5,
    command(
      'grade',
      false,
      path(join(KIT, 'solutions'), ['', at('missing'), at('fifo'), '/dev/zero', at('empty.yaml')]),
      out,
      rubric,
      seed,
      minScore,
      exercise,
      format,
    ),
  ],
  [
    'grade-all',
    4,
    command(
      'grade-all',
      false,
      path(at('class'), ['', at('missing'), at('fifo'), at('folder')]),
      {
        good: [ok('--out', at('results'))],
        bad: fc.constantFrom(...RESULTS_OUTS).map((p) => bad(`--out ${shown(p)}`, '--out', p)),
      },
      rubric,
      {
        good: [none, ok('--hidden', '--seed', '7')],
        bad: fc.constantFrom('-1', 'abc', '').map((n) => bad(`--seed ${shown(n)}`, '--hidden', '--seed', n)),
      },
      {
        good: [none, ok('--shard', '2/3')],
        bad: fc.constantFrom('3/2', '0/0', '1/0', 'x', '').map((k) => bad(`--shard ${shown(k)}`, '--shard', k)),
      },
      {
        good: [none, ok('--jobs', '2')],
        bad: fc.constantFrom('0', '-1', 'two').map((n) => bad(`--jobs ${shown(n)}`, '--jobs', n)),
      },
    ),
  ],
  [
    'export-student',
    3,
    command(
      'export-student',
      false,
      path(at('new-kit'), EXPORTS, (p) => `export-student ${shown(p)}`),
    ),
  ],
  [
    'gradescope-bundle',
    2,
    command(
      'gradescope-bundle',
      false,
      path(KEEP, OUTS, (p) => `gradescope-bundle ${shown(p)}`),
      seed,
    ),
  ],
];

refusesEach(COMMANDS);
