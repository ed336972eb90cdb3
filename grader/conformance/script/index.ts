/** Hand-written scenario scripts (packetdrill-like): parse, validate against the reference, grade. */
export { ScriptError, formatProblem, type ScriptProblem } from './errors.js';
export { parseScript, DEFAULT_IRS, DEFAULT_ISS, type Script, type ScriptEvent, type SegmentSpec } from './parse.js';
export { compileScript, renderSegment, type CompiledScript } from './compile.js';
export {
  SCRIPTS_DIR,
  checksOf,
  judgeScript,
  loadScript,
  loadScripts,
  scriptChecks,
  type ScriptCheck,
  type ScriptJob,
} from './checks.js';
