/**
 * `npm run test:exercises [-- NN]`: a student's verdict. It is `tcplab check` itself, so the two can
 * never disagree: the same recorded cases, the same judge, the same time limits, and for 05 and 06 the
 * same application tests (grader/cli/app-tests.ts). It exits 1 until every check and test passes.
 */
import { main } from '../cli/main.js';

const args = process.argv.slice(2);
// Like any test run, it fails (exit 1) until every check passes, unless told another threshold.
const threshold = args.some((a) => a.startsWith('--min-')) ? [] : ['--min-percent', '100'];
process.exitCode = await main(['check', ...args, ...threshold], undefined, true);
