/** 05 · TIME-WAIT: a retransmitted FIN, RFC 1337, reopening on a SYN, the 2MSL timer. */
import type { Rule } from './rule.js';

const TW = '05-time-wait';

export const TIME_WAIT = [
  {
    from: 'TIME-WAIT',
    event: 'rcv FIN',
    to: 'TIME-WAIT',
    exercise: TW,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'a retransmitted FIN: acknowledge it again and restart the 2*MSL timer',
  },
  {
    from: 'TIME-WAIT',
    event: 'rcv RST ignored',
    to: 'TIME-WAIT',
    exercise: TW,
    rfc: 'RFC 9293 §3.6.1',
    summary:
      'rfc1337 on: a RST must not end TIME-WAIT early (RFC 1337 §3); timeWaitAcks on: a RST not at RCV.NXT is dropped',
  },
  {
    from: 'TIME-WAIT',
    event: 'rcv ACK',
    to: 'TIME-WAIT',
    exercise: TW,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'nothing new can arrive: ignore it',
  },
  {
    from: 'TIME-WAIT',
    event: 'rcv ACK, restart',
    to: 'TIME-WAIT',
    exercise: TW,
    rfc: 'RFC 9293 §3.10.7.4 (Linux tcp_timewait_state_process answers otherwise)',
    summary: 'timeWaitAcks on: restart the 2*MSL timer; acknowledge any text with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
  },
  {
    from: 'TIME-WAIT',
    event: 'rcv SYN above RCV.NXT',
    to: 'SYN-RECEIVED',
    exercise: TW,
    rfc: 'RFC 9293 §3.6.1 (MAY-2)',
    summary:
      'timeWaitReopen on, passive open: a new incarnation; ISS = SND.NXT + 65537, IRS = SEG.SEQ, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>',
  },
  {
    from: 'TIME-WAIT',
    event: 'timeout 2MSL',
    to: 'CLOSED',
    exercise: TW,
    rfc: 'RFC 9293 §3.10.8',
    summary: 'delete the TCB',
  },
] as const satisfies readonly Rule[];
