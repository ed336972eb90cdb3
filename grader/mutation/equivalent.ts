/**
 * Surviving mutants shown to be equivalent: no input changes what the module does as the suite and
 * the engine can see it (state, segments, notices, timers), given the engine's dispatch order and
 * the provided plumbing (output(), the after-event hooks). They are left out of the score's
 * denominator and listed separately. Ids are those `npm run mutation` prints; an entry whose mutant
 * is killed, or no longer exists, is reported as a problem.
 *
 * Each was also run against every generated candidate check of every exercise (with the mutant on
 * the last input, and on every input), every scenario from both sides, every script, and 300 random
 * conversations from both sides, with no difference from the reference.
 */
export interface Equivalent {
  readonly id: string;
  /** One line: why no observable behaviour changes. */
  readonly reason: string;
}

const IGNORED = 'the engine ignores the verdict of the last step';
const UNUSED_SEQ_GEQ = 'seqGeq is called by no module and not by the engine: no behaviour depends on it';
const PROBES_RESET =
  'probesOut is read only when the keepalive timer expires, which the new incarnation can start only once idle after a received segment (ESTABLISHED or CLOSE-WAIT, all acknowledged), and the keepalive hook sets probesOut to 0 right then';
const KEEPALIVE_IDLE_ARMED =
  'never runs: a connection becomes idle (ESTABLISHED or CLOSE-WAIT, keepalive on, all acknowledged) only on a received segment, which takes the before.received branch, and while it stays idle every event leaves the timer running (keepaliveTimeout re-arms it)';

export const EQUIVALENT: readonly Equivalent[] = [
  // 01 sequence numbers
  {
    id: 'sequence-numbers:seqLt:literal:e4ca2e',
    reason: 'x | 1 has the sign of x for every int32 and turns 0 into 1, so `< 0` answers the same',
  },
  { id: 'sequence-numbers:seqGeq:arithmetic:80f215', reason: UNUSED_SEQ_GEQ },
  { id: 'sequence-numbers:seqGeq:literal:c9ed10', reason: UNUSED_SEQ_GEQ },
  { id: 'sequence-numbers:seqGeq:literal:868e3a', reason: UNUSED_SEQ_GEQ },
  { id: 'sequence-numbers:seqGeq:relational:b6bab6', reason: UNUSED_SEQ_GEQ },
  { id: 'sequence-numbers:seqGeq:literal:89c270', reason: UNUSED_SEQ_GEQ },
  { id: 'sequence-numbers:seqGeq:literal:f64bcb', reason: UNUSED_SEQ_GEQ },
  {
    id: 'sequence-numbers:isAcceptable:literal:27af0c',
    reason: 'with RCV.WND = 0 both window tests after it are false anyway (RCV.NXT =< n < RCV.NXT is empty)',
  },
  {
    id: 'sequence-numbers:processAck:relational:b3460b',
    reason:
      'output() re-arms the timer at now + RTO while data is outstanding and cancels it when none is, after every event; TIME-WAIT and CLOSED clear it',
  },
  {
    id: 'sequence-numbers:sendAckNow:relational:c8cc11',
    reason:
      "ackOwed is never negative, and with ackOwed = 0 no delayed-ACK timer runs where text is processed (output() sets it only with ackOwed > 0, and every reset of ackOwed in ESTABLISHED and FIN-WAIT-1/-2 cancels it, but the FIN's, which leads to CLOSING or TIME-WAIT, left by way of enterTimeWait or CLOSED, which cancel it): the extra cancel finds no timer",
  },
  {
    id: 'sequence-numbers:sendAckNow:literal:1c1240',
    reason:
      'for an integer, > -1 is >= 0: ackOwed is never negative, and with ackOwed = 0 no delayed-ACK timer runs where text is processed, so the extra cancel finds no timer',
  },
  {
    id: 'sequence-numbers:processText:verdict:c6ef27',
    reason: 'only checkFin follows, and it does nothing in the states that skip text (CLOSE-WAIT, CLOSING, LAST-ACK)',
  },
  {
    id: 'sequence-numbers:processText:verdict:4e7400',
    reason: 'only checkFin follows, and it returns at once for a segment without FIN',
  },
  {
    id: 'sequence-numbers:processText:verdict:b88e54',
    reason: 'only checkFin follows, and the FIN of a held segment lies beyond RCV.NXT, so it is ignored',
  },
  // 02 three-way handshake
  {
    id: 'three-way-handshake:synSentCheckSyn:verdict:1e8857',
    reason: 'synSentOther, processText and checkFin, which follow, do nothing in SYN-RECEIVED',
  },
  {
    id: 'three-way-handshake:synReceivedCheckAck:verdict:9707db',
    reason: 'processText and checkFin, which follow, do nothing in SYN-RECEIVED',
  },
  {
    id: 'three-way-handshake:synReceivedCheckAck:verdict:f35f43',
    reason: 'processText and checkFin, which follow, do nothing in SYN-RECEIVED',
  },
  // 03 handshake failures
  { id: 'handshake-failures:closedSegmentArrives:verdict:cd0ea8', reason: `the only step for CLOSED: ${IGNORED}` },
  { id: 'handshake-failures:listenOther:verdict:e5fb6d', reason: `the last step for LISTEN: ${IGNORED}` },
  {
    id: 'handshake-failures:synSentOther:verdict:065a35',
    reason: 'processText and checkFin, which follow, do nothing in SYN-SENT',
  },
  {
    id: 'handshake-failures:retransmissionTimeout:remove:a08e0a',
    reason: 'output() re-arms the expired timer after the event with the same, already doubled, RTO',
  },
  // 04 four-way close
  {
    id: 'four-way-close:enterTimeWait:remove:4e99a7',
    reason: 'TIME-WAIT is entered only once all is acknowledged, and processAck has already stopped the timer then',
  },
  {
    id: 'four-way-close:enterTimeWait:remove:4247c7',
    reason: 'the keepalive hook stops the timer after every event outside ESTABLISHED and CLOSE-WAIT',
  },
  {
    id: 'four-way-close:enterTimeWait:remove:e856c4',
    reason: 'the user-timeout hook stops the timer after every event with nothing outstanding, as in TIME-WAIT',
  },
  {
    id: 'four-way-close:checkAckOfFin:verdict:0809b0',
    reason: 'processText and checkFin, which follow, do nothing in CLOSING or TIME-WAIT',
  },
  {
    id: 'four-way-close:checkAckOfFin:verdict:f6fc50',
    reason: 'processText and checkFin, which follow, do nothing in CLOSED',
  },
  {
    id: 'four-way-close:checkAckOfFin:verdict:244b10',
    reason: 'processText and checkFin, which it skips, do nothing in LAST-ACK',
  },
  {
    id: 'four-way-close:checkFin:verdict:16bf2d',
    reason: `checkFin is the last step of every list it is in: ${IGNORED}`,
  },
  {
    id: 'four-way-close:checkFin:verdict:e9ff3f',
    reason: `checkFin is the last step of every list it is in: ${IGNORED}`,
  },
  {
    id: 'four-way-close:checkFin:verdict:721975',
    reason: `checkFin is the last step of every list it is in: ${IGNORED}`,
  },
  {
    id: 'four-way-close:checkFin:verdict:5bae4c',
    reason: `checkFin is the last step of every list it is in: ${IGNORED}`,
  },
  {
    id: 'four-way-close:checkFin:verdict:79cbc3',
    reason: `checkFin is the last step of every list it is in: ${IGNORED}`,
  },
  {
    id: 'four-way-close:checkFin:verdict:88d573',
    reason: `checkFin is the last step of every list it is in: ${IGNORED}`,
  },
  {
    id: 'four-way-close:checkFin:literal:525f33',
    reason:
      'the connection is then in CLOSING, where nothing adds to ackOwed, and output() acts only on ackOwed > 0, so -1 is 0',
  },
  {
    id: 'four-way-close:checkFin:literal:13dd6b',
    reason:
      'the connection is then in TIME-WAIT, where nothing adds to ackOwed, and output() acts only on ackOwed > 0, so -1 is 0',
  },
  {
    id: 'four-way-close:close:negate:05256d',
    reason:
      'in CLOSE-WAIT both branches queue the FIN and enter LAST-ACK; they differ only in the name of the rule, which no check compares (state, segments, notices, timers and TCB are the same)',
  },
  {
    id: 'four-way-close:refuseDataAfterClose:verdict:785b26',
    reason:
      'the connection is CLOSED by then: processText, which follows, skips CLOSED, and checkFin does nothing there',
  },
  // 05 TIME-WAIT
  {
    id: 'time-wait:retransmittedFin:logical:61d4a4',
    reason:
      'differs only for a segment with FIN and RST but no SYN, which no Ctl (the segments the kit can describe) has',
  },
  { id: 'time-wait:checkAck:verdict:a16e9c', reason: `the last step for TIME-WAIT: ${IGNORED}` },
  { id: 'time-wait:checkAck:verdict:38d61d', reason: `the last step for TIME-WAIT: ${IGNORED}` },
  {
    id: 'time-wait:reopenOnSyn:remove:776872',
    reason:
      'the buffer is already empty: TIME-WAIT comes only after the ACK of our FIN, which acknowledged every octet before it (processAck dropped them), and SEND in TIME-WAIT queues nothing',
  },
  {
    id: 'time-wait:reopenOnSyn:remove:777fd4',
    reason:
      'the hold queue is already empty: the engine calls takeHeld after every segment, and it empties the queue outside ESTABLISHED and FIN-WAIT-1/-2',
  },
  {
    id: 'time-wait:reopenOnSyn:remove:8ca33b',
    reason:
      'ackOwed is already 0: the FIN that leads to CLOSING or TIME-WAIT sets it to 0, and nothing in those states adds to it',
  },
  {
    id: 'time-wait:reopenOnSyn:remove:6e2c09',
    reason:
      'retries is already 0: the ACK of our FIN that leads to TIME-WAIT advanced SND.UNA, which resets it (processAck), and nothing is retransmitted after that',
  },
  { id: 'time-wait:reopenOnSyn:remove:05baee', reason: PROBES_RESET },
  { id: 'time-wait:reopenOnSyn:literal:917015', reason: PROBES_RESET },
  { id: 'time-wait:reopenOnSyn:literal:d174db', reason: PROBES_RESET },
  // 07 keepalive
  { id: 'keepalive:afterEvent:remove:61b91f', reason: KEEPALIVE_IDLE_ARMED },
  { id: 'keepalive:afterEvent:config:d5ef5b', reason: KEEPALIVE_IDLE_ARMED },
];
