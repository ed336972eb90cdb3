/**
 * Grading a submission with its code in the sandbox (grader/runner/sandbox.ts), as `grade`,
 * `grade-all` and the autograder do, or in this process (`--no-sandbox`, `tcplab check`); and the
 * warning hidden grading gives when the isolation is less than it should be.
 */
import pc from 'picocolors';
import type { Report } from '../report/model.js';
import { prestart, sandboxExecutor, sandboxIsolation, type SandboxOptions } from '../runner/sandbox.js';
import { grade, publicCheck, type GradeOptions } from './grading.js';

/** Grade `dir`: the submission's code in the sandbox, or (`sandbox` false) in this process. */
export function gradeWith(
  dir: string,
  options: GradeOptions,
  sandbox: boolean,
  sandboxOptions: SandboxOptions = {},
): Promise<Report> {
  // A student's own checks (the packs) run in child processes too: there for their time limits.
  if (options.packs) return publicCheck(dir, options.exercise);
  if (!sandbox) return grade(dir, options);
  return grade(dir, {
    ...options,
    executor: (candidates, prepared) => sandboxExecutor(prepared, candidates, sandboxOptions),
    warm: (prepared) => prestart(prepared, sandboxOptions),
  });
}

/** Hidden grading is for code nobody has vetted: say so loudly when it is not fully isolated. */
export async function warnIfExposed(hidden: boolean | undefined, sandbox: boolean): Promise<void> {
  if (!hidden) return;
  const isolation = sandbox ? await sandboxIsolation() : 'none';
  if (isolation === 'namespaces') return;
  const [what, fix] =
    isolation === 'none'
      ? [
          "the submission's code runs inside the grader's own process: it can read and write any file you can, and change the report",
          'Leave out --no-sandbox.',
        ]
      : [
          "the submission's code runs under Node's permission model only, without Linux namespaces: it may use the network and send signals to your other processes",
          'Grade on Linux where `unshare --user --map-root-user --pid --fork --net true` succeeds.',
        ];
  process.stderr.write(
    `${pc.bold(pc.red(`tcplab: WARNING: hidden grading with isolation '${isolation}'`))}\n  ${what}.\n  ${fix}\n`,
  );
}
