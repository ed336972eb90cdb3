/** A binary min-heap ordered by (time, insertion order), so equal times keep their order. */
interface Scheduled<T> {
  readonly at: number;
  readonly order: number;
  readonly item: T;
}

export class EventHeap<T> {
  readonly #items: Scheduled<T>[] = [];
  #order = 0;

  get size(): number {
    return this.#items.length;
  }

  push(at: number, item: T): void {
    const items = this.#items;
    items.push({ at, order: this.#order++, item });
    // Sift up, moving parents down instead of swapping (no temporary arrays on this hot path).
    let i = items.length - 1;
    const entry = items[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!before(entry, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = entry;
  }

  peek(): Scheduled<T> | undefined {
    return this.#items[0];
  }

  pop(): Scheduled<T> | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      // Sift the last entry down from the root.
      let i = 0;
      const n = items.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(items[r]!, items[l]!) ? r : l;
        if (!before(items[c]!, last)) break;
        items[i] = items[c]!;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }
}

function before<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
