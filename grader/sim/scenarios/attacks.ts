/** Forged segments: a blind reset attempt, and a stray RST in TIME-WAIT. */
import { makeSegment } from '../../engine/tcb.js';
import { CLIENT_ADDR, SERVER, echoServer, type Scenario } from './setup.js';

export const attackScenarios: Scenario[] = [
  {
    name: 'rst-attack',
    summary: 'a forged RST lands in the window but not at RCV.NXT: RFC 5961 answers with a challenge ACK',
    lesson: '08-resets',
    play(stage) {
      const accepted = echoServer(stage, { closeAfterMs: 50 });
      const { net, client } = stage;
      net.at(0, () => {
        const s = client.connect(SERVER);
        s.on('connected', () => {
          net.after(50, () => {
            // The attacker knows the 4-tuple but must guess the sequence number: 1000 octets off here.
            const victim = accepted[0];
            if (!victim) return;
            const seq = (victim.engine.tcb.rcv.nxt + 1_000) >>> 0;
            net.inject(net.now, { addr: CLIENT_ADDR, port: s.local.port }, SERVER, makeSegment({ seq, ctl: 'RST' }, 0));
          });
          net.after(200, () => {
            if (s.state === 'ESTABLISHED') s.close();
          });
        });
      });
      net.run();
    },
  },
  {
    name: 'time-wait-rst',
    summary: 'a RST reaches a connection in TIME-WAIT: ignored with rfc1337 on, ends TIME-WAIT early with it off',
    lesson: '08-resets',
    play(stage) {
      echoServer(stage, { closeAfterMs: 0 });
      const { net, client } = stage;
      net.at(0, () => {
        const s = client.connect(SERVER);
        s.on('connected', () => net.after(20, () => s.close()));
        // One second into TIME-WAIT, a RST at exactly RCV.NXT (say, from an old duplicate).
        s.on('closing', () =>
          net.after(1_000, () => {
            if (s.state !== 'TIME-WAIT') return;
            net.inject(net.now, SERVER, s.local, makeSegment({ seq: s.engine.tcb.rcv.nxt, ctl: 'RST' }, 0));
          }),
        );
      });
      net.run();
    },
  },
];
