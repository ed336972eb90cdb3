/**
 * The one result model every rendering is made from (terminal table, JSON, JUnit, Markdown,
 * Gradescope, CSV). Its JSON form is `tcplab.report/1`; other tools read it, so fields are only
 * ever added. Everything in it is deterministic for a given submission and seed except
 * `durationMs`.
 */
import type { ExerciseScore, TransitionScore } from '../conformance/score.js';

/** An error the report carries: a static or type error, a crash or a timeout (file and line when known). */
export type { PrepError as ReportError } from '../runner/submission.js';
import type { PrepError as ReportError } from '../runner/submission.js';

export interface Report {
  schema: 'tcplab.report/1';
  mode: 'public' | 'hidden';
  seed: number;
  score: number;
  maxScore: number;
  exercises: ExerciseScore[];
  transitions: TransitionScore[];
  errors: ReportError[];
  /** How many checks ran. */
  checks: number;
  durationMs: number;
  /** How the submission was isolated: 'namespaces', 'permission-model', or 'none' (in-process). */
  isolation: string;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** By code unit, not locale: the same order on every machine. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byPlace = (a: ReportError, b: ReportError): number =>
  cmp(a.exercise ?? '', b.exercise ?? '') ||
  cmp(a.file ?? '', b.file ?? '') ||
  (a.line ?? 0) - (b.line ?? 0) ||
  cmp(a.kind, b.kind) ||
  cmp(a.message, b.message);

export function makeReport(parts: Omit<Report, 'schema' | 'score' | 'maxScore'>): Report {
  return {
    schema: 'tcplab.report/1',
    mode: parts.mode,
    seed: parts.seed,
    score: round(parts.exercises.reduce((a, e) => a + e.score, 0)),
    maxScore: round(parts.exercises.reduce((a, e) => a + e.maxScore, 0)),
    exercises: parts.exercises,
    transitions: parts.transitions,
    // Problems are found in whatever order processes finish: sorted, the report is the same every run.
    errors: [...parts.errors].sort(byPlace),
    checks: parts.checks,
    durationMs: parts.durationMs,
    isolation: parts.isolation,
  };
}

/** A transition's score for the sample report, its states and event read from its id. */
function sampleTransition(
  id: string,
  exercise: string,
  passed: number,
  total: number,
  status: TransitionScore['status'],
  failure?: TransitionScore['failures'][number],
): TransitionScore {
  const [from, rest] = id.split(' --');
  const [event, to] = rest!.split('--> ');
  return {
    id,
    from: from!,
    event: event!,
    to: to!,
    exercise: exercise as TransitionScore['exercise'],
    passed,
    total,
    score: round(passed / total),
    maxScore: 1,
    status,
    failures: failure ? [failure] : [],
  };
}

/** A sample report, for renderer tests: one passed, one failed and one not-started exercise. */
export function sampleReport(): Report {
  const t = sampleTransition;
  const transitions = [
    t('CLOSED --OPEN active--> SYN-SENT', '02-three-way-handshake', 4, 4, 'passed'),
    t('LISTEN --rcv SYN--> SYN-RECEIVED', '02-three-way-handshake', 6, 6, 'passed'),
    t('FIN-WAIT-1 --rcv FIN--> CLOSING', '04-four-way-close', 2, 4, 'failed', {
      check: 't0412',
      step: 1,
      expected: 'state CLOSING; sent ACK seq=4294967292 ack=4294966998',
      actual: 'state CLOSING; sent nothing',
    }),
    t('FIN-WAIT-2 --rcv FIN--> TIME-WAIT', '04-four-way-close', 3, 3, 'passed'),
    t('TIME-WAIT --timeout 2MSL--> CLOSED', '05-time-wait', 0, 2, 'not-started', {
      check: 't0533',
      step: 1,
      expected: 'state CLOSED',
      actual: 'NotImplemented: 05-time-wait: timeWaitTimeout() is not implemented yet',
    }),
  ];
  return makeReport({
    mode: 'hidden',
    seed: 42,
    checks: 19,
    durationMs: 1234,
    isolation: 'none',
    errors: [
      {
        kind: 'typecheck',
        message: "Type 'string' is not assignable to type 'number'.",
        file: 'exercises/05-time-wait/time-wait.ts',
        line: 17,
        exercise: '05-time-wait',
      },
    ],
    transitions,
    exercises: [
      { id: '02-three-way-handshake', score: 2, maxScore: 2, status: 'passed' },
      { id: '04-four-way-close', score: 1.5, maxScore: 2, status: 'failed' },
      { id: '05-time-wait', score: 0, maxScore: 1, status: 'not-started' },
    ],
  });
}
