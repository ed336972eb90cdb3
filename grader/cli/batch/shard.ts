/**
 * `--shard K/N`: grade a deterministic share of the class. A student belongs to the shard picked by
 * a hash of their id, not by their place in the list, so adding or removing one submission moves no
 * one else between shards; the N shards together are the whole class, each student in exactly one.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import { shown } from '../input-file.js';

export interface Shard {
  k: number;
  n: number;
}

export function parseShard(value: string): Shard {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(value);
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || k < 1 || k > n) {
    throw new UsageError(
      `--shard ${shown(value)}: expected K/N with 1 ≤ K ≤ N, such as 1/4 (the first of four shards)`,
    );
  }
  return { k, n };
}

/** Whether the student `id` is graded in `shard`. */
export function inShard(id: string, shard: Shard): boolean {
  const h = createHash('sha256').update(id).digest().readUInt32BE(0);
  return h % shard.n === shard.k - 1;
}
