/**
 * Public tests for 01 · sequence numbers: segments arriving. Each engine test title is a catalogue id; expected values are
 * written from RFC 9293 §3.4 (arithmetic, SEG.LEN), §3.10.2 (SEND), §3.10.3 (RECEIVE), §3.10.7.4
 * (Table 6, fifth and seventh steps), §3.8.6.3 (delayed ACK) and RFC 6298 (5.1) to (5.3), never
 * copied from output. The fixtures put ISS at 2^32-6 and IRS at 2^32-300, so SND.NXT wraps to 0 after
 * five data octets and RCV.NXT after 299.
 */
import { describe, expect, it } from 'vitest';
import {
  IRS, ISS, seq,
  inClosed, inCloseWait, inClosing, inEstablished, inFinWait1, inFinWait2, inLastAck, inListen,
  inSynReceived, inSynSent, inTimeWait,
  type Dialogue, type DialogueOptions,
} from '../../grader/engine/testing/dialogue.js';
import type { Modules } from '../../grader/engine/modules.js';
import { makeSegment } from '../../grader/engine/tcb.js';
import type { SegmentFields, State, TimerName } from '../../grader/engine/types.js';
import { modulesWith } from '../../solutions/modules.js';
import * as sequence from './sequence-numbers.js';

/** This topic's module (yours, in exercises/) with the reference for every other topic. */
const modules = modulesWith({ sequence });
import { isAcceptable, segmentLength, seqAdd, seqGeq, seqGt, seqLeq, seqLt } from './sequence-numbers.js';

const RTO = 1_000; // rfc profile initialRtoMs
const TIME_WAIT = 2 * 120_000; // rfc profile: 2 × mslMs
const RCV_WND = 65_535; // rfc profile rcvWnd: our window, constant since data is delivered at once
const DELAYED = { config: { delayedAckMs: 200 } } as const;
const TOP = 0xffff_ffff; // 2^32 - 1
const HALF = 0x8000_0000; // 2^31

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
  { state: 'SYN-RECEIVED', reach: inSynReceived, sndNxt: seq(ISS, 1), rcvNxt: seq(IRS, 1), timer: 'retransmission', value: RTO },
  { state: 'ESTABLISHED', reach: inEstablished, sndNxt: seq(ISS, 1), rcvNxt: seq(IRS, 1), timer: 'retransmission', value: undefined },
  { state: 'FIN-WAIT-1', reach: inFinWait1, sndNxt: seq(ISS, 2), rcvNxt: seq(IRS, 1), timer: 'retransmission', value: RTO },
  { state: 'FIN-WAIT-2', reach: inFinWait2, sndNxt: seq(ISS, 2), rcvNxt: seq(IRS, 1), timer: 'retransmission', value: undefined },
  { state: 'CLOSE-WAIT', reach: inCloseWait, sndNxt: seq(ISS, 1), rcvNxt: seq(IRS, 2), timer: 'retransmission', value: undefined },
  { state: 'CLOSING', reach: inClosing, sndNxt: seq(ISS, 2), rcvNxt: seq(IRS, 2), timer: 'retransmission', value: RTO },
  { state: 'LAST-ACK', reach: inLastAck, sndNxt: seq(ISS, 2), rcvNxt: seq(IRS, 2), timer: 'retransmission', value: RTO },
  { state: 'TIME-WAIT', reach: inTimeWait, sndNxt: seq(ISS, 2), rcvNxt: seq(IRS, 2), timer: 'time-wait', value: TIME_WAIT },
];
/** The same timer after 100 ms: an unacceptable segment must neither restart nor stop it. */
const after100 = (value: number | undefined): number | undefined => (value === undefined ? undefined : value - 100);

describe('rcv unacceptable segment', () => {
  // "If an incoming segment is not acceptable, an acknowledgment should be sent in reply (unless the
  // RST bit is set ...): <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. After sending the acknowledgment, drop
  // the unacceptable segment and return."
  for (const { state, reach, sndNxt, rcvNxt, timer, value } of SYNCHRONIZED) {
    it(`${state} --rcv unacceptable segment--> ${state} (data starting at RCV.NXT+RCV.WND)`, () => {
      reach(modules).advance(100)
        .peerSends({ seq: seq(rcvNxt, RCV_WND), ack: sndNxt, ctl: 'ACK', data: 'x' })
        .expectState(state)
        .expectSent([{ seq: sndNxt, ack: rcvNxt, ctl: 'ACK' }])
        .expectNotices([]).expectTimer(timer, after100(value))
        .expectTransition(`${state} --rcv unacceptable segment--> ${state}`);
    });

    it(`${state} --rcv unacceptable segment--> ${state} (empty segment at RCV.NXT-1)`, () => {
      reach(modules).advance(100)
        .peerSends({ seq: seq(rcvNxt, -1), ack: sndNxt, ctl: 'ACK' })
        .expectState(state)
        .expectSent([{ seq: sndNxt, ack: rcvNxt, ctl: 'ACK' }])
        .expectNotices([]).expectTimer(timer, after100(value))
        .expectTransition(`${state} --rcv unacceptable segment--> ${state}`);
    });

    // In TIME-WAIT a RST is taken by the RFC 1337 rule before the sequence check (05-time-wait).
    if (state !== 'TIME-WAIT') {
      it(`${state} --rcv unacceptable segment--> ${state} (a RST outside the window is dropped silently)`, () => {
        reach(modules).advance(100)
          .peerSends({ seq: seq(rcvNxt, RCV_WND), ctl: 'RST' })
          .expectState(state).expectNothingSent().expectNotices([]).expectTimer(timer, after100(value))
          .expectTransition(`${state} --rcv unacceptable segment--> ${state}`);
      });
    }
  }

  it('TIME-WAIT --rcv unacceptable segment--> TIME-WAIT (old data, not a FIN: the 2*MSL timer is not restarted)', () => {
    // Octet IRS+1 lies before RCV.NXT = IRS+2. Only a retransmitted FIN restarts the timer.
    inTimeWait(modules).advance(1_000)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'z' })
      .expectState('TIME-WAIT')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([]).expectTimer('time-wait', TIME_WAIT - 1_000)
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
    inEstablished(modules).userCalls('SEND', 'abc').advance(100)
      .peerSends({ seq: seq(IRS, RCV_WND + 1), ack: seq(ISS, 4), ctl: 'ACK', data: 'x' })
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectState('ESTABLISHED').expectNotices([]).expectTimer('retransmission', RTO - 100);
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
      inEstablished(modules, ZERO).userCalls('SEND', 'abc')
        .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 1), ctl: 'ACK', data: 'abc', wnd: 0 }])
        .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
        .expectState('ESTABLISHED').expectNothingSent().expectNotices([])
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
      reach(modules).advance(100)
        .peerSends({ seq: rcvNxt, ctl: '', data: 'x' })
        .expectState(state).expectNothingSent().expectNotices([]).expectTimer(timer, after100(value))
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
      .expectState('ESTABLISHED').expectNothingSent().expectNotices([])
      .expectTransition('ESTABLISHED --rcv segment without ACK--> ESTABLISHED');
  });
});

describe('rcv ACK of unsent data', () => {
  // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment,
  // and return." SEG.ACK = SND.NXT+1 is the first such value.
  for (const { state, reach, sndNxt, rcvNxt, timer, value } of ACKING) {
    it(`${state} --rcv ACK of unsent data--> ${state}`, () => {
      reach(modules).advance(100)
        .peerSends({ seq: rcvNxt, ack: seq(sndNxt, 1), ctl: 'ACK' })
        .expectState(state)
        .expectSent([{ seq: sndNxt, ack: rcvNxt, ctl: 'ACK' }])
        .expectNotices([]).expectTimer(timer, after100(value))
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
});

// ---- per state: ACK, text and the delayed ACK -------------------------------------------------------

describe('FIN-WAIT-1', () => {
  it('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1', () => {
    // 'abc' then FIN: SND.NXT = ISS+5. SEG.ACK = ISS+4 covers the data, not the FIN: the state stays,
    // and with the FIN in flight the timer is restarted (RFC 6298 (5.3)).
    inEstablished(modules).userCalls('SEND', 'abc').userCalls('CLOSE')
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 1), ctl: 'FIN,ACK' }])
      .advance(400)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('FIN-WAIT-1').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1');
  });

  it('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1 (a duplicate ACK leaves the FIN outstanding)', () => {
    inFinWait1(modules).advance(100)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('FIN-WAIT-1').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO - 100)
      .expectTransition('FIN-WAIT-1 --rcv ACK--> FIN-WAIT-1');
  });

  it('FIN-WAIT-1 --rcv data--> FIN-WAIT-1', () => {
    // Text is still accepted after our FIN; the ACK carries SND.NXT = ISS+2 (after our FIN).
    inFinWait1(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'hi' })
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'hi' }])
      .expectTimer('retransmission', RTO)
      .expectTransition('FIN-WAIT-1 --rcv data--> FIN-WAIT-1');
  });

  it('FIN-WAIT-1 --rcv data ahead of RCV.NXT--> FIN-WAIT-1', () => {
    inFinWait1(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK', data: 'b' })
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('FIN-WAIT-1 --rcv data ahead of RCV.NXT--> FIN-WAIT-1')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectState('FIN-WAIT-1')
      .expectNotices([{ kind: 'data', data: 'a' }, { kind: 'data', data: 'b' }])
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectTimer('retransmission', RTO);
  });

  it('FIN-WAIT-1 --timeout delayed ACK--> FIN-WAIT-1', () => {
    inFinWait1(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'ACK', data: 'a' })
      .expectNotices([{ kind: 'data', data: 'a' }]).expectNothingSent().expectTimer('delayed-ack', 200)
      .advanceTo('delayed-ack')
      .expectState('FIN-WAIT-1')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([]).expectTimer('delayed-ack', undefined)
      // The FIN's retransmission timer, started at CLOSE, runs on.
      .expectTimer('retransmission', RTO - 200)
      .expectTransition('FIN-WAIT-1 --timeout delayed ACK--> FIN-WAIT-1');
  });
});

describe('FIN-WAIT-2', () => {
  it('FIN-WAIT-2 --rcv ACK--> FIN-WAIT-2', () => {
    // Our FIN is already acknowledged: SEG.ACK = SND.UNA = SND.NXT = ISS+2 changes nothing.
    inFinWait2(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK' })
      .expectState('FIN-WAIT-2').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('FIN-WAIT-2 --rcv ACK--> FIN-WAIT-2');
  });

  it('FIN-WAIT-2 --rcv data--> FIN-WAIT-2', () => {
    inFinWait2(modules)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'hi' })
      .expectState('FIN-WAIT-2')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 3), ctl: 'ACK' }])
      .expectNotices([{ kind: 'data', data: 'hi' }])
      .expectTimer('retransmission', undefined)
      .expectTransition('FIN-WAIT-2 --rcv data--> FIN-WAIT-2');
  });

  it('FIN-WAIT-2 --rcv data ahead of RCV.NXT--> FIN-WAIT-2', () => {
    inFinWait2(modules)
      .peerSends({ seq: seq(IRS, 3), ack: seq(ISS, 2), ctl: 'ACK', data: 'cd' })
      .expectState('FIN-WAIT-2')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 1), ctl: 'ACK' }])
      .expectNotices([])
      .expectTransition('FIN-WAIT-2 --rcv data ahead of RCV.NXT--> FIN-WAIT-2')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'ab' })
      .expectState('FIN-WAIT-2')
      .expectNotices([{ kind: 'data', data: 'ab' }, { kind: 'data', data: 'cd' }])
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 5), ctl: 'ACK' }]);
  });

  it('FIN-WAIT-2 --timeout delayed ACK--> FIN-WAIT-2', () => {
    inFinWait2(modules, DELAYED)
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 2), ctl: 'ACK', data: 'a' })
      .expectNotices([{ kind: 'data', data: 'a' }]).expectNothingSent().expectTimer('delayed-ack', 200)
      .advanceTo('delayed-ack')
      .expectState('FIN-WAIT-2')
      .expectSent([{ seq: seq(ISS, 2), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([]).expectTimer('delayed-ack', undefined)
      .expectTransition('FIN-WAIT-2 --timeout delayed ACK--> FIN-WAIT-2');
  });
});

describe('CLOSE-WAIT', () => {
  it('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT', () => {
    // "Do the same processing as for the ESTABLISHED state."
    inCloseWait(modules).userCalls('SEND', 'abc').advance(400)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('CLOSE-WAIT').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', undefined)
      .expectTransition('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT');
  });

  it('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT (text after the FIN is ignored)', () => {
    // Seventh step in CLOSE-WAIT: "Ignore the segment text." RCV.NXT stays IRS+2.
    inCloseWait(modules)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK', data: 'zz' })
      .expectState('CLOSE-WAIT').expectNothingSent().expectNotices([])
      .expectTransition('CLOSE-WAIT --rcv ACK--> CLOSE-WAIT');
  });

  it('CLOSE-WAIT --timeout delayed ACK--> CLOSE-WAIT', () => {
    // With delayedAckMs 200 the ACK of the peer's FIN waits (a CLOSE could still carry it).
    inCloseWait(modules, DELAYED)
      .expectState('CLOSE-WAIT').expectNothingSent().expectNotices([{ kind: 'closing' }])
      .expectTimer('delayed-ack', 200)
      .advanceTo('delayed-ack')
      .expectState('CLOSE-WAIT')
      .expectSent([{ seq: seq(ISS, 1), ack: seq(IRS, 2), ctl: 'ACK' }])
      .expectNotices([]).expectTimer('delayed-ack', undefined)
      .expectTransition('CLOSE-WAIT --timeout delayed ACK--> CLOSE-WAIT');
  });
});

describe('CLOSING', () => {
  it('CLOSING --rcv ACK--> CLOSING', () => {
    // 'abc' then our FIN at ISS+4; the peer's FIN crosses it. SEG.ACK = ISS+4 covers the data but not
    // our FIN: SND.UNA advances, the timer restarts for the FIN, the state stays.
    const d = inEstablished(modules).userCalls('SEND', 'abc').userCalls('CLOSE')
      .peerSends({ seq: seq(IRS, 1), ack: seq(ISS, 1), ctl: 'FIN,ACK' })
      .expectState('CLOSING')
      .expectSent([{ seq: seq(ISS, 5), ack: seq(IRS, 2), ctl: 'ACK' }]);
    d.advance(400)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('CLOSING').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('CLOSING --rcv ACK--> CLOSING');
  });

  it('CLOSING --rcv ACK--> CLOSING (a duplicate ACK is ignored)', () => {
    inClosing(modules).advance(100)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('CLOSING').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO - 100)
      .expectTransition('CLOSING --rcv ACK--> CLOSING');
  });
});

describe('LAST-ACK', () => {
  it('LAST-ACK --rcv ACK--> LAST-ACK', () => {
    // 'abc' then our FIN at ISS+4. SEG.ACK = ISS+4 leaves the FIN unacknowledged: stay in LAST-ACK.
    inCloseWait(modules).userCalls('SEND', 'abc').userCalls('CLOSE')
      .expectState('LAST-ACK')
      .expectSent([{ seq: seq(ISS, 4), ack: seq(IRS, 2), ctl: 'FIN,ACK' }])
      .advance(400)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 4), ctl: 'ACK' })
      .expectState('LAST-ACK').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO)
      .expectTransition('LAST-ACK --rcv ACK--> LAST-ACK');
  });

  it('LAST-ACK --rcv ACK--> LAST-ACK (a duplicate ACK is ignored)', () => {
    inLastAck(modules).advance(100)
      .peerSends({ seq: seq(IRS, 2), ack: seq(ISS, 1), ctl: 'ACK' })
      .expectState('LAST-ACK').expectNothingSent().expectNotices([])
      .expectTimer('retransmission', RTO - 100)
      .expectTransition('LAST-ACK --rcv ACK--> LAST-ACK');
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
