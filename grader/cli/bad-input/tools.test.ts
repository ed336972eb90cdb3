/**
 * Bad input to the commands that show and replay (trace, lesson, quiz, replay, live, catalogue): each
 * run has one bad input among good ones and must be refused as grader/cli/bad-input/harness.ts says.
 */
import fc from 'fast-check';
import { shown } from '../input-file.js';
import {
  at,
  bad,
  badOf,
  CAPTURE,
  command,
  KEEP,
  lang,
  none,
  ok,
  OUTS,
  path,
  quoted,
  type Refused,
  refusesEach,
  seed,
  useInputs,
  word,
} from './harness.js';

useInputs({ scratchKit: false });

const COMMANDS: Refused[] = [
  [
    'trace',
    2,
    command(
      'trace',
      false,
      word([none, ok('refused')], ['', 'nope']),
      seed,
      { good: [none, ok('--profile', 'linux')], bad: badOf(bad(quoted('bsd'), '--profile', 'bsd')) },
      {
        good: [none, ok('--set', 'mslMs=1000')],
        bad: badOf(bad('mslMs', '--set', 'mslMs=soon'), bad(quoted('msl'), '--set', 'msl=5')),
      },
    ),
  ],
  ['lesson', 2, command('lesson', false, word([ok('1')], ['', '0', '99', 'abc']), lang)],
  ['quiz', 2, command('quiz', false, word([ok('1')], ['', '0', 'abc']), lang)],
  [
    'replay',
    3,
    command(
      'replay',
      false,
      path(CAPTURE, ['', at('missing'), at('fifo'), '/dev/zero', at('folder'), KEEP, at('empty.yaml')]),
      { good: [none, ok('--side', 'client')], bad: badOf(bad(quoted('middle'), '--side', 'middle')) },
      {
        good: [none, ok('--flow', '1')],
        bad: fc.constantFrom('x', '-1', '0', '').map((n) => bad(`--flow ${shown(n)}`, '--flow', n)),
      },
      { good: [none, ok('--profile', 'rfc')], bad: badOf(bad(quoted('bsd'), '--profile', 'bsd')) },
      {
        good: [none, ok('--set', 'mslMs=1000')],
        bad: badOf(bad('mslMs', '--set', 'mslMs=soon'), bad(quoted('msl'), '--set', 'msl=5')),
      },
      { good: [none], bad: fc.constantFrom(...OUTS).map((p) => bad(`--to-script ${shown(p)}`, '--to-script', p)) },
    ),
  ],
  // Refused before any namespace or relay is made: nothing of COMMAND runs.
  [
    'live',
    2,
    command(
      'live',
      false,
      word([ok('server')], ['', 'proxy']),
      { good: [none, ok('--profile', 'rfc')], bad: badOf(bad(quoted('bsd'), '--profile', 'bsd')) },
      { good: [none], bad: fc.constantFrom('0', '70000', 'http').map((n) => bad(`--port ${shown(n)}`, '--port', n)) },
      { good: [none], bad: fc.constantFrom(at('missing'), '').map((p) => bad(`--impl ${shown(p)}`, '--impl', p)) },
      { good: [ok('--', 'true')], bad: badOf(bad("'command'")) },
    ),
  ],
  [
    'catalogue',
    1,
    command('catalogue', false, {
      good: [none, ok('--json')],
      bad: badOf(bad(quoted('catalogue'), 'extra'), bad(quoted('--nope'), '--nope')),
    }),
  ],
];

refusesEach(COMMANDS);
