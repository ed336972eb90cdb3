/**
 * The one rule for text that came from a submission, in every format: a character a terminal or a
 * viewer would act on is shown as an escape (`\x1b`, `\u009b`), never emitted raw. That is C0 but
 * tab and newline (ESC starts a sequence that can clear the screen or, as OSC 52, set the clipboard;
 * a lone CR rewrites the line), DEL, C1 (U+009B is a one-byte CSI), the bidi controls that reorder
 * what a reader sees, and U+2028/U+2029, which some viewers break lines at.
 */
const UNSAFE =
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069';

/** A CR is unsafe unless it ends a line (CRLF), which every viewer reads as a newline. */
const TEXT = new RegExp(`[${UNSAFE}]|\\r(?!\\n)`, 'g');
const JSON_TEXT = new RegExp(`[${UNSAFE}]`, 'g');

const hex = (c: string, width: number): string => c.charCodeAt(0).toString(16).padStart(width, '0');

/** The text with every unsafe character written as `\xHH` (below U+0080) or `\uHHHH`. */
export function inert(text: string): string {
  return text.replace(TEXT, (c) => (c < '\x80' ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/**
 * JSON text with the same characters as `\uHHHH`: JSON.stringify leaves DEL, C1, bidi controls and
 * U+2028/U+2029 raw. They only ever occur inside strings, so the values parse back unchanged.
 */
export function inertJson(json: string): string {
  return json.replace(JSON_TEXT, (c) => `\\u${hex(c, 4)}`);
}
