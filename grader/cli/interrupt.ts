/**
 * Ctrl+C (or SIGTERM) during a command that runs a submission's code: everything it started is
 * ended at once (sandbox children, inspectors, application test runs), its private copies are removed, and it exits 130
 * saying so, never with a report of a grade that did not finish.
 */
import { killAll } from '../runner/child-process.js';
import { stopInspectors } from '../runner/inspect/index.js';
import { removePrivateCopies } from '../runner/submission.js';
import { stopAppTests } from './app-tests.js';

let installed = false;

export function exitOnInterrupt(): void {
  if (installed) return;
  installed = true;
  const stop = (): void => {
    killAll();
    stopInspectors();
    stopAppTests();
    removePrivateCopies();
    process.stderr.write('\ntcplab: interrupted\n');
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
