/** 08 · Resets: the RST and SYN checks of the synchronized states, ABORT. */
import { SYNCHRONIZED_STATES } from '../types.js';
import type { Rule } from './rule.js';

const RS = '08-resets';

export const RESETS = [
  {
    from: 'SYN-RECEIVED',
    event: 'rcv RST',
    to: 'LISTEN',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'passive open: return to LISTEN, the user need not be told',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv RST',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'active open: connection refused',
  },
  {
    from: ['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT'],
    event: 'rcv RST',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'tell the user "connection reset", delete the TCB',
  },
  {
    from: ['CLOSING', 'LAST-ACK', 'TIME-WAIT'],
    event: 'rcv RST',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'delete the TCB',
  },
  {
    from: SYNCHRONIZED_STATES,
    event: 'rcv RST in window',
    to: 'same',
    exercise: RS,
    rfc: 'RFC 5961 §3.2',
    summary: 'SEG.SEQ in the window but not RCV.NXT: send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv SYN',
    to: 'LISTEN',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'passive open: return to LISTEN',
  },
  {
    from: SYNCHRONIZED_STATES,
    event: 'rcv SYN',
    to: 'same',
    exercise: RS,
    rfc: 'RFC 5961 §4.2',
    summary: 'send a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
  },
  {
    from: SYNCHRONIZED_STATES,
    event: 'rcv SYN',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'rfc5961 off (RFC 793 behaviour): a SYN in the window is an error: send a RST, "connection reset"',
  },
  {
    from: 'CLOSED',
    event: 'ABORT',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.5',
    summary: 'error: connection does not exist',
  },
  {
    from: ['LISTEN', 'SYN-SENT'],
    event: 'ABORT',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.5',
    summary: 'delete the TCB, send nothing',
  },
  {
    from: ['SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT'],
    event: 'ABORT',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.5',
    summary: 'send <SEQ=SND.NXT><CTL=RST>, delete the TCB',
  },
  {
    from: ['CLOSING', 'LAST-ACK', 'TIME-WAIT'],
    event: 'ABORT',
    to: 'CLOSED',
    exercise: RS,
    rfc: 'RFC 9293 §3.10.5',
    summary: 'delete the TCB, send nothing',
  },
] as const satisfies readonly Rule[];
