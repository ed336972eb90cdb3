#!/usr/bin/env python3
"""One real TCP conversation per scenario, for make-captures.sh.

Run as `scenarios.py ROLE SCENARIO`, ROLE being server (in namespace tcplab-s) or client (in
tcplab-c). Losses are nftables rules in the middle namespace tcplab-w, set from here at the moment
the scenario needs them; most lose only the first segment they match, so no timing window decides
what is lost.
"""
import socket
import struct
import subprocess
import sys
import time

PORT = 8000
CLOSED_PORT = 8001
V4 = {"server": "10.77.2.2", "client": "10.77.1.2"}
V6 = {"server": "fd77:2::2", "client": "fd77:1::2"}

# nftables matches in the middle's forward chain, by the kind of segment to lose.
MATCH = {
    "syn": "tcp flags & (syn|ack) == syn",
    "synack": "tcp flags & (syn|ack) == syn|ack",
    "pureack": "tcp flags == ack",
    "psh": "tcp flags & psh == psh",
    "fin": "tcp flags & fin == fin",
    "all": "meta l4proto tcp",
}


def drop(towards: str, what: str, once: bool = True) -> None:
    """Lose, in the middle, TCP segments of kind `what` headed to `towards` (client|server).

    With once, only the first such segment: a quota of 100 bytes is used up by one segment of
    these sizes (52 to 80 bytes), so the next one passes.
    """
    dev = "w-s" if towards == "server" else "w-c"
    quota = "quota until 100 bytes" if once else ""
    subprocess.run(["ip", "netns", "exec", "tcplab-w", "nft",
                    f"add rule inet lab lose oifname {dev} {MATCH[what]} {quota} drop"], check=True)


def undrop() -> None:
    subprocess.run(["ip", "netns", "exec", "tcplab-w", "nft", "flush chain inet lab lose"], check=True)


def listener(family=socket.AF_INET) -> socket.socket:
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    addr = V6["server"] if family == socket.AF_INET6 else V4["server"]
    s.bind((addr, PORT))
    s.listen(8)
    return s


def connect(port=PORT, family=socket.AF_INET, local_port=0, keepalive=False) -> socket.socket:
    c = socket.socket(family, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if keepalive:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 3)
    if family == socket.AF_INET6:
        c.bind((V6["client"], local_port))
        c.connect((V6["server"], port))
    else:
        c.bind((V4["client"], local_port))
        c.connect((V4["server"], port))
    return c


def read_all(s: socket.socket) -> bytes:
    out = b""
    while True:
        b = s.recv(4096)
        if not b:
            return out
        out += b


def abort(s: socket.socket) -> None:
    """close() with SO_LINGER on and a zero timeout: Linux sends a RST."""
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def accept(l: socket.socket) -> socket.socket:
    conn, _ = l.accept()
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return conn


# Each scenario: (server function or None, client function). The server gets its listening socket.

def s_close_after_eof(l, wait=0.3):
    c = accept(l)
    c.recv(100)
    c.sendall(b"world\n")
    read_all(c)
    time.sleep(wait)
    c.close()


def c_client_closes_first():
    c = connect()
    c.sendall(b"hello\n")
    c.recv(100)
    time.sleep(0.2)
    c.close()
    time.sleep(0.6)


def s_server_closes_first(l):
    c = accept(l)
    c.recv(100)
    c.sendall(b"world\n")
    time.sleep(0.1)
    c.close()


def c_server_closes_first():
    c = connect()
    c.sendall(b"hello\n")
    read_all(c)
    time.sleep(0.3)
    c.close()
    time.sleep(0.3)


def s_half_close(l):
    c = accept(l)
    read_all(c)
    for chunk in (b"one\n", b"two\n", b"three\n"):
        c.sendall(chunk)
        time.sleep(0.1)
    c.close()


def c_half_close():
    c = connect()
    c.sendall(b"request\n")
    c.shutdown(socket.SHUT_WR)
    read_all(c)
    c.close()
    time.sleep(0.3)


def c_refused():
    try:
        connect(port=CLOSED_PORT)
    except ConnectionRefusedError:
        pass
    time.sleep(0.2)


def s_idle_until_eof(l):
    c = accept(l)
    c.recv(100)
    c.sendall(b"world\n")
    try:
        read_all(c)
    except ConnectionResetError:
        pass
    c.close()


def c_abort():
    c = connect()
    c.sendall(b"hello\n")
    c.recv(100)
    time.sleep(0.2)
    abort(c)
    time.sleep(0.3)


def s_send_unread(l):
    c = accept(l)
    c.recv(100)
    c.sendall(b"world\n")
    time.sleep(0.1)
    c.sendall(b"you will not read this\n")
    try:
        read_all(c)
    except ConnectionResetError:
        pass
    c.close()


def c_close_unread():
    c = connect()
    c.sendall(b"hello\n")
    c.recv(6)
    time.sleep(0.3)  # the second message arrives and stays unread
    c.close()
    time.sleep(0.3)


def s_data_after_close(l):
    c = accept(l)
    c.recv(100)
    c.sendall(b"world\n")
    time.sleep(0.3)  # the client has closed by now
    try:
        c.sendall(b"late\n")
        time.sleep(0.2)
        c.sendall(b"later\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    time.sleep(0.2)
    c.close()


def c_data_after_close():
    c = connect()
    c.sendall(b"hello\n")
    c.recv(100)
    time.sleep(0.1)
    c.close()
    time.sleep(0.8)


def c_lost_syn():
    drop("server", "syn")
    c = connect()
    c.sendall(b"hello\n")
    c.recv(100)
    c.close()
    time.sleep(0.5)


def c_lost_synack():
    drop("client", "synack")
    c = connect()
    c.sendall(b"hello\n")
    c.recv(100)
    c.close()
    time.sleep(0.5)


def s_close_at_once(l):
    s_close_after_eof(l, wait=0)


def c_lost_final_ack():
    c = connect()
    c.sendall(b"hello\n")
    c.recv(100)
    time.sleep(0.2)
    drop("server", "pureack")
    c.close()
    time.sleep(1.0)


def s_time_wait_fin_retransmit(l):
    c = accept(l)
    c.recv(100)
    c.sendall(b"world\n")
    time.sleep(0.1)
    drop("client", "pureack")
    c.close()
    time.sleep(1.0)


def c_time_wait_fin_retransmit():
    c = connect()
    c.sendall(b"hello\n")
    read_all(c)
    c.close()
    time.sleep(1.2)


def c_keepalive_answered():
    c = connect(keepalive=True)
    c.sendall(b"hello\n")
    c.recv(100)
    time.sleep(3.5)
    c.close()
    time.sleep(0.5)


def s_keepalive_dead(l):
    c = accept(l)
    c.recv(100)
    c.sendall(b"world\n")
    time.sleep(7)
    c.close()


def c_keepalive_dead():
    c = connect(keepalive=True)
    c.sendall(b"hello\n")
    c.recv(100)
    time.sleep(0.1)
    drop("server", "all", once=False)  # the server's host is gone: nothing reaches it
    try:
        c.recv(100)
    except (TimeoutError, OSError):
        pass
    undrop()
    c.close()
    time.sleep(0.2)


def at(t):
    time.sleep(max(0.0, t - time.time()))


def s_simultaneous(l):
    c = accept(l)
    start = float(c.recv(100).decode())
    c.sendall(b"world\n")
    at(start + 0.5)
    c.shutdown(socket.SHUT_WR)
    read_all(c)
    c.close()
    time.sleep(0.5)


def c_simultaneous():
    c = connect()
    start = time.time()
    c.sendall(f"{start:.3f}".encode())
    c.recv(100)
    # Each side's first FIN is lost, so each sends its FIN before it has seen the other's: the
    # retransmitted FINs then cross, as in RFC 9293's Figure 13.
    drop("server", "fin")
    drop("client", "fin")
    at(float(f"{start:.3f}") + 0.5)
    c.shutdown(socket.SHUT_WR)
    read_all(c)
    c.close()
    time.sleep(0.5)


def s_echo_until_eof(l):
    c = accept(l)
    while True:
        b = c.recv(4096)
        if not b:
            break
    c.sendall(b"done\n")
    c.close()


def c_lost_data():
    c = connect()
    c.sendall(b"first\n")
    time.sleep(0.2)
    drop("server", "psh")
    c.sendall(b"second\n")
    time.sleep(1.0)
    c.shutdown(socket.SHUT_WR)
    read_all(c)
    c.close()
    time.sleep(0.3)


def s_rst_established(l):
    c = accept(l)
    c.recv(100)
    c.sendall(b"world\n")
    time.sleep(0.3)
    abort(c)


def c_rst_established():
    c = connect()
    c.sendall(b"hello\n")
    c.recv(100)
    try:
        c.recv(100)
    except ConnectionResetError:
        pass
    c.close()
    time.sleep(0.2)


def s_close_wait_leak(l):
    c = accept(l)
    c.recv(100)
    c.sendall(b"world\n")
    read_all(c)
    time.sleep(5)  # never closes while the capture runs: CLOSE-WAIT
    c.close()


def c_close_wait_leak():
    c = connect()
    c.sendall(b"hello\n")
    c.recv(100)
    c.close()
    time.sleep(1.0)


def s_twice_server_first(l):
    for _ in range(2):
        s_server_closes_first(l)


def c_syn_to_time_wait():
    c = connect(local_port=40123)
    c.sendall(b"hello\n")
    read_all(c)
    c.close()
    time.sleep(0.3)  # the server's side of the first connection is in TIME-WAIT
    c = connect(local_port=40123)
    c.sendall(b"again\n")
    read_all(c)
    c.close()
    time.sleep(0.3)


def c_connect_timeout():
    drop("server", "syn", once=False)
    try:
        connect()
    except (TimeoutError, OSError):
        pass
    undrop()


def s_ipv6(l):
    l.close()
    s_close_after_eof(listener(socket.AF_INET6), wait=0.3)


def c_ipv6():
    c = connect(family=socket.AF_INET6)
    c.sendall(b"hello\n")
    c.recv(100)
    time.sleep(0.2)
    c.close()
    time.sleep(0.6)


def s_lost_server_fin(l):
    c = accept(l)
    c.recv(100)
    c.sendall(b"world\n")
    time.sleep(0.1)
    drop("client", "fin")
    c.close()
    time.sleep(1.0)


def loopback():
    """Both ends in one process on 127.0.0.1: one interface, one view, both sides in it."""
    import threading
    l = socket.socket()
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("127.0.0.1", PORT))
    l.listen(1)

    def serve():
        c = accept(l)
        c.recv(100)
        c.sendall(b"world\n")
        read_all(c)
        time.sleep(0.1)
        c.close()

    t = threading.Thread(target=serve)
    t.start()
    c = socket.create_connection(("127.0.0.1", PORT))
    c.sendall(b"hello\n")
    c.recv(100)
    time.sleep(0.1)
    c.close()
    t.join()
    time.sleep(0.3)


SCENARIOS = {
    "client-closes-first": (s_close_after_eof, c_client_closes_first),
    "server-closes-first": (s_server_closes_first, c_server_closes_first),
    "merged-close": (s_close_at_once, c_client_closes_first),
    "half-close-with-data": (s_half_close, c_half_close),
    "refused": (None, c_refused),
    "abort": (s_idle_until_eof, c_abort),
    "abort-unread-data": (s_send_unread, c_close_unread),
    "data-after-close": (s_data_after_close, c_data_after_close),
    "lost-syn": (s_close_at_once, c_lost_syn),
    "lost-syn-ack": (s_close_at_once, c_lost_synack),
    "lost-final-ack": (s_close_at_once, c_lost_final_ack),
    "time-wait-fin-retransmit": (s_time_wait_fin_retransmit, c_time_wait_fin_retransmit),
    "keepalive-answered": (s_idle_until_eof, c_keepalive_answered),
    "keepalive-dead": (s_keepalive_dead, c_keepalive_dead),
    "simultaneous-close": (s_simultaneous, c_simultaneous),
    "lost-data-segment": (s_echo_until_eof, c_lost_data),
    "rst-in-established": (s_rst_established, c_rst_established),
    "close-wait-leak": (s_close_wait_leak, c_close_wait_leak),
    "syn-to-time-wait": (s_twice_server_first, c_syn_to_time_wait),
    "connect-timeout": (None, c_connect_timeout),
    "ipv6-client-closes-first": (s_ipv6, c_ipv6),
    "lost-server-fin": (s_lost_server_fin, c_server_closes_first),
}

# What each capture shows, for captures/CAPTURED.md.
ABOUT = {
    "client-closes-first": "request and reply; the client closes, the server 0.3 s after end of stream (four-way close)",
    "server-closes-first": "the server replies and closes first; TIME-WAIT on the server",
    "merged-close": "the server closes as soon as it reads end of stream: its FIN rides on its ACK (three segments)",
    "half-close-with-data": "the client shuts down its sending side; the server sends three chunks, then closes",
    "refused": "a SYN to a port with no listener: RST,ACK",
    "abort": "the client closes with SO_LINGER 0: RST,ACK instead of FIN",
    "abort-unread-data": "the client closes with unread data in its receive queue: Linux sends RST,ACK",
    "data-after-close": "the client closes, then the server sends data: the orphaned socket answers with RST",
    "lost-syn": "the first SYN is lost and re-sent after 1 s",
    "lost-syn-ack": "the first SYN,ACK is lost; the client re-sends its SYN and the server its SYN,ACK",
    "lost-final-ack": "the client's last ACK is lost: the server re-sends its FIN, the client in TIME-WAIT acknowledges it",
    "time-wait-fin-retransmit": "the server closes first and its last ACK is lost: the client re-sends its FIN to the server in TIME-WAIT",
    "keepalive-answered": "keepalive 1 s idle, 1 s interval: three probes, each answered",
    "keepalive-dead": "keepalive with nothing reaching the server: three probes, then RST,ACK",
    "simultaneous-close": "both close at the same moment and both first FINs are lost: the re-sent FINs cross (CLOSING)",
    "lost-data-segment": "the second data segment is lost and re-sent after the 200 ms minimum RTO",
    "rst-in-established": "the server aborts an idle connection: the client receives RST,ACK in ESTABLISHED",
    "close-wait-leak": "the client closes; the server never does and stays in CLOSE-WAIT",
    "syn-to-time-wait": "two connections from the same port: the second SYN reaches the server's socket in TIME-WAIT",
    "connect-timeout": "every SYN is lost: linear, then doubling retransmissions (tcp_syn_retries 5)",
    "ipv6-client-closes-first": "the client-closes-first conversation over IPv6",
    "lost-server-fin": "the server's FIN is lost and re-sent after the minimum RTO",
}
# Made apart from the others (both ends on one host's loopback), by `scenarios.py loopback`.
LOOPBACK_ABOUT = "both ends on 127.0.0.1 in one namespace, tcpdump -i any: both sides in one view of lo, each segment once"

if __name__ == "__main__":
    role = sys.argv[1]
    if role == "list":
        print("\n".join(SCENARIOS))
        sys.exit(0)
    if role == "about":
        print("\n".join(f"- `{name}.pcap`: {ABOUT[name]}" for name in SCENARIOS))
        print(f"- `loopback.pcap`: {LOOPBACK_ABOUT}")
        sys.exit(0)
    if role == "loopback":
        loopback()
        sys.exit(0)
    server, client = SCENARIOS[sys.argv[2]]
    if role == "server":
        if server is not None:
            server(listener())
    else:
        client()
