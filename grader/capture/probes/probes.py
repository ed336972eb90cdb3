"""
Probes behind the linux profile's settings (grader/engine/config.ts), each a case named by a letter:

  unshare -rn python3 probes.py a b c e f g h i j w s

a  close() with unread data                 f  keepalive give-up              j  quick-ack
b  close() with SO_LINGER 0                 g  SYN-RECEIVED: the SYN again,   w  a segment past the window
c  data after close() and after shutdown()     a new SYN, an inexact RST      s  SYN schedule (takes 140 s)
e  an ACK above SND.NXT                     h  TIME-WAIT answers
                                            i  CLOSING
"""
import socket, struct, subprocess, sys, time
from peer import Peer

which = sys.argv[1:]
p = Peer()
L = socket.socket(); L.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); L.bind(('10.9.0.1', 80)); L.listen(16)

def conn(sport, isn=1000):
    p.sport = sport; p.dport = 80; p.drain()
    kiss = p.handshake_to_listener(isn)
    c, _ = L.accept(); time.sleep(0.05); return c, kiss

def case(name): print('== ' + name, flush=True)
def ss(): print(subprocess.run('ss -tan | grep -v LISTEN', shell=True, capture_output=True, text=True).stdout, flush=True)
def fin_of(): return p.expect(pred=lambda s: 'F' in s['flags'])

if 'a' in which:
    case('a: close() with 5 octets unread'); c, k = conn(6001)
    p.send('PA', 1001, k + 1, b'hello'); time.sleep(0.1); c.close(); time.sleep(0.3)
if 'b' in which:
    case('b: SO_LINGER 0, then close()'); c, k = conn(6002)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); c.close(); time.sleep(0.3)
if 'c' in which:
    case('c1: data in FIN-WAIT-2 after close()'); c, k = conn(6003); c.close(); f = fin_of()
    p.send('A', 1001, f['seq'] + 1); time.sleep(0.1); p.send('PA', 1001, f['seq'] + 1, b'late'); time.sleep(0.3)
    case('c2: data in FIN-WAIT-2 after shutdown(SHUT_WR)'); c, k = conn(6013); c.shutdown(socket.SHUT_WR); f = fin_of()
    p.send('A', 1001, f['seq'] + 1); time.sleep(0.1); p.send('PA', 1001, f['seq'] + 1, b'late'); time.sleep(0.3)
    print('the application read', c.recv(100))
if 'e' in which:
    case('e: an ACK 1000 above SND.NXT, bare, then with data'); c, k = conn(6005)
    p.send('A', 1001, k + 1 + 1000); time.sleep(0.3); p.send('PA', 1001, k + 1 + 1000, b'data'); time.sleep(0.3)
if 'f' in which:
    case('f: keepalive 1 s idle, 1 s interval, 2 probes, nothing answers'); c, k = conn(6006)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    for opt in (socket.TCP_KEEPIDLE, socket.TCP_KEEPINTVL): c.setsockopt(socket.IPPROTO_TCP, opt, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 2); time.sleep(5)
if 'g' in which:
    case('g1: the same SYN again in SYN-RECEIVED'); p.sport = 7001
    p.send('S', 1000); p.expect(); time.sleep(0.3); p.send('S', 1000); time.sleep(0.3)
    case('g2: a SYN at 1500 in SYN-RECEIVED, then an ACK'); p.send('S', 1500); time.sleep(0.3); p.send('A', 1001, 0); time.sleep(0.3)
    case('g3: a RST 5 past RCV.NXT in SYN-RECEIVED'); p.sport = 7003; p.drain(); p.send('S', 1000); sa = p.expect()
    p.send('R', 1006); time.sleep(0.3); ss()
if 'h' in which:
    case('h: TIME-WAIT'); c, k = conn(7010); c.close(); f = fin_of()
    p.send('FA', 1001, f['seq'] + 1); time.sleep(0.2); ss()
    print('h1 a bare ACK at RCV.NXT'); p.send('A', 1002, f['seq'] + 1); time.sleep(0.7)
    print('h2 data at RCV.NXT'); p.send('PA', 1002, f['seq'] + 1, b'late'); time.sleep(0.7)
    print('h3 an old ACK, SEQ = RCV.NXT-1'); p.send('A', 1001, f['seq'] + 1); time.sleep(0.7)
    print('h4 a RST 8 past RCV.NXT'); p.send('R', 1010); time.sleep(0.7); ss()
    print('h5 an ACK above SND.NXT'); p.send('A', 1002, f['seq'] + 100); time.sleep(0.7)
    print('h6 a SYN far above RCV.NXT'); p.send('S', 900000); time.sleep(0.5); ss()
if 'i' in which:
    case('i: CLOSING'); c, k = conn(7020); c.close(); f = fin_of()
    p.send('FA', 1001, f['seq']); time.sleep(0.1); ss()
    print('i1 an ACK short of our FIN'); p.send('A', 1002, f['seq']); time.sleep(0.7)
    print('i2 the FIN again'); p.send('FA', 1001, f['seq']); time.sleep(0.7)
    print('i3 the ACK of our FIN'); p.send('A', 1002, f['seq'] + 1); time.sleep(0.3); ss()
if 'j' in which:
    case('j: 24 data segments 80 ms apart, each read at once'); c, k = conn(7030)
    for n in range(24):
        p.send('PA', 1001 + 100 * n, k + 1, b'q' * 100); time.sleep(0.08); c.recv(1000)
    time.sleep(0.3)
if 'w' in which:
    case('w: a segment 100 octets past the advertised window, at RCV.NXT')
    W = socket.socket(); W.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 600); W.bind(('10.9.0.1', 81)); W.listen(4)
    p.sport = 7040; p.dport = 81; p.drain(); p.send('S', 1000); sa = p.expect(pred=lambda s: 'S' in s['flags'])
    p.send('A', 1001, sa['seq'] + 1); c, _ = W.accept(); time.sleep(0.05)
    p.send('PA', 1001, sa['seq'] + 1, b'x' * (sa['win'] + 100)); time.sleep(0.3)
if 's' in which:
    case('s: connect() to an address that never answers'); s = socket.socket(); t = time.time()
    try: s.connect(('10.9.0.2', 80))
    except OSError as e: print('connect failed after %.1f s: %r' % (time.time() - t, e))
