/**
 * For tests: archives made by hand, hostile ones included. Zips through fflate (with Unix modes in
 * the external attributes for links and devices); a tar written block by block (ustar headers), so a
 * device, a hard link or a path with `..` can be put in one without any of them on disk.
 */
import { gzipSync } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';

const UNIX = 3;
const text = (s: string | Uint8Array): Uint8Array => (typeof s === 'string' ? new TextEncoder().encode(s) : s);

interface ZipFile {
  data: string | Uint8Array;
  /** Unix mode with its type bits (0o100644 a file, 0o120777 a link, 0o020644 a character device). */
  mode?: number;
}

export function makeZip(files: Record<string, string | Uint8Array | ZipFile>): Uint8Array {
  const entries: Zippable = {};
  for (const [name, f] of Object.entries(files)) {
    const file = typeof f === 'string' || f instanceof Uint8Array ? { data: f } : f;
    entries[name] = [
      text(file.data),
      { os: UNIX, attrs: ((file.mode ?? 0o100644) << 16) >>> 0, mtime: new Date('2026-01-01T00:00:00Z') },
    ];
  }
  return zipSync(entries, { level: 6 });
}

/** The zip with every central-directory entry's uncompressed size set to `size` (a bomb that lies about its size). */
export function claimSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 <= out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    view.setUint32(at + 24, size, true);
    at += 45;
  }
  return out;
}

interface TarEntry {
  name: string;
  /** '0' file, '1' hard link, '2' symbolic link, '3' character device, '5' folder, '6' FIFO. */
  type?: string;
  data?: string | Uint8Array;
  link?: string;
}

function header(e: TarEntry, size: number): Uint8Array {
  const h = new Uint8Array(512);
  const put = (s: string, at: number, len: number): void => h.set(text(s).subarray(0, len), at);
  const octal = (n: number, len: number): string => `${n.toString(8).padStart(len - 1, '0')}\0`;
  put(e.name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  put('        ', 148, 8);
  put(e.type ?? '0', 156, 1);
  put(e.link ?? '', 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  const sum = h.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

/** A gzipped tar of `entries`, written block by block. */
export function makeTarGz(entries: readonly TarEntry[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const e of entries) {
    const data = text(e.data ?? '');
    blocks.push(header(e, data.length));
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    blocks.push(padded);
  }
  blocks.push(new Uint8Array(1024));
  return gzipSync(Buffer.concat(blocks));
}
