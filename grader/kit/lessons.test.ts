/**
 * Lessons are checked like code: both languages have the same lessons, sections and quizzes; every
 * `npx tcplab` command a lesson gives runs; every quiz has one right answer with its reason; every
 * Mermaid block is valid for the subset the lessons use.
 */
import { describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.js';
import { EXERCISES } from '../engine/exercises.js';
import { lessonNames, loadLesson, loadQuiz } from './lessons.js';
import { checkMermaid } from './mermaid.js';

const names = lessonNames('en');

describe('lessons', () => {
  it('exist in both languages, one per exercise, with a quiz each', () => {
    expect(lessonNames('zh-CN')).toEqual(names);
    expect(names).toEqual(EXERCISES.map((e) => e.id));
  });

  for (const name of names) {
    describe(name, () => {
      const en = loadLesson('en', name);
      const zh = loadLesson('zh-CN', name);

      it('has an anchor on every section, the same sections in both languages, why first and summary last', () => {
        for (const lesson of [en, zh]) {
          const missing = lesson.sections
            .filter((s) => !s.id)
            .map((s) => `${lesson.file}:${s.line}: '## ${s.heading}' has no <a id> above it`);
          expect(missing).toEqual([]);
          const ids = lesson.sections.map((s) => s.id);
          expect(ids[0]).toBe('why');
          expect(ids.at(-1)).toBe('summary');
          expect(ids).toContain('rfc');
          expect(ids).toContain('try-it');
          expect(new Set(ids).size).toBe(ids.length);
          expect(lesson.title.length, `${lesson.file}: no title`).toBeGreaterThan(2);
        }
        expect(zh.sections.map((s) => s.id)).toEqual(en.sections.map((s) => s.id));
      });

      it('has a text diagram and a Mermaid diagram, and every Mermaid block is valid', () => {
        for (const lesson of [en, zh]) {
          const mermaid = lesson.blocks.filter((b) => b.lang === 'mermaid');
          expect(
            lesson.blocks.some((b) => b.lang === 'text'),
            `${lesson.file}: no text diagram`,
          ).toBe(true);
          expect(mermaid.length, `${lesson.file}: no Mermaid diagram`).toBeGreaterThan(0);
          const problems = mermaid.flatMap((b) =>
            checkMermaid(b.text).map((p) => `${lesson.file}:${b.line + p.line}: ${p.message}`),
          );
          expect(problems).toEqual([]);
        }
      });

      it('gives tcplab commands that run', async () => {
        const commands = [...en.commands, ...zh.commands];
        expect(en.commands.length).toBeGreaterThan(0);
        const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
        try {
          for (const { argv, line } of commands) {
            const code = await main(argv, () => undefined);
            expect(code, `${en.file.includes(name) ? '' : ''}line ${line}: npx tcplab ${argv.join(' ')}`).toBe(0);
          }
        } finally {
          quiet.mockRestore();
        }
      }, 60_000);

      it('has a quiz of 4 to 8 questions, each with one right answer and its reason, the same in both languages', () => {
        const quizEn = loadQuiz('en', name);
        const quizZh = loadQuiz('zh-CN', name);
        expect([...quizEn.problems, ...quizZh.problems].map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
        expect(quizZh.questions.map((q) => [q.id, q.answer, q.choices.length, q.section])).toEqual(
          quizEn.questions.map((q) => [q.id, q.answer, q.choices.length, q.section]),
        );
        const ids = new Set(en.sections.map((s) => s.id));
        for (const q of quizEn.questions) {
          expect(ids.has(q.section), `${name} quiz '${q.id}': no section '${q.section}'`).toBe(true);
          expect(new Set(q.choices).size, `${name} quiz '${q.id}': repeated choices`).toBe(q.choices.length);
        }
      });
    });
  }
});
