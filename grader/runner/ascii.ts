/** The sandbox's wire is ASCII: JSON with every character above 0x7e escaped, so a character is a byte. */

// Captured when the module loads: a submission loaded later can rebind the global `JSON`.
const stringify = JSON.stringify;

export function asciiJson(value: unknown): string {
  return stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
