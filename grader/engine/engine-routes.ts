/**
 * What an engine works out once per set of modules and once per config object, not once per engine:
 * a simulator creates an engine per connection. The dispatch table with each function's name read
 * once (a step record and an error name the function that ran), the sequence module as a plain
 * object, and the validated, frozen configuration.
 */
import { makeConfig, validateConfig, type Config } from './config.js';
import { buildDispatch, type DispatchTable } from './dispatch.js';
import type { AfterEventHook, Modules, SegmentStep } from './modules.js';
import { TIMER_NAMES, type State, type TimerName, type UserCall } from './types.js';

export interface Routes {
  readonly table: DispatchTable;
  readonly segmentArrives: Readonly<
    Record<State, readonly { readonly step: SegmentStep; readonly name: string | undefined }[]>
  >;
  readonly timeoutNames: Readonly<Record<TimerName, string | undefined>>;
  readonly afterEvent: readonly { readonly hook: AfterEventHook; readonly name: string | undefined }[];
}

/**
 * A function's name, or undefined where a module left the function out: the event that needs it
 * then fails as it always did, reading the name of nothing (see `named`).
 */
const nameOf = (f: unknown): string | undefined =>
  f === undefined || f === null ? undefined : (f as { name: string }).name;
export const named = (name: string | undefined, f: unknown): string => name ?? (f as { name: string }).name;

const tables = new WeakMap<Modules, Routes>();

export function routesFor(modules: Modules): Routes {
  let routes = tables.get(modules);
  if (!routes) {
    const table = buildDispatch(modules);
    const segmentArrives = Object.fromEntries(
      Object.entries(table.segmentArrives).map(([state, steps]) => [
        state,
        steps.map((step) => ({ step, name: nameOf(step) })),
      ]),
    ) as unknown as Routes['segmentArrives'];
    const timeoutNames = Object.fromEntries(TIMER_NAMES.map((name) => [name, nameOf(table.timeout[name])])) as Record<
      TimerName,
      string | undefined
    >;
    routes = {
      table,
      segmentArrives,
      timeoutNames,
      afterEvent: table.afterEvent.map((hook) => ({ hook, name: nameOf(hook) })),
    };
    tables.set(modules, routes);
  }
  return routes;
}

/** The module function each user call goes to (grader/engine/dispatch.ts). */
const CALL_HANDLERS: Record<UserCall['call'], string> = {
  OPEN: 'open',
  SEND: 'send',
  RECEIVE: 'receive',
  CLOSE: 'close',
  ABORT: 'abort',
};

/** The handler's name for a user call, or undefined for a call that is not one (a switch first: it runs per call). */
export function callHandlerName(call: UserCall['call']): string | undefined {
  switch (call) {
    case 'OPEN':
      return 'open';
    case 'SEND':
      return 'send';
    case 'RECEIVE':
      return 'receive';
    case 'CLOSE':
      return 'close';
    case 'ABORT':
      return 'abort';
    default:
      // Not one of the strings: what a property lookup would have made of it (a String object, say).
      return Object.hasOwn(CALL_HANDLERS, call) ? CALL_HANDLERS[call] : undefined;
  }
}

const validated = new WeakMap<Config, Readonly<Config>>();

export function frozenConfig(config: Config | undefined): Readonly<Config> {
  if (!config) return frozenCopy(validateConfig(makeConfig()));
  let frozen = validated.get(config);
  if (!frozen) validated.set(config, (frozen = frozenCopy(validateConfig({ ...config }))));
  return frozen;
}

/**
 * A frozen copy, made key by key. Frozen as they came (made by spreading), two configurations had
 * two hidden classes, so every configuration a process met undid the optimised code that reads
 * `ctx.config`; made key by key in the same order, they share one.
 */
function frozenCopy(config: Config): Readonly<Config> {
  const source = config as unknown as Record<PropertyKey, unknown>;
  const copy: Record<PropertyKey, unknown> = {};
  for (const key of Reflect.ownKeys(source)) copy[key] = source[key];
  return Object.freeze(copy) as unknown as Readonly<Config>;
}

/**
 * Sequence arithmetic as a plain object: `ctx.seq` is read on nearly every event, and a module
 * namespace (or a bundler's stand-in for one, with a getter per export) is slower to read from.
 */
const plainSequences = new WeakMap<Modules, Modules>();
export function plainSequence(modules: Modules): Modules {
  if (typeof modules.sequence !== 'object' || modules.sequence === null) return modules;
  let plain = plainSequences.get(modules);
  if (!plain) plainSequences.set(modules, (plain = { ...modules, sequence: { ...modules.sequence } }));
  return plain;
}
