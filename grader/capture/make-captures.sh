#!/usr/bin/env bash
# Re-makes every capture in captures/ from real Linux TCP: three network namespaces joined by veth
# pairs (client tcplab-c, a routing middle tcplab-w, server tcplab-s), the scenarios of scenarios.py,
# and tcpdump in the middle on both of its interfaces (-i any: link type LINUX_SLL2, which records
# the interface of every packet, so each side's own view can be told apart and a packet dropped in
# the middle is seen entering and never leaving). Needs root, iproute2, tcpdump and python3.
#
#   sudo grader/capture/make-captures.sh            every scenario
#   sudo grader/capture/make-captures.sh lost-syn   one scenario
#   sudo OUT=/tmp/fresh grader/capture/make-captures.sh lost-syn   elsewhere (to replay a fresh capture)
#
# Losses are nftables rules in the middle's forward chain, set by the scenario itself (most drop
# only the first matching segment). Segments stay small (a few bytes of payload), so segmentation
# offload never merges them: what tcpdump sees is what the wire carries. Needs nftables too.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:-$here/captures}"
py="$here/scenarios.py"
NS=(tcplab-c tcplab-w tcplab-s)

teardown() { for n in "${NS[@]}"; do ip netns del "$n" 2>/dev/null || true; done; }

setup() {
  teardown
  for n in "${NS[@]}"; do ip netns add "$n"; ip -n "$n" link set lo up; done
  ip link add c-w netns tcplab-c type veth peer name w-c netns tcplab-w
  ip link add s-w netns tcplab-s type veth peer name w-s netns tcplab-w
  ip -n tcplab-c addr add 10.77.1.2/24 dev c-w
  ip -n tcplab-c addr add fd77:1::2/64 dev c-w nodad
  ip -n tcplab-w addr add 10.77.1.1/24 dev w-c
  ip -n tcplab-w addr add fd77:1::1/64 dev w-c nodad
  ip -n tcplab-w addr add 10.77.2.1/24 dev w-s
  ip -n tcplab-w addr add fd77:2::1/64 dev w-s nodad
  ip -n tcplab-s addr add 10.77.2.2/24 dev s-w
  ip -n tcplab-s addr add fd77:2::2/64 dev s-w nodad
  for l in "tcplab-c c-w" "tcplab-w w-c" "tcplab-w w-s" "tcplab-s s-w"; do set -- $l; ip -n "$1" link set "$2" up; done
  ip -n tcplab-c route add default via 10.77.1.1
  ip -n tcplab-c -6 route add default via fd77:1::1
  ip -n tcplab-s route add default via 10.77.2.1
  ip -n tcplab-s -6 route add default via fd77:2::1
  ip netns exec tcplab-w sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  # A short SYN retry budget so that connect-timeout ends in seconds (4 linear timeouts, then doubling).
  ip netns exec tcplab-c sysctl -qw net.ipv4.tcp_syn_retries=5
  ip netns exec tcplab-w nft add table inet lab
  ip netns exec tcplab-w nft add chain inet lab lose '{ type filter hook forward priority 0; }'
  # Neighbours resolved before any capture starts, so no scenario waits on ARP or ND.
  local udp='import socket,sys,time
for a in sys.argv[1:]:
    f = socket.AF_INET6 if ":" in a else socket.AF_INET
    socket.socket(f, socket.SOCK_DGRAM).sendto(b".", (a, 9))
time.sleep(0.2)'
  ip netns exec tcplab-c python3 -c "$udp" 10.77.2.2 fd77:2::2
  ip netns exec tcplab-s python3 -c "$udp" 10.77.1.2 fd77:1::2
}

# extra link types: a scenario named here is also captured with that link type.
declare -A EXTRA=(
  [client-closes-first]="ethernet"   # on the client's own interface, as a student would
  [ipv6-client-closes-first]="sll"   # -i any in the middle, with the older cooked header
)

capture() {
  local name="$1"
  local pids=()
  ip netns exec tcplab-w tcpdump -q --immediate-mode -i any -s 160 -U -w "$out/$name.pcap" tcp 2>/dev/null & pids+=($!)
  case "${EXTRA[$name]:-}" in
    ethernet) ip netns exec tcplab-c tcpdump -q --immediate-mode -i c-w -s 160 -U -w "$out/$name.ethernet.pcap" tcp 2>/dev/null & pids+=($!) ;;
    sll) ip netns exec tcplab-w tcpdump -q --immediate-mode -i any -y LINUX_SLL -s 160 -U -w "$out/$name.sll.pcap" tcp 2>/dev/null & pids+=($!) ;;
  esac
  sleep 1
  ip netns exec tcplab-s python3 "$py" server "$name" & local server=$!
  sleep 0.3
  ip netns exec tcplab-c python3 "$py" client "$name"
  # --immediate-mode hands tcpdump each packet as it comes; the pause lets the last ones be written.
  sleep 1
  for p in "${pids[@]}"; do kill -INT "$p"; wait "$p" || true; done
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  echo "$name: $(stat -c %s "$out/$name.pcap") bytes"
}

trap teardown EXIT
mkdir -p "$out"
if [ $# -gt 0 ]; then names=("$@"); else mapfile -t names < <(python3 "$py" list); fi
for name in "${names[@]}"; do [ "$name" = loopback ] || { setup; capture "$name"; }; done

# Loopback: both ends in the client's namespace on 127.0.0.1 (made with every scenario, or alone
# when "loopback" is named).
if [ $# -eq 0 ] || [[ " $* " == *" loopback "* ]]; then
  setup
  ip netns exec tcplab-c tcpdump -q --immediate-mode -i any -s 160 -U -w "$out/loopback.pcap" 'tcp and host 127.0.0.1' 2>/dev/null & dump=$!
  sleep 1
  ip netns exec tcplab-c python3 "$py" loopback
  sleep 1
  kill -INT "$dump"; wait "$dump" || true
  echo "loopback: $(stat -c %s "$out/loopback.pcap") bytes"
fi

# One capture in pcapng too, written by Wireshark's editcap (wireshark-common) where it is installed.
if command -v editcap >/dev/null && [ -f "$out/merged-close.pcap" ]; then
  editcap -F pcapng "$out/merged-close.pcap" "$out/merged-close.pcapng"
fi

{
  echo "# How these captures were made"
  echo
  echo "Made by grader/capture/make-captures.sh on $(date -u +%Y-%m-%d)."
  echo
  echo "- kernel: $(uname -sr)"
  echo "- tcpdump: $(tcpdump --version 2>&1 | head -1); $(tcpdump --version 2>&1 | sed -n 2p)"
  echo "- python: $(python3 --version 2>&1)"
  echo "- path: client 10.77.1.2 / fd77:1::2, server 10.77.2.2 / fd77:2::2, a router between them"
  echo "  (veth pairs, no added delay); capture in the router on both interfaces (-i any, LINUX_SLL2):"
  echo "  interface index 2 faces the client, 3 the server"
  echo
  echo "Captures:"
  echo
  python3 "$py" about
  echo "- \`client-closes-first.ethernet.pcap\`: the same conversation captured on the client's own interface (Ethernet)"
  echo "- \`ipv6-client-closes-first.sll.pcap\`: the IPv6 conversation captured in the router with the older cooked header (LINUX_SLL)"
  echo "- \`merged-close.pcapng\`: merged-close.pcap converted to pcapng by editcap ($(editcap -v 2>/dev/null | head -1 | grep -o "Wireshark) [0-9.]*" | tr -d ")"))"
  echo
  echo "TCP sysctls in the client's namespace (the server's are the same but tcp_syn_retries=6):"
  echo
  for k in tcp_syn_linear_timeouts tcp_syn_retries tcp_synack_retries tcp_retries2 tcp_fin_timeout \
           tcp_timestamps tcp_sack tcp_window_scaling tcp_ecn tcp_early_retrans tcp_recovery \
           tcp_keepalive_time tcp_keepalive_intvl tcp_keepalive_probes tcp_tw_reuse tcp_rmem tcp_wmem; do
    echo "- $k = $(ip netns exec tcplab-c cat /proc/sys/net/ipv4/$k | tr '\t' ' ')"
  done
} > "$out/CAPTURED.md"
