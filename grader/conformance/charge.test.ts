/** Where a divergence in a conversation is charged: always to a rule of the exercise under test, the one nearest to what went wrong. */
import { describe, expect, it } from 'vitest';
import { findEntry } from '../engine/catalogue.js';
import { chargeTo } from './charge.js';

const ACK = 'ESTABLISHED --rcv ACK--> ESTABLISHED'; // 01
const SEND = 'ESTABLISHED --SEND--> ESTABLISHED'; // 01
const UNACCEPTABLE = 'SYN-RECEIVED --rcv unacceptable segment--> SYN-RECEIVED'; // 01
const HANDSHAKE_ACK = 'SYN-RECEIVED --rcv ACK--> ESTABLISHED'; // 02
const FIN = 'ESTABLISHED --rcv FIN--> CLOSE-WAIT'; // 04
const SEQ = '01-sequence-numbers';

describe('chargeTo', () => {
  it('uses rules of the catalogue whose exercises are as this test assumes', () => {
    expect([ACK, SEND, UNACCEPTABLE].map((id) => findEntry(id)?.exercise)).toEqual([SEQ, SEQ, SEQ]);
    expect(findEntry(HANDSHAKE_ACK)?.exercise).toBe('02-three-way-handshake');
    expect(findEntry(FIN)?.exercise).toBe('04-four-way-close');
  });

  it("charges the step's own transition when it is the exercise's", () => {
    expect(chargeTo(SEQ, [{ transition: SEND }, { transition: ACK }], 1, { transition: FIN })).toBe(ACK);
  });

  it("charges the exercise's rule the reference followed on the way to another exercise's transition", () => {
    // A FIN,ACK: the ACK is processed (exercise 01), then the FIN moves the state (exercise 04).
    expect(
      chargeTo(SEQ, [{ transition: SEND }, { transition: FIN, rules: [ACK, FIN] }], 1, {
        transition: FIN,
        rules: [FIN],
      }),
    ).toBe(ACK);
  });

  it("charges the exercise's rule the submission followed instead, when the reference followed none of its rules", () => {
    // The handshake's last ACK judged unacceptable by the submission's sequence-number code.
    const steps = [{ transition: HANDSHAKE_ACK, rules: [HANDSHAKE_ACK] }, { transition: SEND }];
    expect(chargeTo(SEQ, steps, 0, { transition: UNACCEPTABLE, rules: [UNACCEPTABLE] })).toBe(UNACCEPTABLE);
  });

  it("charges the exercise's next rule in the conversation, else its last one before", () => {
    const steps = [{ transition: ACK }, { transition: HANDSHAKE_ACK }, { transition: SEND }];
    expect(chargeTo(SEQ, steps, 1, { transition: HANDSHAKE_ACK })).toBe(SEND);
    expect(chargeTo(SEQ, steps.slice(0, 2), 1, undefined)).toBe(ACK);
  });
});
