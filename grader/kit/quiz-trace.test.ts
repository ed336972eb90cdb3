/**
 * "Predict the trace" questions: a quiz question whose ask names a `./tcplab trace ...` command is
 * answered by what that command shows. Each one is listed below with what each of its choices claims
 * and how to read the claim off the trace. The test runs the command the ask gives (through the CLI,
 * with --json), reads the trace, and requires that exactly the marked choice claims what the trace
 * shows, in both languages; each choice must also name its claim (the words listed for it), so the
 * table cannot drift from the quiz text. A changed engine or a wrong answer fails here.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import type { Trace, TraceStep } from '../sim/trace.js';
import { LANGS, lessonNames, loadQuiz, type Lang } from './lessons.js';

interface Claim {
  /** What the choice says the trace shows, in the form `read` returns. */
  value: string;
  /** Words the choice must contain, per language. */
  words: Record<Lang, string[]>;
}

interface TraceQuestion {
  lesson: string;
  id: string;
  /** What the trace shows, in the form of the claims. */
  read: (trace: Trace) => string;
  /** One claim per choice, in the quiz's order. */
  claims: Claim[];
}

const same = (...words: string[]): Record<Lang, string[]> => ({ en: words, 'zh-CN': words });
const claim = (value: string, words: Record<Lang, string[]>): Claim => ({ value, words });

/** The segments put on the wire from time `from` on, in order. */
const sentFrom = (trace: Trace, from: number): string[] =>
  trace.steps.filter((s) => s.t >= from).flatMap((s) => s.sent.map((g) => `${s.side} ${g.flags.join(',')}`));

const stepsOf = (trace: Trace, side: string): TraceStep[] => trace.steps.filter((s) => s.side === side);

const QUESTIONS: TraceQuestion[] = [
  {
    lesson: '03-handshake-failures',
    id: 'linux-syn-timeline',
    // When the client gives up: its step into CLOSED.
    read: (trace) => String(stepsOf(trace, 'client').find((s) => s.to === 'CLOSED' && s.from === 'SYN-SENT')?.t),
    claims: [
      claim('67000', same('67000')),
      claim('131000', same('131000')),
      claim('127000', same('127000')),
      claim('240000', same('240000')),
    ],
  },
  {
    lesson: '04-four-way-close',
    id: 'trace-linux-close',
    // Segments from the client's CLOSE to the end, and when the server's bare ACK of the FIN left.
    read: (trace) => {
      const close = stepsOf(trace, 'client').find((s) => s.event === 'CLOSE')!;
      const ack = stepsOf(trace, 'server').find(
        (s) => s.t > close.t && s.sent.some((g) => g.flags.join(',') === 'ACK'),
      );
      return `${sentFrom(trace, close.t).length} segments, bare ACK at ${ack?.t ?? 'none'}`;
    },
    claims: [
      claim('3 segments, bare ACK at none', { en: ['3 segments'], 'zh-CN': ['3 个报文段'] }),
      claim('4 segments, bare ACK at 85', { en: ['4 segments', '85 ms'], 'zh-CN': ['4 个报文段', '85 ms'] }),
      claim('5 segments, bare ACK at 50', { en: ['5 segments'], 'zh-CN': ['5 个报文段'] }),
      claim('2 segments, bare ACK at none', { en: ['2 segments'], 'zh-CN': ['2 个报文段'] }),
    ],
  },
  {
    lesson: '05-time-wait',
    id: 'trace-who-waits',
    // Every host that entered TIME-WAIT, with the time it reached CLOSED.
    read: (trace) =>
      ['client', 'server']
        .filter((side) => stepsOf(trace, side).some((s) => s.to === 'TIME-WAIT'))
        .map((side) => `${side} ${stepsOf(trace, side).find((s) => s.from === 'TIME-WAIT' && s.to === 'CLOSED')?.t}`)
        .join(', '),
    claims: [
      claim('server 240105', { en: ['server', '240105'], 'zh-CN': ['服务器', '240105'] }),
      claim('client 240100', { en: ['client', '240100'], 'zh-CN': ['客户端', '240100'] }),
      claim('client 240100, server 240105', {
        en: ['client', 'server', '240100', '240105'],
        'zh-CN': ['客户端', '服务器', '240100', '240105'],
      }),
      claim('client 105', { en: ['client', '105 ms'], 'zh-CN': ['客户端', '105 ms'] }),
    ],
  },
  {
    lesson: '06-close-wait',
    id: 'trace-close-wait-leak',
    // The `ss -tan` listing at the end, LISTEN left out: how many sockets of each host in each state.
    read: (trace) => {
      const count = new Map<string, number>();
      for (const row of trace.ss ?? []) {
        if (row.state !== 'LISTEN')
          count.set(`${row.host} ${row.state}`, (count.get(`${row.host} ${row.state}`) ?? 0) + 1);
      }
      return [...count]
        .map(([key, n]) => `${n} ${key}`)
        .sort()
        .join(', ');
    },
    claims: [
      claim('40 client TIME-WAIT', same('40', 'TIME-WAIT')),
      claim('40 client TIME-WAIT, 40 server LAST-ACK', same('40', 'LAST-ACK', 'TIME-WAIT')),
      claim('40 server CLOSE-WAIT', same('40', 'CLOSE-WAIT')),
      claim('40 client FIN-WAIT-2, 40 server CLOSE-WAIT', same('40', 'CLOSE-WAIT', 'FIN-WAIT-2')),
    ],
  },
  {
    lesson: '07-keepalive',
    id: 'detect-time',
    // When the client gives up on the keepalive timer, and what it sends then.
    read: (trace) => {
      const end = stepsOf(trace, 'client').find((s) => s.event === 'timeout keepalive' && s.to === 'CLOSED')!;
      return `${end.t} ${end.sent.map((g) => g.flags.join(',')).join(' ') || 'nothing'}`;
    },
    claims: [
      claim('7200010 FIN', same('7200010', 'FIN')),
      claim('7275010 nothing', same('7275010')),
      claim('7875010 RST', same('7875010', 'RST')),
      claim('64800010 nothing', same('64800010')),
    ],
  },
  {
    lesson: '08-resets',
    id: 'trace-rst-attack',
    // What the server does with the forged RST: the state it is in after it, and what it sends.
    read: (trace) => {
      const step = stepsOf(trace, 'server').find((s) => s.segment?.injected && s.segment.flags.includes('RST'))!;
      const sent = step.sent.map(
        (g) => `${g.flags.join(',')} seq=${g.seq}${g.flags.includes('ACK') ? ` ack=${g.ack}` : ''}`,
      );
      return `${step.to}${sent.length > 0 ? `, sends ${sent.join(' ')}` : ''}`;
    },
    claims: [
      claim('CLOSED', same('CLOSED')),
      claim('ESTABLISHED, sends ACK seq=5001 ack=1001', same('ESTABLISHED', 'ACK seq=5001 ack=1001')),
      claim('ESTABLISHED', same('ESTABLISHED')),
      claim('CLOSED, sends RST seq=1001', same('CLOSED', 'RST seq=1001')),
    ],
  },
];

/** The `tcplab trace` arguments an ask names: `./tcplab trace NAME [--profile P] [--set K=V]...`. */
function commandOf(ask: string): string[] | undefined {
  const m = /`\.\/tcplab (trace [^`]+)`/.exec(ask);
  return m ? m[1]!.trim().split(/\s+/) : undefined;
}

async function runTrace(argv: string[]): Promise<Trace> {
  let out = '';
  const code = await main([...argv, '--json'], (text) => {
    out += text;
  });
  expect(code, `./tcplab ${argv.join(' ')} --json`).toBe(0);
  return JSON.parse(out) as Trace;
}

describe('predict-the-trace questions', () => {
  it('are spread over at least four lessons, and every quiz question that names a trace is one of them', () => {
    expect(new Set(QUESTIONS.map((q) => q.lesson)).size).toBeGreaterThanOrEqual(4);
    for (const lang of LANGS) {
      for (const lesson of lessonNames('en')) {
        const named = loadQuiz(lang, lesson)
          .questions.filter((q) => commandOf(q.ask))
          .map((q) => q.id);
        expect(named, `${lang} ${lesson}`).toEqual(QUESTIONS.filter((q) => q.lesson === lesson).map((q) => q.id));
      }
    }
  });

  for (const tq of QUESTIONS) {
    it(`${tq.lesson} '${tq.id}': the marked choice is what the trace shows`, async () => {
      const quiz = Object.fromEntries(
        LANGS.map((lang) => [lang, loadQuiz(lang, tq.lesson).questions.find((q) => q.id === tq.id)]),
      );
      const argv = commandOf(quiz.en!.ask);
      expect(argv?.[0], `${tq.id}: the ask names no \`./tcplab trace ...\` command`).toBe('trace');
      const shown = tq.read(await runTrace(argv!));

      expect(new Set(tq.claims.map((c) => c.value)).size, 'two choices claim the same thing').toBe(tq.claims.length);
      expect(
        tq.claims.filter((c) => c.value === shown).length,
        `the trace shows '${shown}', which no choice (or more than one) claims`,
      ).toBe(1);
      for (const lang of LANGS) {
        const q = quiz[lang]!;
        expect(commandOf(q.ask), `${lang}: the same command in both languages`).toEqual(argv);
        expect(q.choices.length).toBe(tq.claims.length);
        expect(
          tq.claims[q.answer - 1]!.value,
          `${lang}: the marked choice (${q.answer}) is not what the trace shows`,
        ).toBe(shown);
        q.choices.forEach((choice, i) => {
          for (const word of tq.claims[i]!.words[lang])
            expect(choice, `${lang} choice ${i + 1} should name '${word}'`).toContain(word);
        });
      }
    }, 30_000);
  }
});
