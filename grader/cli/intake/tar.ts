/**
 * Reading a .tar.gz handed in: gunzipped by Node's zlib with a cap on the output (a gzip bomb stops
 * there), then parsed by node-tar's Parser, which only reads headers and data: nothing is written
 * by it. The data of the entries `keep` names is collected, up to `maxFile` bytes each.
 */
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import type { ArchiveEntry } from './entries.js';

class TarError extends Error {}

function kindOf(entry: ReadEntry): ArchiveEntry['kind'] | 'meta' {
  switch (entry.type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
    case 'GNUDumpDir':
      return 'directory';
    case 'SymbolicLink':
    case 'Link':
      return 'link';
    case 'CharacterDevice':
    case 'BlockDevice':
    case 'FIFO':
      return 'device';
    // Headers that describe the next entry (long names, pax): the parser applies them.
    default:
      return entry.meta ? 'meta' : 'device';
  }
}

/** The entries of a gzipped tar; `maxTar`: most bytes it may unpack to; `keep`: whose data to collect. */
export async function tarEntries(
  gz: Uint8Array,
  limits: { maxTar: number; maxFile: number },
  keep: (name: string) => boolean,
): Promise<ArchiveEntry[]> {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz, { maxOutputLength: limits.maxTar });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
      throw new TarError(`it unpacks to more than ${limits.maxTar} bytes (a gzip bomb?)`);
    throw new TarError(`it is not gzip data (${e instanceof Error ? e.message : String(e)})`);
  }
  const entries: ArchiveEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const read = entryOf(entry, limits.maxFile, keep);
        if (read) entries.push(read);
      },
    });
    parser.on('error', (e: Error) => reject(new TarError(`it is not a tar archive (${e.message})`)));
    parser.on('end', () => resolve());
    parser.on('close', () => resolve());
    try {
      parser.end(tar);
    } catch (e) {
      reject(new TarError(`it is not a tar archive (${e instanceof Error ? e.message : String(e)})`));
    }
  });
  return entries;
}

/** One tar entry as an ArchiveEntry, its data collected if it is a file `keep` wants; undefined for a header of the next. */
function entryOf(entry: ReadEntry, maxFile: number, keep: (name: string) => boolean): ArchiveEntry | undefined {
  const kind = kindOf(entry);
  if (kind === 'meta') {
    entry.resume();
    return undefined;
  }
  const name = entry.path;
  const size = entry.size;
  const chunks: Buffer[] = [];
  let length = 0;
  const wanted = kind === 'file' && keep(name) && size <= maxFile;
  if (wanted) {
    entry.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= maxFile) chunks.push(chunk);
    });
  } else {
    entry.resume();
  }
  return {
    name,
    kind,
    size,
    read: (max) => {
      if (size > max || length > max)
        throw new TarError(`${name} is ${Math.max(size, length)} bytes; at most ${max} are taken from one file`);
      if (!wanted) throw new TarError(`${name} was not read`);
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}
