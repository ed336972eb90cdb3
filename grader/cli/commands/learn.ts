/** `tcplab lesson N` and `tcplab quiz N`: read a lesson in the terminal, take its quiz. */
import { select } from '@inquirer/prompts';
import { Marked } from 'marked';
import { markedTerminal } from 'marked-terminal';
import pc from 'picocolors';
import { findLesson, lessonNames, loadLesson, loadQuiz, type Lang } from '../../kit/lessons.js';

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
  if (!tty) return lesson.text;
  const marked = new Marked();
  marked.use(markedTerminal({ reflowText: false, width: Math.min(process.stdout.columns || 100, 110) }));
  // Anchors are for links on GitHub; in a terminal they are noise. Mermaid shows as plain text.
  const text = lesson.text.replace(/^<a id="[^"]*"><\/a>\n/gm, '').replace(/^```(mermaid|text)\s*$/gm, '```');
  return String(marked.parse(text));
}

/** Take the quiz: interactively on a terminal, else print every question with its answer and reason. */
export async function runQuiz(key: string, lang: Lang, out: (text: string) => void): Promise<void> {
  const name = lessonName(key, lang);
  const { questions, problems } = loadQuiz(lang, name);
  if (problems.length > 0) {
    throw new LearnError(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
  }
  const lesson = loadLesson(lang, name);
  out(pc.bold(`${lesson.title}: ${questions.length} questions`));
  let right = 0;
  for (const [i, q] of questions.entries()) {
    const correct = q.choices[q.answer - 1]!;
    if (!interactive()) {
      out(`\n${i + 1}. ${q.ask}`);
      q.choices.forEach((c, j) => out(`   ${j + 1}) ${c}`));
      out(`   answer: ${q.answer}) ${correct}\n   why: ${q.why}`);
      continue;
    }
    const choice = await select({ message: `${i + 1}. ${q.ask}`, choices: q.choices.map((c, j) => ({ name: c, value: j + 1 })) });
    if (choice === q.answer) {
      right++;
      out(pc.green(`   right. ${q.why}`));
    } else {
      out(pc.red(`   not quite: the answer is "${correct}". ${q.why}`));
      out(pc.dim(`   read again: lessons/${lang}/${name}.md#${q.section}`));
    }
  }
  if (interactive()) out(pc.bold(`\n${right} of ${questions.length} right.`));
}
