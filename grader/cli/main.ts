/**
 * `tcplab`: the command line. Each command registers itself from grader/cli/commands/; this file
 * runs one and turns its end into an exit code: 0 done, 2 bad usage or bad input (the message says
 * what and where), 3 the kit itself failed. Commands that need heavy libraries (Markdown, prompts,
 * the grader) load them when they run, so `tcplab trace` starts without them.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../engine/config.js';
import { attachRun } from './cli-run.js';
import { registerCatalogue } from './commands/catalogue.js';
import { registerCheck } from './commands/check.js';
import { registerExportStudent } from './commands/export-student.js';
import { registerGrade } from './commands/grade.js';
import { registerGradeAll } from './commands/grade-all.js';
import { registerGradebook } from './commands/gradebook.js';
import { registerGradescopeBundle } from './commands/gradescope-bundle.js';
import { registerHint } from './commands/hint.js';
import { registerLesson } from './commands/lesson.js';
import { registerLive } from './commands/live.js';
import { registerQuiz } from './commands/quiz.js';
import { registerReplay } from './commands/replay.js';
import { registerReport } from './commands/report.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerTrace } from './commands/trace.js';
import { registerWatch } from './commands/watch.js';
import { UsageError } from './errors.js';

/** The program with every command, in the order `tcplab --help` lists them. */
function buildProgram(out: (text: string) => void): Command {
  const program = new Command('tcplab')
    .usage('[command] [options]')
    .description('tcp-lab: TCP connection management, from the three-way handshake to TIME-WAIT')
    .showHelpAfterError('(run tcplab --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => process.stderr.write(s) });
  registerCatalogue(program);
  registerTrace(program);
  registerLesson(program);
  registerQuiz(program);
  registerGrade(program);
  registerGradeAll(program);
  registerGradebook(program);
  registerReport(program);
  registerStatus(program);
  registerWatch(program);
  registerHint(program);
  registerCheck(program);
  registerExportStudent(program);
  registerGradescopeBundle(program);
  registerStart(program);
  registerLive(program);
  registerReplay(program);
  return program;
}

/**
 * Run the command in `argv` and return its exit code (tests call this). `asCommand` when this
 * process is the `tcplab` command itself: it then owns Ctrl+C.
 */
export async function main(
  argv: readonly string[],
  out: (text: string) => void = (t) => console.log(t),
  asCommand = false,
): Promise<number> {
  try {
    const program = buildProgram(out);
    const run = { out, ownsSignals: asCommand, exitCode: 0 };
    attachRun(program, run);
    await program.parseAsync([...argv], { from: 'user' });
    return run.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? 0 : 2;
    }
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`tcplab: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `tcplab: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 3;
  }
}
