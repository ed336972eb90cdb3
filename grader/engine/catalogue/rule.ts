/** What one line of the catalogue says, and the groups of states several lines share. */
import { STATES, type State } from '../types.js';

export type ExerciseId =
  | '01-sequence-numbers'
  | '02-three-way-handshake'
  | '03-handshake-failures'
  | '04-four-way-close'
  | '05-time-wait'
  | '07-keepalive'
  | '08-resets';

/** One line of the table: a rule for one state or for each of several. */
export interface Rule {
  readonly from: State | readonly State[];
  readonly event: string;
  /** The state entered; `'same'`: each `from` state stays where it is. */
  readonly to: State | 'same';
  /** The exercise (topic module) whose code makes this step. */
  readonly exercise: ExerciseId;
  /** Where the rule comes from, e.g. `RFC 9293 §3.10.7.4`. */
  readonly rfc: string;
  /** One line: what happens. */
  readonly summary: string;
  /** Given to students ready-made (plumbing such as the delayed ACK): listed, never graded. */
  readonly provided?: true;
  /** A diagram edge the engine takes as two rules in one step (e.g. ACK of our FIN, then FIN). */
  readonly via?: readonly [string, string];
}

/** Every state but some, for a rule that applies in all the others. */
export function allBut<X extends State>(...left: X[]): readonly Exclude<State, X>[] {
  return STATES.filter((s): s is Exclude<State, X> => !(left as State[]).includes(s));
}

/** Synchronized states whose segments take the full §3.10.7.4 path through ACK processing. */
export const ACKING = ['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK'] as const;
/** States that can receive new text (RFC 9293 §3.10.7.4 seventh step). */
export const RECEIVING = ['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2'] as const;
/** States with something of ours that may need retransmitting after the handshake. */
export const RETRANSMITTING = ['ESTABLISHED', 'FIN-WAIT-1', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK'] as const;
export const CLOSING_STATES = ['FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING', 'LAST-ACK', 'TIME-WAIT'] as const;
