/** 02 · The three-way handshake: OPEN, SYN, SYN,ACK and the ACK that completes it, simultaneous open. */
import { allBut, type Rule } from './rule.js';

const HS = '02-three-way-handshake';

export const THREE_WAY_HANDSHAKE = [
  {
    from: 'CLOSED',
    event: 'OPEN passive',
    to: 'LISTEN',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.1',
    summary: 'create the TCB and wait for a SYN',
  },
  {
    from: 'CLOSED',
    event: 'OPEN active',
    to: 'SYN-SENT',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.1',
    summary: 'select ISS, send <SEQ=ISS><CTL=SYN>, SND.UNA = ISS, SND.NXT = ISS+1',
  },
  {
    from: allBut('CLOSED'),
    event: 'OPEN',
    to: 'same',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.1',
    summary: 'error: connection already exists',
  },
  {
    from: 'LISTEN',
    event: 'rcv SYN',
    to: 'SYN-RECEIVED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.2',
    summary: 'RCV.NXT = SEG.SEQ+1, IRS = SEG.SEQ, select ISS, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>',
  },
  {
    from: 'SYN-SENT',
    event: 'rcv SYN,ACK',
    to: 'ESTABLISHED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.3',
    summary:
      'our SYN is acknowledged: RCV.NXT = SEG.SEQ+1, SND.UNA = SEG.ACK, send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>',
  },
  {
    from: 'SYN-SENT',
    event: 'rcv SYN',
    to: 'SYN-RECEIVED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.3',
    summary: 'simultaneous open: send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv ACK',
    to: 'ESTABLISHED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'SND.UNA < SEG.ACK =< SND.NXT: the handshake is complete',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv SYN,ACK',
    to: 'ESTABLISHED',
    exercise: HS,
    rfc: 'RFC 9293 §3.5',
    summary: "simultaneous open: the peer's SYN,ACK acknowledges our SYN (Figure 7 line 7)",
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv unacceptable ACK',
    to: 'SYN-RECEIVED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'the ACK does not acknowledge our SYN: send <SEQ=SEG.ACK><CTL=RST>',
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv duplicate SYN',
    to: 'SYN-RECEIVED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.4 (Linux tcp_check_req answers otherwise)',
    summary:
      "dupSynSynAck on, passive open: the peer's SYN again (SEG.SEQ = IRS): send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> again",
  },
  {
    from: 'SYN-RECEIVED',
    event: 'rcv segment without ACK',
    to: 'SYN-RECEIVED',
    exercise: HS,
    rfc: 'RFC 9293 §3.10.7.4',
    summary: 'fifth step: the ACK bit is off, drop the segment',
  },
] as const satisfies readonly Rule[];
