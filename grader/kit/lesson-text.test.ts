/**
 * The zh-CN text diagrams are Chinese and line up as the English ones do: no English prose is left
 * in a zh-CN ```text block, and every arrow sits at the same display column (a CJK character takes
 * two columns in a terminal) on the same line of the same block as in the English lesson. The zh-CN
 * lessons, quizzes and hints use one term for each idea: 序列号 for sequence number (never 序号) and
 * 传输控制块 for the TCB (never 连接控制块).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIT } from '../runner/kit.js';
import { lessonDir, lessonNames, loadLesson } from './lessons.js';

/** Terminal columns of one character: East Asian wide and fullwidth characters take two. */
function columns(ch: string): number {
  return /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(
    ch,
  )
    ? 2
    : 1;
}

/** Where arrows point: the display column of every `>` or `<` drawn with dashes, and of every `x` that ends one. */
function arrows(line: string): string[] {
  const chars = [...line];
  const out: string[] = [];
  let col = 0;
  chars.forEach((ch, i) => {
    const before = chars[i - 1];
    const after = chars[i + 1];
    if (
      (ch === '>' && before === '-') ||
      (ch === '<' && after === '-') ||
      (ch === 'x' && (before === '-' || after === '-'))
    )
      out.push(`${ch}@${col}`);
    col += columns(ch);
  });
  return out;
}

/** English words left in a line, once commands, quoted messages and code-like tokens are set aside. */
const NAMES = new Set(['localip', 'localport', 'remoteip', 'remoteport', 'secretkey']);
function englishWords(line: string): string[] {
  if (/^\s*\.\/tcplab /.test(line)) return [];
  const prose = line
    .replace(/"[^"]*"/g, ' ')
    .split(/\s+/)
    .map((t) => t.replace(/^\(+|[),:;.]+$/g, ''))
    .filter((t) => !/[()_=<>/.:\d[\]{};*+-]/.test(t));
  return prose.flatMap((t) => t.match(/[A-Za-z]*[a-z]{4,}[A-Za-z]*/g) ?? []).filter((w) => !NAMES.has(w));
}

describe('zh-CN text diagrams', () => {
  for (const name of lessonNames('en')) {
    const en = loadLesson('en', name).blocks.filter((b) => b.lang === 'text');
    const zh = loadLesson('zh-CN', name).blocks.filter((b) => b.lang === 'text');

    it(`${name}: no English prose is left in them`, () => {
      const left = zh.flatMap((b) =>
        b.text
          .split('\n')
          .flatMap((line, i) => (englishWords(line).length > 0 ? [`line ${b.line + 1 + i}: ${line.trim()}`] : [])),
      );
      expect(left).toEqual([]);
    });

    it(`${name}: the same blocks as in English, with every arrow at the same column`, () => {
      expect(zh.map((b) => b.text.split('\n').length)).toEqual(en.map((b) => b.text.split('\n').length));
      const moved = zh.flatMap((b, k) =>
        b.text.split('\n').flatMap((line, i) => {
          const want = arrows(en[k]!.text.split('\n')[i]!);
          const got = arrows(line);
          return got.join(' ') === want.join(' ')
            ? []
            : [`line ${b.line + 1 + i}: ${got.join(' ')} (English: ${want.join(' ')})`];
        }),
      );
      expect(moved).toEqual([]);
    });
  }
});

describe('zh-CN terms', () => {
  it('序列号 and 传输控制块 everywhere: no 序号, no 连接控制块', () => {
    const files = [
      ...readdirSync(lessonDir('zh-CN')).map((f) => join(lessonDir('zh-CN'), f)),
      ...readdirSync(join(KIT, 'exercises'), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => join(KIT, 'exercises', d.name, 'hints.zh-CN.md')),
    ].filter((f) => /\.(md|yaml)$/.test(f) && existsSync(f));
    const wrong = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/序号|连接控制块/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(wrong).toEqual([]);
  });
});
