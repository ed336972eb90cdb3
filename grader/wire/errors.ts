/** A packet that cannot be read: names the header, the field and the octet offset where reading stopped. */
export class WireError extends Error {
  constructor(
    readonly header: 'IPv4' | 'TCP',
    readonly field: string,
    readonly offset: number,
    detail: string,
  ) {
    super(`${header} ${field} (octet ${offset}): ${detail}`);
    this.name = 'WireError';
  }
}
