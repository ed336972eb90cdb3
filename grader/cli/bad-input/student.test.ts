/**
 * Bad input to the student's commands (check, status, hint), with the kit's pack and hints damaged
 * in a copy of the kit: each run has one bad input among good ones and must be refused as
 * grader/cli/bad-input/harness.ts says.
 */
import {
  bad,
  badOf,
  command,
  format,
  HINT_RECORD,
  HINTS,
  lang,
  minScore,
  none,
  ok,
  out,
  PACK,
  PACK_KINDS,
  planted,
  quoted,
  type Refused,
  refusesEach,
  rubric,
  useInputs,
  word,
} from './harness.js';

useInputs({ scratchKit: true });

const COMMANDS: Refused[] = [
  [
    'check',
    5,
    command(
      'check',
      true,
      word([none, ok('07')], ['', '99']),
      planted(PACK, PACK_KINDS),
      { good: [none, ...out.good], bad: out.bad },
      rubric,
      minScore,
      format,
    ),
  ],
  [
    'status',
    3,
    command('status', true, planted(PACK, PACK_KINDS), { good: [none], bad: badOf(bad(quoted('status'), 'extra')) }),
  ],
  [
    'hint',
    4,
    command(
      'hint',
      true,
      word([ok('07')], ['', 'zz']),
      lang,
      planted(PACK, PACK_KINDS),
      planted(HINTS, ['missing', 'folder', 'fifo', 'device']),
      planted(HINT_RECORD, ['folder', 'fifo', 'device']),
    ),
  ],
];

refusesEach(COMMANDS);
