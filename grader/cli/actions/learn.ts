/** `tcplab lesson N` and `tcplab quiz N`: read a lesson in the terminal, take its quiz. */
import { select } from '@inquirer/prompts';
import { Marked } from 'marked';
import { markedTerminal } from 'marked-terminal';
import pc from 'picocolors';
import { findLesson, lessonNames, loadLesson, loadQuiz, withoutAnchors, type Lang } from '../../kit/lessons.js';

import { UsageError as LearnError } from '../errors.js';

function lessonName(key: string, lang: Lang): string {
  const name = findLesson(key, lang);
  if (!name) {
    const names = lessonNames(lang);
    throw new LearnError(`no lesson '${key}': use a number from 1 to ${names.length}, or a name: ${names.join(', ')}`);
  }
  return name;
}

const interactive = (): boolean => Boolean(process.stdout.isTTY && process.stdin.isTTY) && process.env['CI'] !== 'true';

/** The lesson, rendered for a terminal (or as plain Markdown when output is not a terminal). */
export function renderLesson(key: string, lang: Lang, tty = Boolean(process.stdout.isTTY)): string {
  const lesson = loadLesson(lang, lessonName(key, lang));
  // Anchors are for links on GitHub; read in a terminal or a pager they are noise.
  const text = withoutAnchors(lesson.text);
  if (!tty) return text;
  const marked = new Marked();
  marked.use(markedTerminal({ reflowText: false, width: Math.min(process.stdout.columns || 100, 110) }));
  // Mermaid shows as plain text.
  return String(marked.parse(text.replace(/^```(mermaid|text)\s*$/gm, '```')));
}

/** The quiz's own words in each language (questions, choices and reasons come from the quiz file). */
const WORDS = {
  en: {
    header: (title: string, n: number) => `${title}: ${n} questions`,
    right: (why: string) => `   right. ${why}`,
    wrong: (correct: string, why: string) => `   not quite: the answer is "${correct}". ${why}`,
    reread: (where: string) => `   read again: ${where}`,
    answer: (n: number, choice: string) => `   answer: ${n}) ${choice}`,
    why: (why: string) => `   why: ${why}`,
    score: (right: number, n: number) => `\n${right} of ${n} right.`,
  },
  'zh-CN': {
    header: (title: string, n: number) => `${title}：共 ${n} 题`,
    right: (why: string) => `   答对了。${why}`,
    wrong: (correct: string, why: string) => `   不对，答案是“${correct}”。${why}`,
    reread: (where: string) => `   再读一遍：${where}`,
    answer: (n: number, choice: string) => `   答案：${n}) ${choice}`,
    why: (why: string) => `   理由：${why}`,
    score: (right: number, n: number) => `\n${n} 题中答对 ${right} 题。`,
  },
} as const;

/** How the quiz asks (a test hands in its own). */
export interface QuizIo {
  interactive: boolean;
  select(question: { message: string; choices: { name: string; value: number }[] }): Promise<number>;
}

/**
 * Take the quiz: interactively on a terminal, else print every question with its answer and reason.
 * Returns the exit code: 0, or 130 when Ctrl+C ended it (quietly: no stack, no score).
 */
export async function takeQuiz(
  key: string,
  lang: Lang,
  out: (text: string) => void,
  io: QuizIo = { interactive: interactive(), select },
): Promise<number> {
  const name = lessonName(key, lang);
  const { questions, problems } = loadQuiz(lang, name);
  if (problems.length > 0) {
    throw new LearnError(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
  }
  const words = WORDS[lang];
  const lesson = loadLesson(lang, name);
  out(pc.bold(words.header(lesson.title, questions.length)));
  let right = 0;
  for (const [i, q] of questions.entries()) {
    const correct = q.choices[q.answer - 1]!;
    if (!io.interactive) {
      out(`\n${i + 1}. ${q.ask}`);
      for (const [j, c] of q.choices.entries()) out(`   ${j + 1}) ${c}`);
      out(`${words.answer(q.answer, correct)}\n${words.why(q.why)}`);
      continue;
    }
    let choice: number;
    try {
      choice = await io.select({
        message: `${i + 1}. ${q.ask}`,
        choices: q.choices.map((c, j) => ({ name: c, value: j + 1 })),
      });
    } catch (e) {
      // Ctrl+C at a question: the student is leaving, as from any command.
      if (e instanceof Error && e.name === 'ExitPromptError') return 130;
      throw e;
    }
    if (choice === q.answer) {
      right++;
      out(pc.green(words.right(q.why)));
    } else {
      out(pc.red(words.wrong(correct, q.why)));
      out(pc.dim(words.reread(`lessons/${lang}/${name}.md#${q.section}`)));
    }
  }
  if (io.interactive) out(pc.bold(words.score(right, questions.length)));
  return 0;
}
