/**
 * The comparison rules (./compare.ts) on an observation of the reference: an active open answered
 * by a SYN,ACK (RFC 9293 §3.5, figure 6: the opener sends ACK with SEQ=ISS+1, ACK=IRS+1 and enters
 * ESTABLISHED). Every compared field, changed alone, is a difference named by its field; what the RFC
 * leaves free (the acknowledgment field of a segment without ACK, §3.1) is not.
 */
import { describe, expect, it } from 'vitest';
import { modules } from '../../solutions/modules.js';
import { compare } from './compare.js';
import { observe, type Observation } from './observe.js';

const ISS = 1000;
const IRS = 5000;

function observed(): Observation {
  const steps = observe(
    { profile: 'rfc', config: {}, iss: ISS },
    [
      { t: 0, call: { call: 'OPEN', mode: 'active' } },
      { t: 10, seg: { seq: IRS, ack: ISS + 1, ctl: 'SYN,ACK' } },
    ],
    modules,
  );
  return steps.at(-1)!;
}

describe('compare', () => {
  const base = observed();

  it('observes the RFC handshake: ESTABLISHED, one ACK with SEQ=ISS+1 ACK=IRS+1', () => {
    expect(base.state).toBe('ESTABLISHED');
    expect(base.sent).toEqual([{ ctl: 'ACK', seq: ISS + 1, ack: IRS + 1, data: '' }]);
    expect(base.tcb).toMatchObject({ iss: ISS, irs: IRS, snd: { una: ISS + 1, nxt: ISS + 1 }, rcv: { nxt: IRS + 1 } });
    expect(compare(base, observed())).toBeUndefined();
  });

  const changes: [string, (o: Observation) => void][] = [
    ['state', (o) => void (o.state = 'SYN-RECEIVED')],
    ['sent', (o) => void (o.sent[0]!.seq += 1)],
    ['sent', (o) => void (o.sent[0]!.ack += 1)],
    ['sent', (o) => void (o.sent[0]!.data = 'x')],
    ['sent', (o) => void (o.sent[0]!.ctl = 'ACK,FIN')],
    ['sent', (o) => void o.sent.push({ ...o.sent[0]! })],
    ['notices', (o) => void (o.notices = [])],
    ['timers', (o) => void o.timers.push(['retransmission', 1000])],
    ['tcb', (o) => void (o.tcb.snd.una += 1)],
    ['tcb', (o) => void (o.tcb.snd.nxt += 1)],
    ['tcb', (o) => void (o.tcb.snd.wnd += 1)],
    ['tcb', (o) => void (o.tcb.rcv.nxt += 1)],
    ['tcb', (o) => void (o.tcb.rcv.wnd += 1)],
    ['tcb', (o) => void (o.tcb.iss += 1)],
    ['tcb', (o) => void (o.tcb.irs += 1)],
  ];
  it.each(changes.map(([field, change], i) => [i, field, change] as const))(
    'change %i alone is a difference in %s',
    (_, field, change) => {
      const actual = observed();
      change(actual);
      expect(compare(base, actual)?.field).toBe(field);
    },
  );

  it('the acknowledgment field of a segment without ACK is not compared, nor the rules a step names', () => {
    const withoutAck = (ack: number): Observation => ({
      ...observed(),
      sent: [{ ctl: 'RST', seq: ISS + 1, ack, data: '' }],
    });
    expect(compare(withoutAck(0), withoutAck(77))).toBeUndefined();
    const other = observed();
    other.rules = [];
    expect(compare(base, other)).toBeUndefined();
  });

  it('an error in the code under test is a difference before anything else', () => {
    const actual = observed();
    actual.state = 'CLOSED';
    actual.error = { name: 'NotImplemented', message: 'stub' };
    expect(compare(base, actual)).toMatchObject({ field: 'error', actual: 'NotImplemented: stub' });
  });
});
