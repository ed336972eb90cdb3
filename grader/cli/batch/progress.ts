/**
 * How grade-all shows its progress, on stderr: on a terminal a bar with the count and the time left
 * (cli-progress); elsewhere (CI, a log file) one plain line per submission. Every submission is
 * counted, whether graded, skipped as unchanged, or with nothing to grade.
 */
import { Presets, SingleBar } from 'cli-progress';
import { inert } from '../../report/inert.js';

export interface Progress {
  start(total: number): void;
  /** One submission done: its id and what became of it, in a few words. */
  done(student: string, outcome: string): void;
  /** A line to show above the bar (or plainly). */
  say(line: string): void;
  stop(): void;
}

export function progressOn(stream: NodeJS.WriteStream): Progress {
  let total = 0;
  let count = 0;
  if (!stream.isTTY || process.env['CI'] === 'true') {
    return {
      start: (n) => {
        total = n;
      },
      done: (student, outcome) => {
        count += 1;
        stream.write(`[${count}/${total}] ${inert(student)}: ${inert(outcome)}\n`);
      },
      say: (line) => {
        stream.write(`${line}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    {
      stream,
      format: 'grading {bar} {value}/{total} · {eta_formatted} left · {last}',
      etaBuffer: 20,
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  return {
    start: (n) => {
      total = n;
      bar.start(total, 0, { last: '' });
    },
    done: (student, outcome) => {
      count += 1;
      bar.update(count, { last: `${inert(student)}: ${inert(outcome)}`.slice(0, 60) });
    },
    say: (line) => {
      bar.stop();
      stream.write(`${line}\n`);
      bar.start(total, count, { last: '' });
    },
    stop: () => bar.stop(),
  };
}
