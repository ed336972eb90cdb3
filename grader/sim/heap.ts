/** A binary min-heap ordered by (time, insertion order), so equal times keep their order. */
export interface Scheduled<T> {
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
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  peek(): Scheduled<T> | undefined {
    return this.#items[0];
  }

  pop(): Scheduled<T> | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
