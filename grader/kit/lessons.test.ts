/**
 * Lessons are checked like code: both languages have the same lessons, sections and quizzes; every
 * tcplab command a lesson gives runs, and is written as students type it (`./tcplab`); every quiz has
 * one right answer with its reason; every Mermaid block is valid for the subset the lessons use.
 */
import { describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.js';
import { EXERCISES } from '../engine/exercises.js';
import { lessonNames, loadLesson, loadQuiz, TCPLAB_COMMAND } from './lessons.js';
import { checkMermaid } from './mermaid.js';

const names = lessonNames('en');

describe('lessons', () => {
  it('find a tcplab command however it is written, and nothing that only looks like one', () => {
    const found = (line: string): string[] => [...line.matchAll(TCPLAB_COMMAND)].map((m) => m[1]!);
    expect(found('./tcplab trace normal-close --profile linux')).toEqual(['trace normal-close --profile linux']);
    expect(found('run `./tcplab quiz 5`, or in PowerShell `.\\tcplab quiz 5`')).toEqual(['quiz 5', 'quiz 5']);
    expect(found('the same as npx tcplab catalogue')).toEqual(['catalogue']);
    expect(found('../tcplab check 05; grader/tcplab x; the tcplab replay command')).toEqual([]);
  });

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

      it('gives tcplab commands that run, as ./tcplab, the same in both languages', async () => {
        const commands = [...en.commands, ...zh.commands];
        expect(en.commands.length).toBeGreaterThan(0);
        expect(zh.commands.map((c) => c.argv)).toEqual(en.commands.map((c) => c.argv));
        // npx would cost each command half a second of its own: the lessons show the kit's launcher.
        for (const lesson of [en, zh]) expect(lesson.text, lesson.file).not.toContain('npx tcplab');
        const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
        try {
          for (const { argv, line } of commands) {
            const code = await main(argv, () => undefined);
            expect(code, `${name} line ${line}: ./tcplab ${argv.join(' ')}`).toBe(0);
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
