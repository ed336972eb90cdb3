/**
 * `tcplab`: the command line. Parses arguments, wires the layers, prints, sets the exit code:
 * 0 done, 2 bad usage or bad input (the message says what and where), 3 the kit itself failed.
 */
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { CATALOGUE } from '../engine/catalogue.js';
import { ConfigError, isProfileName, PROFILE_NAMES, type Config } from '../engine/config.js';
import { parseSetting } from '../engine/config-schema.js';
import { connectionOf, mermaidDiagram, textDiagram } from '../sim/diagram.js';
import { SCENARIOS, findScenario, runScenario } from '../sim/scenarios/index.js';
import { modules as reference } from '../../solutions/modules.js';
import { catalogueTable, scenarioList, ssListing } from './render.js';
import type { GradeFlags } from './commands/grade.js';
import type { GradeAllFlags } from './commands/grade-all.js';
import type { ReportFlags } from './commands/report.js';
import { PUBLIC_SEED } from '../conformance/pack.js';
import { UsageError } from './errors.js';
import { INSTRUCTOR, INSTRUCTOR_ONLY, instructorModule } from './instructor.js';
import { FORMATS, REPORT_FORMATS } from './formats.js';
import { shown } from './input-file.js';

// Commands that need heavy libraries (Markdown rendering, prompts, the grader) load them when run,
// so `tcplab trace` starts without them.
const learn = () => import('./commands/learn.js');
const grading = () => import('./commands/grade.js');

/** What grader/kit/gradescope-bundle.ts provides. */
interface GradescopeBundle {
  gradescopeBundle(out: string, options: { seed?: number; rubric?: string; public?: boolean }): number;
  BundleError: abstract new (...args: never[]) => Error;
}

/** What grader/kit/export-student.ts provides. */
interface StudentExport {
  exportStudent(out: string, options?: { minPercent?: number }): Promise<number>;
  LEFT_OUT: readonly { path: string; why: string }[];
  ExportError: abstract new (...args: never[]) => Error;
}

function parseLang(value: string): 'en' | 'zh-CN' {
  if (value !== 'en' && value !== 'zh-CN') throw new UsageError(`--lang ${value}: use one of en, zh-CN`);
  return value;
}


function collectSetting(value: string, previous: Partial<Config>): Partial<Config> {
  return { ...previous, ...parseSetting(value) };
}

function parseSeed(value: string): number {
  // A seed names cache files (suite-hidden-42): a sign or an exponent would make a second name for one suite.
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--seed ${shown(value)}: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  }
  return Number(value);
}

function traceHelp(): string {
  return `${pc.bold('Scenarios')}\n${scenarioList(SCENARIOS)}\n\nRun one:  npx tcplab trace normal-close   (add --profile linux, --set mslMs=1000, --mermaid, --json)`;
}

function parseScore(value: string): number {
  // Number('') is 0 and Number('0x10') is 16: only plain decimals are scores.
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) throw new UsageError(`--min-score ${shown(value)}: expected a number ≥ 0`);
  return n;
}

function parsePercent(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n > 100) throw new UsageError(`--min-percent ${shown(value)}: expected a number from 0 to 100`);
  return n;
}

function gradeAllJobs(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) throw new UsageError(`--jobs ${shown(value)}: expected a whole number from 1 to 256`);
  return n;
}

/** Set by commands that finish with a code other than 0 (a grade below --min-score). */
let exitCode = 0;

/** Whether this process is the command itself (not a test calling main), and so owns Ctrl+C. */
let ownsSignals = false;

/** Ctrl+C ends a command that runs a submission's code at once, with nothing left behind (./interrupt.ts). */
async function interruptible(): Promise<void> {
  if (ownsSignals) (await import('./interrupt.js')).exitOnInterrupt();
}

export function buildProgram(out: (text: string) => void): Command {
  const program = new Command('tcplab')
    .usage('[command] [options]')
    .description('tcp-lab: TCP connection management, from the three-way handshake to TIME-WAIT')
    .showHelpAfterError('(run tcplab --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => process.stderr.write(s) });

  program
    .command('catalogue')
    .description('list every transition of the state machine the engine knows')
    .option('--json', 'print the entries as a JSON array')
    .action((opts: { json?: boolean }) => {
      out(opts.json ? JSON.stringify(CATALOGUE, null, 2) : catalogueTable(CATALOGUE));
    });

  program
    .command('trace')
    .description('run a scenario on the reference engine and draw it')
    .argument('[scenario]', 'scenario name (omit to list them)')
    .addOption(new Option('--profile <name>', 'configuration profile').choices([...PROFILE_NAMES]).default('rfc'))
    .option('--set <key=value>', 'override one configuration key (repeatable)', collectSetting, {})
    .option('--seed <n>', 'seed for the simulated network', parseSeed, 1)
    .option('--json', 'print the trace as JSON (tcplab.trace/1)')
    .option('--mermaid', 'print a Mermaid sequence diagram')
    .action((name: string | undefined, opts: { profile: string; set: Partial<Config>; seed: number; json?: boolean; mermaid?: boolean }) => {
      if (name === undefined) return out(traceHelp());
      if (!findScenario(name)) {
        throw new UsageError(`unknown scenario '${name}'. Known scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`);
      }
      if (opts.json && opts.mermaid) throw new UsageError('choose one of --json and --mermaid');
      if (!isProfileName(opts.profile)) throw new UsageError(`unknown profile '${opts.profile}'`);
      const trace = runScenario(name, { modules: reference, profile: opts.profile, overrides: opts.set, seed: opts.seed });
      if (opts.json) return out(JSON.stringify(trace, null, 2));
      if (opts.mermaid) return out(mermaidDiagram(trace.steps));
      const header = pc.bold(`${name} · profile ${trace.profile} · seed ${trace.seed}`);
      const scenario = findScenario(name)!;
      const parts = [header, pc.dim(scenario.summary), '', textDiagram(trace.steps)];
      if (connectionOf(trace.steps, 1)) parts.push('', pc.dim('(the diagram shows the first connection only)'));
      if (trace.ss) parts.push('', pc.bold('ss -tan at the end:'), ssListing(trace.ss));
      out(parts.join('\n'));
    });

  program
    .command('lesson')
    .description('read a lesson in the terminal')
    .argument('<n>', 'lesson number or name, e.g. 5 or 05-time-wait')
    .option('--lang <lang>', 'en or zh-CN', parseLang, 'en' as const)
    .action(async (n: string, opts: { lang: 'en' | 'zh-CN' }) => out((await learn()).renderLesson(n, opts.lang)));

  program
    .command('quiz')
    .description("take a lesson's quiz (prints questions and answers when not on a terminal)")
    .argument('<n>', 'lesson number or name')
    .option('--lang <lang>', 'en or zh-CN', parseLang, 'en' as const)
    .action(async (n: string, opts: { lang: 'en' | 'zh-CN' }) => { exitCode = await (await learn()).takeQuiz(n, opts.lang, out); });

  // What any report takes; `check` (the recorded public packs) has no seed and no --exercise (its argument).
  const reportOptions = (cmd: Command): Command => cmd
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('table'))
    .option('--out <file>', 'write the report to a file instead of the terminal')
    .option('--min-score <score>', 'exit with 1 when the score is lower', parseScore)
    .option('--min-percent <percent>', 'exit with 1 when the score is a lower share of the most it can be', parsePercent)
    .option('--rubric <file>', 'weights, exercises to count and what students see (YAML)');
  const gradeOptions = (cmd: Command): Command => reportOptions(cmd
    .option('--seed <n>', 'seed of the hidden suite', parseSeed, 42)
    .option('--exercise <id>', 'grade one exercise only (01 to 08, or its name)'));

  gradeOptions(program
    .command('grade', { hidden: !INSTRUCTOR })
    .description('grade a submission: a copy of the kit, its exercises/ folder, or solutions/')
    .argument('<dir>', 'the submission')
    .option('--hidden', 'use the hidden suite (instructors)')
    .option('--no-sandbox', "run the submission's code in this process (only for code you trust)"))
    .action(async (dir: string, opts: GradeFlags, cmd: Command) => {
      await interruptible();
      exitCode = await (await grading()).runGrade(dir, { ...opts, seedGiven: cmd.getOptionValueSource('seed') === 'cli' }, out);
    });

  program
    .command('grade-all', { hidden: !INSTRUCTOR })
    .description('grade a class (one folder, .zip or .tar.gz per student) into a results folder: gradebook, per-student reports and feedback')
    .argument('<dir>', 'folder of submissions')
    .requiredOption('--out <folder>', 'the results folder (made if missing; an earlier one is resumed)')
    .option('--jobs <n>', 'submissions graded at once (default: the number of cores)', (v: string) => gradeAllJobs(v))
    .option('--hidden', 'use the hidden suite')
    .option('--seed <n>', 'seed of the hidden suite', parseSeed, 42)
    .option('--rubric <file>', 'weights, exercises to count and what students see (YAML)')
    .option('--exercise <id>', 'grade one exercise only (01 to 08, or its name)')
    .option('--force', 'grade again the submissions already graded whose files have not changed')
    .option('--shard <k/n>', 'grade the K-th of N shares of the class (then: tcplab gradebook merge)')
    .option('--no-sandbox', "run the submissions' code in this process (only for code you trust)")
    .action(async (dir: string, opts: GradeAllFlags, cmd: Command) => {
      exitCode = await (await import('./commands/grade-all.js')).runGradeAll(dir, { ...opts, seedGiven: cmd.getOptionValueSource('seed') === 'cli' }, out);
    });

  program
    .command('gradebook', { hidden: !INSTRUCTOR })
    .description('results folders of grade-all')
    .command('merge')
    .description('join the results of grade-all shards into the folder one run would have written')
    .argument('<results...>', 'results folders (grade-all --out)')
    .requiredOption('--out <folder>', 'the merged results folder')
    .action(async (results: string[], opts: { out: string }) => {
      exitCode = (await import('./commands/gradebook-merge.js')).runMerge(results, opts, out);
    });

  program
    .command('report')
    .description('render a saved JSON report (check or grade --format json) in another format: markdown, annotations for GitHub, junit, …')
    .argument('<report>', 'the report, e.g. tcplab-report.json')
    .addOption(new Option('--format <format>', 'output format').choices([...REPORT_FORMATS]).default('table'))
    .option('--out <file>', 'write to a file instead of the terminal')
    .option('--min-score <score>', 'exit with 1 when the score is lower', parseScore)
    .option('--min-percent <percent>', 'exit with 1 when the score is a lower share of the most it can be', parsePercent)
    .option('--rubric <file>', "show a hidden report as the rubric's visibility lets students see it")
    .action(async (report: string, opts: ReportFlags) => {
      exitCode = (await import('./commands/report.js')).runReport(report, opts, out);
    });

  program
    .command('status')
    .description('where you are: every exercise with its public-check score, and what to do next')
    .action(async () => {
      await interruptible();
      const [{ publicCheck }, { statusLines }] = await Promise.all([import('./grading.js'), import('./commands/status.js')]);
      out(statusLines(await publicCheck('exercises')).join('\n'));
    });

  program
    .command('watch')
    .description('run the public checks again on every save (Ctrl+C to stop)')
    .argument('[exercise]', 'one exercise, e.g. 04')
    .action(async (exercise: string | undefined) => {
      exitCode = await (await import('./commands/watch.js')).runWatch(exercise, out);
    });

  program
    .command('hint')
    .description('the next hint for the first transition your exercise fails (run again for the next level)')
    .argument('<exercise>', 'the exercise, e.g. 04')
    .option('--lang <lang>', 'en or zh-CN', parseLang, 'en' as const)
    .option('--reset', 'start again from the first hint')
    .action(async (exercise: string, opts: { lang: 'en' | 'zh-CN'; reset?: boolean }) => {
      await interruptible();
      exitCode = await (await import('./commands/hint.js')).runHint(exercise, opts, out);
    });

  reportOptions(program
    .command('check')
    .description('run the recorded public checks on your exercises/ and draw each first failure')
    .argument('[exercise]', 'one exercise, e.g. 04'))
    .option('--json', 'print the report as JSON')
    .action(async (exercise: string | undefined, opts: GradeFlags & { json?: boolean }) => {
      await interruptible();
      // The packs were recorded with the public seed; there is no other to choose.
      exitCode = await (await grading()).runGrade('exercises', { ...opts, seed: PUBLIC_SEED, ...(exercise !== undefined ? { exercise } : {}), format: opts.json ? 'json' : opts.format, packs: true, sandbox: false }, out);
    });

  program
    .command('export-student', { hidden: !INSTRUCTOR })
    .description("write the kit as students get it: no reference source, no hidden checks, no generator")
    .argument('<outdir>', 'a new or empty folder outside the kit')
    .option('--min-percent <percent>', "the share of the public checks below which the kit's GitHub workflow fails (default 0: it never fails on the score)", parsePercent)
    .action(async (outdir: string, opts: { minPercent?: number }) => {
      const exported = await instructorModule<StudentExport>('../kit/export-student.js', 'export-student');
      try {
        const files = await exported.exportStudent(outdir, opts.minPercent !== undefined ? { minPercent: opts.minPercent } : {});
        out([
          `${files} files written to ${outdir}. Left out:`,
          ...exported.LEFT_OUT.map((l) => `  ${l.path}: ${l.why}`),
          'Give students that folder (it installs and runs on its own: npm install && npm start).',
        ].join('\n'));
      } catch (e) {
        if (e instanceof exported.ExportError) throw new UsageError(e.message);
        throw e;
      }
    });

  program
    .command('gradescope-bundle', { hidden: !INSTRUCTOR })
    .description("write the autograder zip for Gradescope (setup.sh, run_autograder, this kit): each submission gets the hidden grade")
    .argument('<zip>', 'the file to write, e.g. autograder.zip')
    .option('--seed <n>', 'seed of the hidden suite the autograder runs', parseSeed, 42)
    .option('--rubric <file>', 'exercises that count, weights, and what students see (YAML)')
    .option('--public', 'grade with the public checks (those students have) instead of the hidden suite')
    .action(async (zip: string, opts: { seed: number; rubric?: string; public?: boolean }, cmd: Command) => {
      const bundle = await instructorModule<GradescopeBundle>('../kit/gradescope-bundle.js', 'gradescope-bundle');
      try {
        const seedGiven = cmd.getOptionValueSource('seed') === 'cli';
        if (opts.public && seedGiven) throw new UsageError(`--seed ${opts.seed}: the public checks have one fixed seed; leave out --public to grade with seed ${opts.seed}`);
        const files = bundle.gradescopeBundle(zip, { seed: opts.seed, ...(opts.rubric !== undefined ? { rubric: opts.rubric } : {}), ...(opts.public ? { public: true } : {}) });
        out(`${zip}: ${files} files (setup.sh, run_autograder, the kit under kit/); ${opts.public ? 'public checks' : `hidden suite seed ${opts.seed}`}${opts.rubric ? `, rubric ${opts.rubric}` : ''}.\nUpload it as the autograder of a Gradescope programming assignment.`);
      } catch (e) {
        if (e instanceof bundle.BundleError) throw new UsageError(e.message);
        throw e;
      }
    });

  program.argument('[words...]').action(async (words: string[]) => {
    if (words.length === 0 && interactiveTerminal()) {
      exitCode = await menu(out);
      return;
    }
    if (words.length > 0) {
      const names = program.commands.filter((c) => INSTRUCTOR || !INSTRUCTOR_ONLY.has(c.name())).map((c) => c.name()).join(', ');
      throw new UsageError(`unknown command '${words[0]}'. Commands: ${names} (tcplab --help for more)`);
    }
    out(`${pc.bold('tcp-lab')}: TCP connection management, step by step.\n\n${pc.bold('Start here')}\n  Read lesson 1:    npx tcplab lesson 1   (--lang zh-CN for Chinese)\n  Take its quiz:    npx tcplab quiz 1\n  Then exercise 01: exercises/01-sequence-numbers/README.md\n  Test your work:   npm run test:exercises -- 01   and   npx tcplab check 01\n  Stuck:            npx tcplab hint 01   (again for the next hint)\n\n${traceHelp()}\n\nAll transitions:  npx tcplab catalogue\nAll commands:     npx tcplab --help`);
  });
  return program;
}

const interactiveTerminal = (): boolean => Boolean(process.stdout.isTTY && process.stdin.isTTY) && process.env['CI'] !== 'true';

/** The menu (`tcplab` on a terminal): inquirer asks, and each choice runs as the command a student could type. */
async function menu(out: (text: string) => void): Promise<number> {
  const [{ select }, { runMenu }, { publicCheck }] = await Promise.all([import('@inquirer/prompts'), import('./commands/menu.js'), import('./grading.js')]);
  try {
    return await runMenu({
      choose: (message, choices) => select({ message, choices, pageSize: choices.length }),
      out,
      run: async (args) => {
        const code = await main(args, out);
        out('');
        return code;
      },
      progress: () => publicCheck('exercises'),
    });
  } catch (e) {
    // Ctrl+C at a question ends the menu, as it ends any command.
    if (e instanceof Error && e.name === 'ExitPromptError') return 0;
    throw e;
  }
}

/** Run the CLI with these arguments; returns the exit code instead of exiting, so tests can call it. */
/** Run the command in `argv`; `asCommand` when this process is the `tcplab` command itself (it then handles Ctrl+C). */
export async function main(argv: readonly string[], out: (text: string) => void = (t) => console.log(t), asCommand = false): Promise<number> {
  ownsSignals = asCommand;
  try {
    exitCode = 0;
    await buildProgram(out).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? 0 : 2;
    }
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`tcplab: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`tcplab: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 3;
  }
}

// `tsx grader/cli/main.ts` (npm start); the installed binary goes through bin.js, which calls main().
const invokedDirectly = process.argv[1] !== undefined && /[\\/]grader[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2), undefined, true);
}
