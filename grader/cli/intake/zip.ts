/**
 * Reading a .zip handed in: the central directory is read here (it alone says which entries are
 * symbolic links or devices: Unix mode bits in the external attributes), each entry's data is
 * inflated by fflate in small slices and counted, so an entry that claims a small size and inflates
 * to gigabytes is stopped at its claim. Zip64, encryption and methods other than stored (0) and
 * deflate (8) are refused: no submission needs them.
 */
import { Inflate } from 'fflate';
import type { ArchiveEntry } from './entries.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const UNIX = 3;
/** Compressed bytes pushed at a time: deflate expands at most about 1,032 times, so one slice yields at most ~16 MB. */
const SLICE = 16 * 1024;

class ZipError extends Error {}

/** Where the central directory starts and how many entries it lists. */
function endRecord(zip: Uint8Array, view: DataView): { entries: number; offset: number } {
  // The end record is the last 22 bytes, or up to 65,535 more when it has a comment.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) !== EOCD) continue;
    const entries = view.getUint16(at + 10, true);
    const offset = view.getUint32(at + 16, true);
    if (entries === 0xffff || offset === 0xffffffff) throw new ZipError('it is a Zip64 archive, which is not read');
    return { entries, offset };
  }
  throw new ZipError('it is not a zip archive (no end of central directory)');
}

/** File type from the Unix mode bits a zip made on Unix keeps in the high half of the external attributes. */
function kindOf(madeBy: number, attributes: number, name: string): ArchiveEntry['kind'] {
  const mode = (attributes >>> 16) & 0o170000;
  if (madeBy >> 8 === UNIX && mode !== 0) {
    if (mode === 0o120000) return 'link';
    if (mode === 0o040000) return 'directory';
    if (mode !== 0o100000) return 'device';
  }
  return name.endsWith('/') ? 'directory' : 'file';
}

/** Every entry the central directory lists, with a function that inflates one (at most `max` bytes, else ZipError). */
export function zipEntries(zip: Uint8Array): ArchiveEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const { entries, offset } = endRecord(zip, view);
  const out: ArchiveEntry[] = [];
  let at = offset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== CENTRAL)
      throw new ZipError('its central directory is damaged');
    const madeBy = view.getUint16(at + 4, true);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const attributes = view.getUint32(at + 38, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + skip;
    const kind = kindOf(madeBy, attributes, name);
    out.push({
      name,
      kind,
      size,
      read: (max) => {
        if (flags & 1) throw new ZipError(`${name} is encrypted`);
        if (size > max) throw new ZipError(`${name} unpacks to ${size} bytes; at most ${max} are taken from one file`);
        if (local + 30 > zip.length || view.getUint32(local, true) !== LOCAL)
          throw new ZipError(`${name}: damaged entry`);
        const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
        if (start + compressed > zip.length) throw new ZipError(`${name}: the entry runs past the end of the archive`);
        const data = zip.subarray(start, start + compressed);
        if (method === 0) return data.slice();
        if (method !== 8)
          throw new ZipError(`${name} is compressed with method ${method}; only stored and deflate are read`);
        return inflateAtMost(data, size, name);
      },
    });
  }
  return out;
}

/** Inflate `data`, which claims to hold `size` bytes: more than that is a lie (a zip bomb), and stops it. */
function inflateAtMost(data: Uint8Array, size: number, name: string): Uint8Array {
  const out = new Uint8Array(size);
  let length = 0;
  let over = false;
  const inflate = new Inflate((chunk) => {
    if (length + chunk.length > size) {
      over = true;
      return;
    }
    out.set(chunk, length);
    length += chunk.length;
  });
  for (let i = 0; i < data.length && !over; i += SLICE)
    inflate.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
  if (over) throw new ZipError(`${name} inflates to more than the ${size} bytes it claims (a zip bomb?)`);
  if (length !== size) throw new ZipError(`${name} inflates to ${length} bytes, not the ${size} it claims`);
  return out;
}
