/**
 * The exercises in course order, like rustlings' info.toml: each names its lesson, the topic module
 * it replaces (none for the application-level exercise 06) and the file the student edits. The
 * transitions an exercise is graded on are the catalogue entries that name it.
 */
import { CATALOGUE, type CatalogueEntry, type ExerciseId } from './catalogue.js';
import type { Modules } from './modules.js';

export interface Exercise {
  readonly id: ExerciseId | '06-close-wait';
  readonly title: string;
  readonly titleZh: string;
  /** The key in `Modules` this exercise provides, or undefined for an application exercise. */
  readonly module: keyof Modules | undefined;
  /** The file the student completes, inside exercises/<id>/. */
  readonly file: string;
  /** Application code to fix, written by hand (not generated): starting code in exercises/, the fix in solutions/. */
  readonly apps?: readonly string[];
  /** What the student builds, in one paragraph. */
  readonly goal: string;
}

export const EXERCISES: readonly Exercise[] = [
  {
    id: '01-sequence-numbers',
    title: 'Sequence numbers',
    titleZh: '序列号',
    module: 'sequence',
    file: 'sequence-numbers.ts',
    goal: 'Comparison of 32-bit sequence numbers across the wrap, SEG.LEN, the four-case acceptability test, SEND and RECEIVE in every state, and the ACK and text steps of segment processing.',
  },
  {
    id: '02-three-way-handshake',
    title: 'The three-way handshake',
    titleZh: '三次握手',
    module: 'handshake',
    file: 'three-way-handshake.ts',
    goal: 'OPEN (active and passive), the SYN that arrives in LISTEN, the SYN,ACK that completes an active open, the ACK that completes a passive one, and simultaneous open.',
  },
  {
    id: '03-handshake-failures',
    title: 'When the handshake fails',
    titleZh: '握手失败',
    module: 'handshakeFailures',
    file: 'handshake-failures.ts',
    goal: 'Resets for segments that reach no connection, the checks LISTEN and SYN-SENT make before believing a segment, retransmission with exponential backoff and its give-up limits, and the user timeout.',
  },
  {
    id: '04-four-way-close',
    title: 'The four-way close',
    titleZh: '四次挥手',
    module: 'fourWayClose',
    file: 'four-way-close.ts',
    goal: "CLOSE in every state, the ACK of our FIN, the peer's FIN in each state, entering TIME-WAIT, and the FIN-WAIT-2 timeout.",
  },
  {
    id: '05-time-wait',
    title: 'TIME-WAIT',
    titleZh: 'TIME-WAIT 状态',
    module: 'timeWait',
    file: 'time-wait.ts',
    apps: ['crawler.ts'],
    goal: 'What may still arrive in TIME-WAIT (a retransmitted FIN, a stray RST, an ACK) and the end of the 2*MSL wait; then, one level up, a crawler that leaves a TIME-WAIT socket per page behind (crawler.ts): decide who should close first.',
  },
  {
    id: '06-close-wait',
    title: 'CLOSE-WAIT',
    titleZh: 'CLOSE-WAIT 状态',
    module: undefined,
    file: 'server.ts',
    apps: ['server.ts'],
    goal: 'Fix a small server application that leaks connections in CLOSE-WAIT: after many clients hang up, ss must show none left.',
  },
  {
    id: '07-keepalive',
    title: 'Keepalive',
    titleZh: '保活机制',
    module: 'keepalive',
    file: 'keepalive.ts',
    goal: 'The keepalive timer: when it runs, the probe it sends, and when to give up on a silent peer.',
  },
  {
    id: '08-resets',
    title: 'Resets and attacks',
    titleZh: '复位与攻击',
    module: 'resets',
    file: 'resets.ts',
    goal: 'The RST and SYN checks of synchronized states with RFC 5961 challenge ACKs, and ABORT.',
  },
];

export function findExercise(idOrNumber: string): Exercise | undefined {
  const key = idOrNumber.padStart(2, '0');
  return EXERCISES.find((e) => e.id === idOrNumber || e.id.startsWith(`${key}-`));
}

/** The catalogue entries an exercise is graded on. */
export function transitionsOf(exercise: Exercise): CatalogueEntry[] {
  return CATALOGUE.filter((e) => e.exercise === exercise.id);
}
