/** The recorded packs as a person reviews them: one check or scenario per line, so a diff names what changed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES } from '../engine/exercises.js';
import { KIT } from '../runner/kit.js';
import type { Pack } from '../conformance/pack.js';

describe('recorded packs', () => {
  for (const e of EXERCISES.filter((x) => x.module)) {
    it(`${e.id}/checks.json holds one record per line`, () => {
      const text = readFileSync(join(KIT, 'exercises', e.id, 'checks.json'), 'utf8');
      const pack = JSON.parse(text) as Pack;
      const records = text.split('\n').filter((l) => l.startsWith('{"id":'));
      expect(records).toHaveLength(pack.checks.length + pack.scenarios.length);
      const ids = records.map((l) => (JSON.parse(l.replace(/,$/, '')) as { id: string }).id);
      expect(ids).toEqual([...pack.checks.map((c) => c.id), ...pack.scenarios.map((c) => c.id)]);
      // Nothing else is long: the framing lines are short.
      for (const line of text.split('\n').filter((l) => !l.startsWith('{"id":'))) expect(line.length).toBeLessThan(100);
    });
  }
});
