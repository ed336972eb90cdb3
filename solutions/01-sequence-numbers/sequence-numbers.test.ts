/**
 * Public tests for 01 · sequence numbers: segments that fail the acceptability test, arrive without
 * ACK, or acknowledge what was never sent, in every synchronized state. Each test title is a catalogue
 * id; expected values are written from RFC 9293 §3.4 (SEG.LEN), §3.10.7.4 (Table 6, first and fifth
 * steps) and RFC 6298, never copied from output; the later states' ACK and text are in
 * closing-states.test.ts. The fixtures put ISS at 2^32-6 and IRS at 2^32-300, so SND.NXT wraps to 0
 * after five data octets and RCV.NXT after 299.
 */
import { describe, expect, it } from 'vitest';
import {
  IRS,
  ISS,
  seq,
  inCloseWait,
  inClosing,
  inEstablished,
  inFinWait1,
  inFinWait2,
  inLastAck,
  inSynReceived,
  inTimeWait,
  type Dialogue,
  type DialogueOptions,
} from '../../grader/engine/testing/dialogue.js';
import type { Modules } from '../../grader/engine/modules.js';
import type { State, TimerName } from '../../grader/engine/types.js';
import { modulesWith } from '../../solutions/modules.js';
import * as sequence from './sequence-numbers.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ sequence });

const RTO = 1_000; // rfc profile initialRtoMs
const TIME_WAIT = 2 * 120_000; // rfc profile: 2 × mslMs
const RCV_WND = 65_535; // rfc profile rcvWnd: our window, constant since data is delivered at once

type Fixture = (m: Modules, o?: DialogueOptions) => Dialogue;

// ---- pure functions ---------------------------------------------------------------------------------

interface Synchronized {
  state: State;
  reach: Fixture;
  sndNxt: number;
  rcvNxt: number;
  /** The timer that runs in the fixture, and its value right after reaching it. */
  timer: TimerName;
  value: number | undefined;
}

const SYNCHRONIZED: Synchronized[] = [
  {
    state: 'SYN-RECEIVED',
    reach: inSynReceived,
    sndNxt: seq(ISS, 1),
    rcvNxt: seq(IRS, 1),
    timer: 'retransmission',
    value: RTO,
  },
  {
    state: 'ESTABLISHED',
    reach: inEstablished,
    sndNxt: seq(ISS, 1),
    rcvNxt: seq(IRS, 1),
    timer: 'retransmission',
    value: undefined,
  },
  {
    state: 'FIN-WAIT-1',
    reach: inFinWait1,
    sndNxt: seq(ISS, 2),
    rcvNxt: seq(IRS, 1),
    timer: 'retransmission',
    value: RTO,
  },
  {
    state: 'FIN-WAIT-2',
    reach: inFinWait2,
    sndNxt: seq(ISS, 2),
    rcvNxt: seq(IRS, 1),
    timer: 'retransmission',
    value: undefined,
  },
  {
    state: 'CLOSE-WAIT',
    reach: inCloseWait,
    sndNxt: seq(ISS, 1),
    rcvNxt: seq(IRS, 2),
    timer: 'retransmission',
    value: undefined,
  },
  { state: 'CLOSING', reach: inClosing, sndNxt: seq(ISS, 2), rcvNxt: seq(IRS, 2), timer: 'retransmission', value: RTO },
  {
    state: 'LAST-ACK',
    reach: inLastAck,
    sndNxt: seq(ISS, 2),
    rcvNxt: seq(IRS, 2),
    timer: 'retransmission',
    value: RTO,
  },
  {
    state: 'TIME-WAIT',
    reach: inTimeWait,
    sndNxt: seq(ISS, 2),
    rcvNxt: seq(IRS, 2),
    timer: 'time-wait',
    value: TIME_WAIT,
  },
];
/** The same timer after 100 ms: an unacceptable segment must neither restart nor stop it. */
const after100 = (value: number | undefined): number | undefined => (value === undefined ? undefined : value - 100);

describe('rcv unacceptable segment', () => {
  // "If an incoming segment is not acceptable, an acknowledgment should be sent in reply (unless the
  // RST bit is set ...): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. After sending the acknowledgment, drop
  // the unacceptable segment and return."
  for (const { state, reach, sndNxt, rcvNxt, timer, value } of SYNCHRONIZED) {
    it(`${state} --rcv unacceptable segment--> ${state} (data starting at RCV.NXT+RCV.WND)`, () => {
      reach(modules)
        .advance(100)
        .peerSends({ seq: seq(rcvNxt, RCV_WND), ack: sndNxt, ctl: 'ACK', data: 'x' })
        .expectState(state)
        .expectSent([{ seq: sndNxt, ack: rcvNxt, ctl: 'ACK' }])
        .expectNotices([])
        .expectTimer(timer, after100(value))
        .expectTransition(`${state} --rcv unacceptable segment--> ${state}`);
    });

    it(`${state} --rcv unacceptable segment--> ${state} (empty segment at RCV.NXT-1)`, () => {
      reach(modules)
        .advance(100)
        .peerSends({ seq: seq(rcvNxt, -1), ack: sndNxt, ctl: 'ACK' })
        .expectState(state)
        .expectSent([{ seq: sndNxt, ack: rcvNxt, ctl: 'ACK' }])
        .expectNotices([])
        .expectTimer(timer, after100(value))
        .expectTransition(`${state} --rcv unacceptable segment--> ${state}`);
    });

    // In TIME-WAIT a RST is taken by the RFC 1337 rule before the sequence check (05-time-wait).
    if (state !== 'TIME-WAIT') {
      it(`${state} --rcv unacceptable segment--> ${state} (a RST outside the window is dropped silently)`, () => {
        reach(modules)
          .advance(100)
          .peerSends({ seq: seq(rcvNxt, RCV_WND), ctl: 'RST' })
          .expectState(state)
          .expectNothingSent()
          .expectNotices([])
          .expectTimer(timer, after100(value))
          .expectTransition(`${state} --rcv unacceptable segment--> ${state}`);
      });
    }
  }

  it('TIME-WAIT --rcv unacceptable segment--> TIME-WAIT (old data, not a FIN: the 2*MSL timer is not restarted)', () => {
    // Octet IRS+1 lies before RCV.NXT = IRS+2. Only a retransmitted FIN restarts the timer.
    inTimeWait(modules)
      .advance(1_000)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'z' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([])
      .expectTimer('time-wait', TIME_WAIT - 1_000)
      .expectTransition('TIME-WAIT --rcv unacceptable segment--> TIME-WAIT');
  });

  it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (an old duplicate is not delivered again)', () => {
    // 'abc' occupies IRS+1 .. IRS+3; after it RCV.NXT = IRS+4 and the copy lies wholly before it.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'abc' })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'abc' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 4), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (its ACK field is not processed)', () => {
    // The segment is dropped before the fifth step: SND.UNA stays, the timer keeps running.
    inEstablished(modules)
      .userCalls('SEND', 'abc')
      .advance(100)
      .peerSends({ seq: seq(IRS, RCV_WND + 1), ack: seq(ISS, 4), ctl: 'ACK', data: 'x' })
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectState('ESTABLISHED')
      .expectNotices([])
      .expectTimer('retransmission', RTO - 100);
  });

  describe('a zero receive window (rcvWnd 0)', () => {
    const ZERO = { config: { rcvWnd: 0 } } as const;

    it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (SEG.LEN > 0: never acceptable)', () => {
      // Our ACK advertises the window: wnd 0.
      inEstablished(modules, ZERO)
        .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'x' })
        .expectState('ESTABLISHED')
        .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', wnd: 0 }])
        .expectNotices([])
        .expectTransition('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
    });

    it('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED (SEG.LEN = 0 but SEG.SEQ ≠ RCV.NXT)', () => {
      inEstablished(modules, ZERO)
        .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
        .expectState('ESTABLISHED')
        .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', wnd: 0 }])
        .expectTransition('ESTABLISHED --rcv unacceptable segment--> ESTABLISHED');
    });

    it('ESTABLISHED --rcv ACK--> ESTABLISHED (SEG.LEN = 0 at RCV.NXT is acceptable and its ACK is used)', () => {
      inEstablished(modules, ZERO)
        .userCalls('SEND', 'abc')
        .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc', wnd: 0 }])
        .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
        .expectState('ESTABLISHED')
        .expectNothingSent()
        .expectNotices([])
        .expectTimer('retransmission', undefined)
        .expectTransition('ESTABLISHED --rcv ACK--> ESTABLISHED');
    });
  });
});

// ---- fifth step: the ACK field (RFC 9293 §3.10.7.4) -------------------------------------------------

const ACKING = SYNCHRONIZED.filter((s) => s.state !== 'SYN-RECEIVED' && s.state !== 'TIME-WAIT');

describe('rcv segment without ACK', () => {
  // "If the ACK bit is off, drop the segment and return": no reply, text not delivered.
  for (const { state, reach, rcvNxt, timer, value } of ACKING) {
    it(`${state} --rcv segment without ACK--> ${state}`, () => {
      reach(modules)
        .advance(100)
        .peerSends({ seq: rcvNxt, ctl: '', data: 'x' })
        .expectState(state)
        .expectNothingSent()
        .expectNotices([])
        .expectTimer(timer, after100(value))
        .expectTransition(`${state} --rcv segment without ACK--> ${state}`);
    });
  }

  it('ESTABLISHED --rcv segment without ACK--> ESTABLISHED (RCV.NXT does not move)', () => {
    // The same octet sent again with ACK is new: delivered and acknowledged with IRS+2.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ctl: '', data: 'x' })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'x' })
      .expectNotices([{ kind: 'data', data: 'x' }])
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }]);
  });

  it('ESTABLISHED --rcv segment without ACK--> ESTABLISHED (a FIN without ACK is dropped too)', () => {
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ctl: 'FIN' })
      .expectState('ESTABLISHED')
      .expectNothingSent()
      .expectNotices([])
      .expectTransition('ESTABLISHED --rcv segment without ACK--> ESTABLISHED');
  });
});

describe('rcv ACK of unsent data', () => {
  // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment,
  // and return." SEG.ACK = SND.NXT+1 is the first such value.
  for (const { state, reach, sndNxt, rcvNxt, timer, value } of ACKING) {
    it(`${state} --rcv ACK of unsent data--> ${state}`, () => {
      reach(modules)
        .advance(100)
        .peerSends({ seq: rcvNxt, ack: seq(sndNxt, 1), ctl: 'ACK' })
        .expectState(state)
        .expectSent([{ seq: sndNxt, ack: rcvNxt, ctl: 'ACK' }])
        .expectNotices([])
        .expectTimer(timer, after100(value))
        .expectTransition(`${state} --rcv ACK of unsent data--> ${state}`);
    });
  }

  it('ESTABLISHED --rcv ACK of unsent data--> ESTABLISHED (SEG.ACK past the wrap; its text is dropped)', () => {
    // SND.NXT = ISS+1 = 2^32-5; SEG.ACK = 0 lies five ahead of it. The data is not delivered, so the
    // ACK still says RCV.NXT = IRS+1.
    inEstablished(modules)
      .peerSends({ seq: seq(IRS, 1), ack: 0, ctl: 'ACK', data: 'abc' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('ESTABLISHED --rcv ACK of unsent data--> ESTABLISHED');
  });

  it('ESTABLISHED --rcv ACK of unsent data--> ESTABLISHED (linux: the same answer)', () => {
    // Linux 6.18 answered an ACK 1000 past SND.NXT with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and did not
    // take the data of a second such segment (that one drew no ACK: Linux sends at most one such answer
    // per 500 ms, tcp_invalid_ratelimit, which the engine does not model).
    inEstablished(modules, { profile: 'linux' })
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1001), ctl: 'ACK', data: 'data' })
      .expectState('ESTABLISHED')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('ESTABLISHED --rcv ACK of unsent data--> ESTABLISHED');
  });
});

describe('fixture assumptions', () => {
  it('each fixture reaches its state with the SND.NXT and RCV.NXT these tests use', () => {
    for (const { state, reach, sndNxt, rcvNxt } of SYNCHRONIZED) {
      const d = reach(modules).expectState(state);
      expect(d.engine.tcb.snd.nxt, state).toBe(sndNxt);
      expect(d.engine.tcb.rcv.nxt, state).toBe(rcvNxt);
    }
  });
});
