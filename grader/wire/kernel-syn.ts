/**
 * A SYN Linux 6.18 really sent, for tests: `curl http://10.77.0.2:8080/` inside `unshare -rn`, read
 * from a TUN device (10.77.0.1/24) through socat's UDP relay. Its checksums are the kernel's.
 * IPv4: 60 octets, id a7f6, DF, TTL 64, checksum 7e29. TCP: 53544 → 8080, seq d2177f25, SYN,
 * window 64240, checksum 99af; options MSS 1460, SACK-permitted, timestamps, NOP, window scale 10.
 */
export const KERNEL_SYN_HEX =
  '4500003ca7f6400040067e290a4d00010a4d0002' +
  'd1281f90d2177f2500000000a002faf099af0000' +
  '020405b40402080a7351e978000000000103030a';
