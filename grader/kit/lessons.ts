/**
 * Lessons and quizzes as data: sections (with their anchors), code blocks, the `tcplab` commands a
 * lesson tells students to run (the Markdown read with marked's lexer), and quizzes validated with a
 * schema. Problems carry file and line.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { markdownBlocks } from '../report/markdown-blocks.js';
import { KIT as ROOT } from '../runner/kit.js';

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

export interface Section {
  id: string;
  heading: string;
  line: number;
}

export interface CodeBlock {
  lang: string;
  text: string;
  line: number;
}

export interface Lesson {
  file: string;
  title: string;
  sections: Section[];
  blocks: CodeBlock[];
  /** `./tcplab ...` commands (or `.\tcplab`, `npx tcplab`), as argument lists, with the line they are on. */
  commands: { argv: string[]; line: number }[];
  text: string;
}

export function lessonDir(lang: Lang): string {
  return join(ROOT, 'lessons', lang);
}

/** Lesson base names (`01-sequence-numbers`) in course order. */
export function lessonNames(lang: Lang = 'en'): string[] {
  return readdirSync(lessonDir(lang))
    .filter((f) => /^\d\d-.*\.md$/.test(f))
    .map((f) => f.replace(/\.md$/, ''))
    .sort();
}

/** The lesson for a number (`3`, `03`) or a name. */
export function findLesson(key: string, lang: Lang = 'en'): string | undefined {
  const n = key.padStart(2, '0');
  return lessonNames(lang).find((name) => name === key || name.startsWith(`${n}-`));
}

/**
 * A tcplab command in a lesson: the kit's launcher as students type it (`./tcplab`, PowerShell's
 * `.\tcplab`) or through npx, so that no command a lesson shows goes unchecked, whichever way it
 * is written; the arguments run to the end of the code span or line.
 */
export const TCPLAB_COMMAND = /(?<![\w./\\])(?:npx |\.[/\\])tcplab ([^`\n]*)/g;

/** The `<a id="…"></a>` line GitHub links a section by, just before its heading. */
const ANCHOR = /^<a id="([a-z0-9-]+)"><\/a>\s*$/;

export function loadLesson(lang: Lang, name: string): Lesson {
  const file = join(lessonDir(lang), `${name}.md`);
  const text = readFileSync(file, 'utf8');
  const lesson: Lesson = { file, title: '', sections: [], blocks: [], commands: [], text };
  const blocks = markdownBlocks(text);
  for (const [i, { token, line }] of blocks.entries()) {
    if (token.type === 'heading' && token.depth === 1 && !lesson.title) {
      lesson.title = token.text.trim();
    } else if (token.type === 'heading' && token.depth === 2) {
      const before = blocks[i - 1]?.token;
      const anchor = before?.type === 'paragraph' ? ANCHOR.exec(before.raw) : null;
      lesson.sections.push({ id: anchor?.[1] ?? '', heading: token.text.trim(), line });
    } else if (token.type === 'code' && token.codeBlockStyle !== 'indented') {
      lesson.blocks.push({ lang: token.lang ?? '', text: token.text === '' ? '' : `${token.text}\n`, line });
    }
  }
  // Commands are found wherever the text names one: in prose, code spans and code blocks alike.
  for (const [i, line] of text.split('\n').entries()) {
    for (const m of line.matchAll(TCPLAB_COMMAND)) {
      const argv = m[1]!
        .replace(/\s+#.*$/, '')
        .trim()
        .split(/\s+/)
        .filter(Boolean);
      lesson.commands.push({ argv, line: i + 1 });
    }
  }
  return lesson;
}

/**
 * A lesson as a reader sees it outside GitHub (a terminal, a pager): without the `<a id="…"></a>`
 * anchors that give its sections their links, each removed with its line.
 */
export function withoutAnchors(text: string): string {
  return text
    .replace(/^[ \t]*<a (?:id|name)="[^"]*"><\/a>[ \t]*\r?\n/gm, '')
    .replace(/<a (?:id|name)="[^"]*"><\/a>/g, '');
}

const QuestionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lower-case words joined by -'),
    ask: z.string().min(10),
    choices: z.array(z.string().min(1)).min(2).max(6),
    answer: z.number().int().min(1),
    why: z.string().min(20),
    section: z.string().min(1),
  })
  .strict();

const QuizSchema = z.object({ questions: z.array(QuestionSchema).min(4).max(8) }).strict();

export type Question = z.infer<typeof QuestionSchema>;

export interface QuizProblem {
  file: string;
  line: number;
  message: string;
}

/** Parse and validate a quiz; every problem names the file, the line and the field. */
export function loadQuiz(lang: Lang, name: string): { questions: Question[]; problems: QuizProblem[] } {
  const file = join(lessonDir(lang), `${name}.quiz.yaml`);
  if (!existsSync(file)) return { questions: [], problems: [{ file, line: 1, message: 'quiz file is missing' }] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
  const problems: QuizProblem[] = doc.errors.map((e) => ({
    file,
    line: e.linePos?.[0]?.line ?? 1,
    message: e.message,
  }));
  if (problems.length > 0) return { questions: [], problems };
  const lineOf = (path: (string | number)[]): number => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  };
  const parsed = QuizSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      problems.push({ file, line: lineOf(path), message: `${path.join('.') || '(top)'}: ${issue.message}` });
    }
    return { questions: [], problems };
  }
  parsed.data.questions.forEach((q, i) => {
    if (q.answer > q.choices.length) {
      problems.push({
        file,
        line: lineOf(['questions', i, 'answer']),
        message: `questions.${i}.answer: ${q.answer} but only ${q.choices.length} choices`,
      });
    }
  });
  return { questions: parsed.data.questions, problems };
}
