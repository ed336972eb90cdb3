/** One entry of an archive, as both readers (zip, tar) list it: what it is, and its data on demand. */
export interface ArchiveEntry {
  /** The path inside the archive, as stored. */
  name: string;
  kind: 'file' | 'directory' | 'link' | 'device';
  /** Size the archive claims for the data. */
  size: number;
  /** The data, refused (an error) past `max` bytes. */
  read(max: number): Uint8Array;
}
