/**
 * The codec against bytes Linux 6.18 really sent (./kernel-syn.ts): its checksums were computed by
 * the kernel, so they check ours; the field values below were read from the hex by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { internetChecksum } from './checksum.js';
import { KERNEL_SYN_HEX } from './kernel-syn.js';
import { WireError } from './errors.js';
import { buildIpv4, formatIpv4, ipv4Address, parseIpv4, PROTOCOL_TCP } from './ipv4.js';
import { fromEngineSegment, toEngineSegment } from './segment.js';
import { buildTcp, NO_FLAGS, parseTcp, tcpChecksumOk, type TcpSegment } from './tcp.js';

const KERNEL_SYN = Buffer.from(KERNEL_SYN_HEX, 'hex');

describe('Internet checksum (RFC 1071)', () => {
  it('matches the worked example of RFC 1071 §3: the sum of 0001 f203 f4f5 f6f7 is ddf2, its complement 220d', () => {
    expect(internetChecksum(Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]))).toBe(0x220d);
  });

  it('pairs octets across parts of odd length as if they were one buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(200), (bytes, cut) => {
        const at = Math.min(cut, bytes.length);
        expect(internetChecksum(bytes.subarray(0, at), bytes.subarray(at))).toBe(internetChecksum(bytes));
      }),
    );
  });
});

describe('IPv4 header', () => {
  it("reads the kernel's SYN and agrees with its header checksum", () => {
    const ip = parseIpv4(KERNEL_SYN);
    expect(formatIpv4(ip.src)).toBe('10.77.0.1');
    expect(formatIpv4(ip.dst)).toBe('10.77.0.2');
    expect(ip).toMatchObject({ protocol: PROTOCOL_TCP, ttl: 64, id: 0xa7f6, headerLength: 20, checksumOk: true });
    expect(ip.payload.length).toBe(40);
  });

  it("writes the kernel's header octet for octet from the same fields", () => {
    const ip = parseIpv4(KERNEL_SYN);
    const again = buildIpv4({
      src: ip.src,
      dst: ip.dst,
      protocol: ip.protocol,
      ttl: ip.ttl,
      id: ip.id,
      payload: ip.payload,
    });
    expect(Buffer.from(again).toString('hex')).toBe(KERNEL_SYN.toString('hex'));
  });

  it('notices one flipped bit in the header', () => {
    const bad = Buffer.from(KERNEL_SYN);
    bad[8] = 63; // TTL
    expect(parseIpv4(bad).checksumOk).toBe(false);
  });

  it('refuses what is not an IPv4 packet, naming the field', () => {
    expect(() => parseIpv4(KERNEL_SYN.subarray(0, 12))).toThrow(/IPv4 header \(octet 12\): 12 octets/);
    const v6 = Buffer.from(KERNEL_SYN);
    v6[0] = 0x60;
    expect(() => parseIpv4(v6)).toThrow(WireError);
    expect(() => parseIpv4(v6)).toThrow(/IPv4 version \(octet 0\): version 6/);
    const cut = KERNEL_SYN.subarray(0, 50);
    expect(() => parseIpv4(cut)).toThrow(/total length/);
    const fragment = Buffer.from(KERNEL_SYN);
    fragment[6] = 0x20; // More Fragments
    expect(() => parseIpv4(fragment)).toThrow(/fragment/);
  });

  it('reads and writes dotted addresses', () => {
    expect(Array.from(ipv4Address('10.77.0.2'))).toEqual([10, 77, 0, 2]);
    expect(() => ipv4Address('10.77.0.256')).toThrow(/not an IPv4 address/);
    expect(() => ipv4Address('10.77.0')).toThrow(/not an IPv4 address/);
  });
});

describe('TCP header', () => {
  const ip = parseIpv4(KERNEL_SYN);

  it("reads the kernel's SYN: ports, sequence number, window and the four options Linux offers", () => {
    const tcp = parseTcp(ip.payload);
    expect(tcp).toMatchObject({
      srcPort: 53544,
      dstPort: 8080,
      seq: 0xd2177f25,
      ack: 0,
      window: 64240,
      headerLength: 40,
      checksum: 0x99af,
    });
    expect(tcp.flags).toEqual({ ...NO_FLAGS, syn: true });
    expect(tcp.options).toEqual([
      { kind: 'mss', mss: 1460 },
      { kind: 'sack-permitted' },
      { kind: 'timestamps', value: 0x7351e978, echo: 0 },
      { kind: 'window-scale', shift: 10 },
    ]);
    expect(tcp.payload.length).toBe(0);
  });

  it("agrees with the kernel's checksum over the pseudo-header, and notices a changed port", () => {
    expect(tcpChecksumOk(ip.payload, ip.src, ip.dst)).toBe(true);
    expect(tcpChecksumOk(ip.payload, ip.dst, ip.src)).toBe(true); // swapping addresses keeps the sum: a property of one's complement
    expect(tcpChecksumOk(ip.payload, ip.src, ipv4Address('10.77.0.3'))).toBe(false);
    const bad = Buffer.from(ip.payload);
    bad[1] = 0x29;
    expect(tcpChecksumOk(bad, ip.src, ip.dst)).toBe(false);
  });

  it("computes the kernel's checksum when it builds the same segment", () => {
    const tcp = parseTcp(ip.payload);
    // Linux puts a NOP before window scale, which the list does not keep: write it as the kernel did.
    const built = buildTcp({ ...tcp, options: tcp.options.slice(0, 3) }, ip.src, ip.dst);
    const withNop = Buffer.concat([built.subarray(0, 36), Buffer.from([1, 3, 3, 10])]);
    withNop[12] = 0xa0;
    withNop.writeUInt16BE(0, 16);
    withNop.writeUInt16BE(
      internetChecksum(Buffer.from('0a4d00010a4d00020006', 'hex'), Uint8Array.from([0, 40]), withNop),
      16,
    );
    expect(withNop.toString('hex')).toBe(Buffer.from(ip.payload).toString('hex'));
  });

  it('reads back what it writes, checksum included, for any segment (IPv4 and IPv6 pseudo-headers)', () => {
    const flags = fc.record({
      fin: fc.boolean(),
      syn: fc.boolean(),
      rst: fc.boolean(),
      psh: fc.boolean(),
      ack: fc.boolean(),
      urg: fc.boolean(),
      ece: fc.boolean(),
      cwr: fc.boolean(),
    });
    const option = fc.oneof(
      fc.record({ kind: fc.constant('mss' as const), mss: fc.nat(0xffff) }),
      fc.record({ kind: fc.constant('window-scale' as const), shift: fc.nat(14) }),
      fc.constant({ kind: 'sack-permitted' as const }),
      fc.record({ kind: fc.constant('timestamps' as const), value: fc.nat(0xffffffff), echo: fc.nat(0xffffffff) }),
    );
    const segment: fc.Arbitrary<TcpSegment> = fc.record({
      srcPort: fc.nat(0xffff),
      dstPort: fc.nat(0xffff),
      seq: fc.nat(0xffffffff),
      ack: fc.nat(0xffffffff),
      flags,
      window: fc.nat(0xffff),
      urgent: fc.nat(0xffff),
      options: fc.array(option, { maxLength: 3 }),
      payload: fc.uint8Array({ maxLength: 300 }),
    });
    const address = fc.oneof(
      fc.uint8Array({ minLength: 4, maxLength: 4 }),
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
    );
    fc.assert(
      fc.property(segment, address, (seg, src) => {
        const dst = src.map((b) => b ^ 0x5a);
        const bytes = buildTcp(seg, src, dst);
        expect(tcpChecksumOk(bytes, src, dst)).toBe(true);
        const { headerLength: _h, checksum: _c, ...back } = parseTcp(bytes);
        expect({ ...back, payload: Array.from(back.payload) }).toEqual({ ...seg, payload: Array.from(seg.payload) });
      }),
    );
  });

  it('refuses a data offset beyond the segment and an option that overruns the header', () => {
    const short = Buffer.from(ip.payload.subarray(0, 30));
    expect(() => parseTcp(short)).toThrow(/TCP data offset \(octet 12\): header length 40, segment 30 octets/);
    const overrun = Buffer.from(ip.payload);
    overrun[21] = 30; // MSS option claims 30 octets
    expect(() => parseTcp(overrun)).toThrow(/TCP option 2 length \(octet 21\)/);
  });
});

describe('between the wire and the engine', () => {
  it("gives the engine the kernel's SYN without its options", () => {
    const ip = parseIpv4(KERNEL_SYN);
    expect(toEngineSegment(parseTcp(ip.payload))).toEqual({
      seq: 0xd2177f25,
      ack: 0,
      wnd: 64240,
      flags: { syn: true, ack: false, fin: false, rst: false },
      data: '',
    });
  });

  it('announces our MSS on a SYN-ACK only, sets PSH with data, caps the window at 16 bits and zeroes ack without ACK', () => {
    const ports = { srcPort: 8080, dstPort: 53544 };
    const synAck = fromEngineSegment(
      {
        seq: 4294967000,
        ack: 0xd2177f26,
        wnd: 70000,
        flags: { syn: true, ack: true, fin: false, rst: false },
        data: '',
      },
      ports,
      1460,
    );
    expect(synAck).toMatchObject({
      seq: 4294967000,
      ack: 0xd2177f26,
      window: 0xffff,
      options: [{ kind: 'mss', mss: 1460 }],
    });
    expect(synAck.flags).toEqual({ ...NO_FLAGS, syn: true, ack: true });
    const data = fromEngineSegment(
      {
        seq: 1,
        ack: 2,
        wnd: 100,
        flags: { syn: false, ack: true, fin: false, rst: false },
        data: 'HTTP/1.0 200 OK\r\n',
      },
      ports,
      1460,
    );
    expect(data.options).toEqual([]);
    expect(data.flags.psh).toBe(true);
    expect(Buffer.from(data.payload).toString('latin1')).toBe('HTTP/1.0 200 OK\r\n');
    const rst = fromEngineSegment(
      { seq: 7, ack: 99, wnd: 0, flags: { syn: false, ack: false, fin: false, rst: true }, data: '' },
      ports,
      1460,
    );
    expect(rst.ack).toBe(0);
  });

  it('carries any octet through unchanged, one character each', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const seg = toEngineSegment({
      ...parseTcp(
        buildTcp(
          { srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: NO_FLAGS, window: 0, urgent: 0, options: [], payload: all },
          new Uint8Array(4),
          new Uint8Array(4),
        ),
      ),
    });
    expect(seg.data.length).toBe(256);
    expect(Array.from(fromEngineSegment(seg, { srcPort: 1, dstPort: 2 }, 536).payload)).toEqual(Array.from(all));
  });
});
