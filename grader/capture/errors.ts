/** A capture that cannot be replayed: the message names the file and where in it (packet, octet, field). */
export class CaptureError extends Error {
  override name = 'CaptureError';
}
