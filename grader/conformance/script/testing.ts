/** Shared by the script tests: the example of the format and a way to vary it one line at a time. */

/** The example of the format, as written in its specification. */
export const EXAMPLE = `# lost final ACK: our FIN is retransmitted after one RTO
profile rfc
set delayedAckMs=0
iss 1000          # our ISS
irs 5000          # the peer's ISN; relative numbers below count from these
0     user OPEN active
0     > S 0:0(0)
+0.005 < S. 0:0(0) ack 1
+0    > . 1:1(0) ack 1
state ESTABLISHED
+0.1  user SEND 5
+0    > . 1:6(5) ack 1
+0.005 < . 1:1(0) ack 6
+1.0  user CLOSE
+0    > F. 6:6(0) ack 1
+1.0  > F. 6:6(0) ack 1      # retransmitted after the 1 s RTO
state FIN-WAIT-1
`;
export const FILE = 'scripts/lost-final-ack.pkt';

/** Replace line `n` (1-based) of the example. */
export const withLine = (n: number, line: string, text = EXAMPLE): string =>
  text
    .split('\n')
    .map((l, i) => (i === n - 1 ? line : l))
    .join('\n');
