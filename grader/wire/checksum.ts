/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of the
 * data taken as big-endian 16-bit words, an odd last octet padded with zero. IPv4 headers, TCP
 * segments (with their pseudo-header) and UDP all use it.
 */

/** The checksum over the concatenation of `parts`, as it goes into a header field. */
export function internetChecksum(...parts: readonly Uint8Array[]): number {
  let sum = 0;
  let odd: number | undefined; // a part of odd length leaves its last octet to pair with the next part's first
  for (const part of parts) {
    for (const byte of part) {
      if (odd === undefined) odd = byte;
      else {
        sum += (odd << 8) | byte;
        odd = undefined;
      }
    }
    // Fold early so the sum stays a small integer whatever the length.
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (odd !== undefined) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
