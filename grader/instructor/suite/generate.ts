/**
 * Transition checks, generated from a seed: every fixture, under several ISNs, followed by one event
 * drawn from templates that probe each rule at its edges (sequence numbers at and around RCV.NXT and
 * the window edges, acknowledgments around SND.UNA and SND.NXT, every control-bit combination, every
 * user call, every running timer). The reference engine answers each one; its answer is the
 * expected result, and the catalogue id of its step is the transition the check scores.
 */
import { findEntry, type ExerciseId } from '../../engine/catalogue.js';
import type { EngineSnapshot } from '../../engine/engine.js';
import type { Modules } from '../../engine/modules.js';
import type { Ctl } from '../../engine/types.js';
import { createRng } from '../../sim/rng.js';
import { atWrap, FIXTURES, ISN_PAIRS, type Fixture } from './fixtures.js';
import { TARGETED } from './targeted.js';
import {
  engineAfter,
  fixtureAfter,
  observe,
  type EngineSetup,
  type Input,
  type Observation,
} from '../../conformance/observe.js';
import type { Job } from '../../runner/jobs.js';

export interface TransitionCheck {
  id: string;
  /** What it starts from, for people: fixture name and ISNs. */
  fixture: string;
  setup: EngineSetup;
  /** Inputs that reach the state (run on the reference), then the one event checked. */
  inputs: Input[];
  /** Where the reference is before the last input: what the code under test starts from. */
  start: EngineSnapshot;
  /** The catalogue id of the reference's step for the last input. */
  transition: string;
  exercise: ExerciseId;
  expected: Observation;
}

/** The job that plays a check on the code under test: its last input, from the reference's snapshot before it. */
export function transitionJob(c: TransitionCheck): Extract<Job, { kind: 'transition' }> {
  return {
    kind: 'transition',
    id: c.id,
    exercise: c.exercise,
    setup: c.setup,
    start: c.start,
    inputs: c.inputs.slice(-1),
  };
}

const CTLS: Ctl[] = ['ACK', 'SYN', 'SYN,ACK', 'FIN,ACK', 'RST', 'RST,ACK', '', 'FIN', 'SYN,FIN'];

/** State-aware candidate events after the fixture's inputs (reads the reference TCB to aim them). */
function events(modules: Modules, fixture: Fixture, iss: number, irs: number, prefix: Input[]): Input[] {
  const engine = engineAfter({ profile: fixture.profile, config: fixture.config, iss }, prefix, modules);
  const t = (prefix.at(-1)?.t ?? 0) + 1;
  const { snd, rcv } = engine.tcb;
  const add = (a: number, n: number): number => (a + n) >>> 0;
  const out: Input[] = [
    { t, call: { call: 'OPEN', mode: 'active' } },
    { t, call: { call: 'OPEN', mode: 'passive' } },
    { t, call: { call: 'SEND', data: 'data' } },
    { t, call: { call: 'RECEIVE' } },
    { t, call: { call: 'CLOSE' } },
    // The socket API's close(), with and without received data left unread (RFC 9293 §3.6.1, SHLD-3).
    { t, call: { call: 'CLOSE', full: true } },
    { t, call: { call: 'CLOSE', full: true, unread: true } },
    { t, call: { call: 'ABORT' } },
  ];
  const deadlines = new Set<number>();
  for (let at = engine.pollTimeout(); at !== undefined && deadlines.size < 4; ) {
    deadlines.add(at);
    engine.handleTimeout(at);
    while (engine.pollTransmit());
    while (engine.pollNotice());
    const next = engine.pollTimeout();
    at = next !== undefined && !deadlines.has(next) ? next : undefined;
  }
  // Each timer expiry, reached from the fixture (earlier expiries fire first, as they would).
  for (const at of deadlines) out.push({ t: at, timeout: true });
  const seqs = [
    rcv.nxt,
    add(rcv.nxt, -1),
    add(rcv.nxt, 1),
    add(rcv.nxt, rcv.wnd - 1),
    add(rcv.nxt, rcv.wnd),
    add(rcv.nxt, -70_000),
    irs,
  ];
  const acks = [snd.nxt, snd.una, add(snd.una, 1), add(snd.nxt, 1), add(snd.una, -1), iss, add(iss, 1)];
  // Every sequence number with the expected ACK, and every ACK at RCV.NXT: edges one at a time.
  for (const ctl of CTLS) {
    const withAck = ctl.includes('ACK');
    const pairs: [number, number][] = withAck
      ? [
          ...seqs.map((seq): [number, number] => [seq, snd.nxt]),
          ...acks.slice(1).map((ack): [number, number] => [rcv.nxt, ack]),
        ]
      : seqs.map((seq): [number, number] => [seq, 0]);
    // Data ahead of RCV.NXT that does not acknowledge our FIN (so FIN-WAIT-1 stays FIN-WAIT-1).
    if (withAck) pairs.push([add(rcv.nxt, 1), snd.una]);
    for (const [seq, ack] of pairs) {
      out.push({ t, seg: { seq, ack, ctl } });
      if (ctl === 'ACK' || ctl === 'FIN,ACK' || ctl === '') out.push({ t, seg: { seq, ack, ctl, data: 'xyz' } });
    }
  }
  return out;
}

/** A check before the suite is chosen: only the checks kept get their start. */
type Candidate = Omit<TransitionCheck, 'start'>;

export interface Suite {
  checks: TransitionCheck[];
  /** Catalogue ids no generated check reaches. */
  uncovered: string[];
}

/** The targeted checks (targeted.ts), each under one pair of ISNs chosen by the seed, grouped by transition. */
function targetedChecks(reference: Modules, seed: number): Map<string, Candidate[]> {
  const rng = createRng(seed ^ 0x7a6e7);
  const byTransition = new Map<string, Candidate[]>();
  for (const t of TARGETED) {
    const [iss, irs] = ISN_PAIRS[rng.int(0, ISN_PAIRS.length - 1)]!;
    const inputs = t.inputs(iss, irs);
    const setup: EngineSetup = { profile: t.profile, config: t.config, iss };
    const observed = observe(setup, inputs, reference);
    const last = observed.at(-1)!;
    const entry = last.transition === undefined ? undefined : findEntry(last.transition);
    if (observed.length !== inputs.length || last.error || !entry) {
      throw new Error(
        `targeted check '${t.name}': the reference ${last.error ? `throws ${last.error.name}: ${last.error.message}` : 'names no catalogue transition'}`,
      );
    }
    const check: Candidate = {
      id: '',
      fixture: `${t.name} iss=${iss} irs=${irs}`,
      setup,
      inputs,
      transition: entry.id,
      exercise: entry.exercise,
      expected: last,
    };
    byTransition.set(entry.id, [...(byTransition.get(entry.id) ?? []), check]);
  }
  return byTransition;
}

/** Every candidate check: each fixture under each ISN pair, then each event the reference answers with a catalogue step. */
function candidates(reference: Modules): { byTransition: Map<string, Candidate[]>; wrapping: WeakSet<Candidate> } {
  const byTransition = new Map<string, Candidate[]>();
  const wrapping = new WeakSet<Candidate>();
  for (const fixture of FIXTURES) {
    for (const [iss, irs] of ISN_PAIRS) {
      const prefix = fixture.inputs(iss, irs);
      for (const event of events(reference, fixture, iss, irs, prefix)) {
        const inputs = [...prefix, event];
        const setup: EngineSetup = { profile: fixture.profile, config: fixture.config, iss };
        const observed = observe(setup, inputs, reference);
        const last = observed.at(-1)!;
        if (observed.length !== inputs.length || last.error || !last.transition) continue;
        const entry = findEntry(last.transition);
        if (!entry) continue;
        const check: Candidate = {
          id: '',
          fixture: `${fixture.name} iss=${iss} irs=${irs}`,
          setup,
          inputs,
          transition: last.transition,
          exercise: entry.exercise,
          expected: last,
        };
        if (atWrap(iss, irs)) wrapping.add(check);
        const list = byTransition.get(last.transition) ?? [];
        list.push(check);
        byTransition.set(last.transition, list);
      }
    }
  }
  return { byTransition, wrapping };
}

/** A seeded partial shuffle picks which `n` of a list this suite keeps. */
function pick(list: Candidate[], n: number, r: ReturnType<typeof createRng>): Candidate[] {
  for (let i = 0; i < Math.min(n, list.length); i++) {
    const j = i + r.int(0, list.length - 1 - i);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list.slice(0, Math.min(n, list.length));
}

/**
 * Generate the suite: every candidate event is answered by the reference, then up to `perTransition`
 * checks per catalogue id are kept: the targeted checks first (at most half of them, chosen by the
 * seed if there are more), then candidates chosen by the seed (so two seeds give two different
 * suites).
 */
export function generateSuite(
  reference: Modules,
  seed: number,
  perTransition = 8,
  catalogueIds: readonly string[] = [],
): Suite {
  const rng = createRng(seed);
  const targeted = targetedChecks(reference, seed);
  const targetedRng = createRng(seed ^ 0x5e1ec7);
  const { byTransition, wrapping } = candidates(reference);
  const kept: Candidate[] = [];
  const ids = new Set([...byTransition.keys(), ...targeted.keys()]);
  for (const id of [...ids].sort((a, b) => (a < b ? -1 : 1))) {
    const aimed = targeted.get(id) ?? [];
    const chosen =
      aimed.length <= Math.ceil(perTransition / 2) ? aimed : pick(aimed, Math.ceil(perTransition / 2), targetedRng);
    const drawn = [...chosen, ...pick(byTransition.get(id) ?? [], perTransition - chosen.length, rng)];
    // Every transition that can be reached at the wrap keeps one check there, however few it keeps.
    const atWrapNow = (byTransition.get(id) ?? []).filter((c) => wrapping.has(c) && !drawn.includes(c));
    if (drawn.length > 0 && !drawn.some((c) => wrapping.has(c)) && atWrapNow.length > 0)
      drawn[drawn.length - 1] = pick(atWrapNow, 1, rng)[0]!;
    kept.push(...drawn);
  }
  const checks = kept.map(
    (c, i): TransitionCheck => ({
      ...c,
      id: `t${String(i + 1).padStart(4, '0')}`,
      start: fixtureAfter(c.setup, c.inputs.slice(0, -1), reference),
    }),
  );
  const uncovered = catalogueIds.filter((id) => !byTransition.has(id) && !targeted.has(id));
  return { checks, uncovered };
}
