/** IPv6 headers on a real packet: the client's SYN of ipv6-client-closes-first.pcap (SLL2, 20-octet link header). */
import { describe, expect, it } from 'vitest';
import { CaptureError } from './errors.js';
import { formatIpv6, parseIpv6 } from './ipv6.js';
import { capture, pcapRecords } from './testing.js';

const SYN = pcapRecords(capture('ipv6-client-closes-first.pcap')).records[0]!.data.subarray(20);

describe('IPv6', () => {
  it('reads the addresses tcpdump shows (fd77:1::2 > fd77:2::2) and finds TCP after 40 octets', () => {
    const ip = parseIpv6(SYN, 'p');
    expect([formatIpv6(ip.src), formatIpv6(ip.dst)]).toEqual(['fd77:1::2', 'fd77:2::2']);
    expect({ protocol: ip.protocol, headerLength: ip.headerLength, totalLength: ip.totalLength }).toEqual({
      protocol: 6,
      headerLength: 40,
      totalLength: SYN.length,
    });
  });

  it('steps over a hop-by-hop options header (RFC 8200 §4.3) to the TCP header', () => {
    // Next Header 0 (hop-by-hop) in the fixed header; the 8-octet extension names TCP (6) next and
    // carries one PadN option; the payload length grows by 8.
    const withHbh = Buffer.concat([SYN.subarray(0, 40), Buffer.from([6, 0, 1, 4, 0, 0, 0, 0]), SYN.subarray(40)]);
    withHbh[6] = 0;
    withHbh.writeUInt16BE(withHbh.length - 40, 4);
    const ip = parseIpv6(withHbh, 'p');
    expect({ protocol: ip.protocol, headerLength: ip.headerLength }).toEqual({ protocol: 6, headerLength: 48 });
  });

  it('refuses a fragment and a header cut short, naming the packet', () => {
    const fragment = Buffer.from(SYN);
    fragment[6] = 44;
    expect(() => parseIpv6(fragment, 'x.pcap: packet 1')).toThrow(
      new CaptureError('x.pcap: packet 1: an IPv6 fragment; fragments are not reassembled'),
    );
    expect(() => parseIpv6(SYN.subarray(0, 30), 'x.pcap: packet 1')).toThrow(
      'x.pcap: packet 1: IPv6 header cut at 30 of 40 octets',
    );
  });

  it('writes addresses in RFC 5952 form', () => {
    const a = (hex: string): Uint8Array => Buffer.from(hex.replace(/ /g, ''), 'hex');
    expect(formatIpv6(a('2001 0db8 0000 0000 0000 0000 0000 0001'))).toBe('2001:db8::1');
    expect(formatIpv6(a('0000 0000 0000 0000 0000 0000 0000 0001'))).toBe('::1');
    expect(formatIpv6(a('2001 0db8 0000 0001 0000 0000 0001 0001'))).toBe('2001:db8:0:1::1:1');
    expect(formatIpv6(a('2001 0db8 0001 0001 0001 0001 0001 0001'))).toBe('2001:db8:1:1:1:1:1:1');
  });
});
