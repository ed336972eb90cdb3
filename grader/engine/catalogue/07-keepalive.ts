/** 07 · Keepalive: probes on an idle connection, giving up on unanswered ones. */
import type { Rule } from './rule.js';

const KA = '07-keepalive';

export const KEEPALIVE = [
  {
    from: ['ESTABLISHED', 'CLOSE-WAIT'],
    event: 'timeout keepalive',
    to: 'same',
    exercise: KA,
    rfc: 'RFC 9293 §3.8.4',
    summary: 'idle too long: send the probe <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK> with no data',
  },
  {
    from: ['ESTABLISHED', 'CLOSE-WAIT'],
    event: 'timeout keepalive',
    to: 'CLOSED',
    exercise: KA,
    rfc: 'RFC 1122 §4.2.3.6 (not on one probe); the RST: Linux tcp_keepalive_timer, no RFC, in ABORT form (RFC 9293 §3.10.5)',
    summary: 'keepAliveCount probes unanswered: send a RST, tell the user "timed out"',
  },
] as const satisfies readonly Rule[];
