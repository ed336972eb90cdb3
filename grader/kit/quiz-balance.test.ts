/**
 * A quiz must not be answerable without the lesson. Two habits give answers away: writing the right
 * choice as the longest one, and putting it in the same place. Over every quiz of the kit, in each
 * language:
 * - the right choice is the longest (no other choice is longer; a tie counts as longest) in at most
 *   40% of the questions, with length measured two ways, both held: characters (code points), and
 *   terminal columns, where a CJK or fullwidth character takes two (what a zh-CN reader sees);
 * - no position (first, second, ...) holds more than 40% of the right answers;
 * - within each quiz, no position holds more than half of that quiz's right answers.
 */
import { describe, expect, it } from 'vitest';
import { LANGS, lessonNames, loadQuiz, type Lang, type Question } from './lessons.js';

const LIMIT = 0.4;

/** Terminal columns: East Asian wide and fullwidth characters take two. */
function columns(text: string): number {
  let n = 0;
  for (const ch of text) {
    n +=
      /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(
        ch,
      )
        ? 2
        : 1;
  }
  return n;
}

const characters = (text: string): number => [...text].length;

/** The right choice is a longest one: no other choice is longer. */
function rightIsLongest(q: Question, length: (text: string) => number): boolean {
  const right = length(q.choices[q.answer - 1]!);
  return q.choices.every((c) => length(c) <= right);
}

function quizzes(lang: Lang): { name: string; questions: Question[] }[] {
  return lessonNames('en').map((name) => ({ name, questions: loadQuiz(lang, name).questions }));
}

describe('quiz balance', () => {
  for (const lang of LANGS) {
    const all = quizzes(lang).flatMap(({ name, questions }) => questions.map((q) => ({ name, q })));

    for (const [measure, length] of [
      ['characters', characters],
      ['terminal columns', columns],
    ] as const) {
      it(`${lang}: the right choice is the longest in at most 40% of questions (${measure})`, () => {
        const longest = all.filter(({ q }) => rightIsLongest(q, length));
        const share = longest.length / all.length;
        expect(
          share,
          `${longest.length} of ${all.length}: ${longest.map(({ name, q }) => `${name}#${q.id}`).join(', ')}`,
        ).toBeLessThanOrEqual(LIMIT);
      });
    }

    it(`${lang}: no position holds more than 40% of the right answers`, () => {
      const count = new Map<number, number>();
      for (const { q } of all) count.set(q.answer, (count.get(q.answer) ?? 0) + 1);
      const over = [...count]
        .filter(([, n]) => n / all.length > LIMIT)
        .map(([pos, n]) => `position ${pos}: ${n} of ${all.length}`);
      expect(over).toEqual([]);
    });

    it(`${lang}: within each quiz, no position holds more than half of the right answers`, () => {
      const over = quizzes(lang).flatMap(({ name, questions }) => {
        const count = new Map<number, number>();
        for (const q of questions) count.set(q.answer, (count.get(q.answer) ?? 0) + 1);
        return [...count]
          .filter(([, n]) => n > questions.length / 2)
          .map(([pos, n]) => `${name}: position ${pos} in ${n} of ${questions.length}`);
      });
      expect(over).toEqual([]);
    });
  }
});
