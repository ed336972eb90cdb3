/** The reference engine's topic modules, assembled for `createEngine`. */
import type { Modules } from '../grader/engine/modules.js';
import * as sequence from './01-sequence-numbers/sequence-numbers.js';
import * as handshake from './02-three-way-handshake/three-way-handshake.js';
import * as handshakeFailures from './03-handshake-failures/handshake-failures.js';
import * as fourWayClose from './04-four-way-close/four-way-close.js';
import * as timeWait from './05-time-wait/time-wait.js';
import * as keepalive from './07-keepalive/keepalive.js';
import * as resets from './08-resets/resets.js';

export const modules: Modules = { sequence, handshake, handshakeFailures, fourWayClose, timeWait, keepalive, resets };

/**
 * The reference modules with some replaced. A topic's tests run the topic's own module (a student's,
 * in exercises/) with the reference for all the others, so each exercise is graded on its own.
 */
export function modulesWith(replacements: Partial<Modules>): Modules {
  return { ...modules, ...replacements };
}
