/**
 * Reading captures: every link type and both file formats, on real packets. Expected values are
 * tcpdump's reading of the same files (tcpdump -nr FILE -tt), not this reader's.
 */
import { describe, expect, it } from 'vitest';
import { CaptureError } from './errors.js';
import { findFlows, viewOf } from './flows.js';
import { decodeCapture } from './packets.js';
import { readCapture } from './pcap.js';
import { capture, pcapFile, pcapngFile, pcapRecords } from './testing.js';

const decode = (bytes: Buffer, name = 'test.pcap') => decodeCapture(readCapture(bytes, name), name);

// tcpdump: "1796614725.833919 IP 10.77.1.2.43297 > 10.77.2.2.8000: Flags [S], seq 2431888404, ... length 0"
// and 11 packets in the client's own Ethernet capture.
const ETHERNET = capture('client-closes-first.ethernet.pcap');
const FIRST_SYN = { src: '10.77.1.2:43297', dst: '10.77.2.2:8000', seq: 2431888404, t: 1796614725833.919 };

describe('link types', () => {
  it("Ethernet (tcpdump on the client's interface)", () => {
    const d = decode(ETHERNET);
    expect(d.linkTypes).toEqual(['ETHERNET']);
    expect(d.segments).toHaveLength(11);
    const syn = d.segments[0]!;
    expect({ src: syn.src, dst: syn.dst, seq: syn.tcp.seq }).toEqual({
      src: FIRST_SYN.src,
      dst: FIRST_SYN.dst,
      seq: FIRST_SYN.seq,
    });
    expect(syn.t).toBeCloseTo(FIRST_SYN.t, 3);
    expect(syn.tcp.flags.syn && !syn.tcp.flags.ack).toBe(true);
    expect(syn.tcp.options).toContainEqual({ kind: 'window-scale', shift: 10 });
  });

  it('Linux cooked v2 (tcpdump -i any in the router): 22 packets, each side on its own interface', () => {
    const d = decode(capture('client-closes-first.pcap'));
    expect(d.linkTypes).toEqual(['LINUX_SLL2']);
    expect(d.segments).toHaveLength(22);
    const [flow] = findFlows(d.segments);
    expect(flow!.views).toEqual(['if2', 'if3']);
    // The client's view is the interface facing it: the same 11 segments as its own Ethernet capture.
    const client = viewOf(flow!, 'client').map((p) => `${p.src} ${p.tcp.seq} ${p.tcp.ack} ${p.len}`);
    const own = decode(ETHERNET).segments.map((p) => `${p.src} ${p.tcp.seq} ${p.tcp.ack} ${p.len}`);
    expect(client).toEqual(own);
  });

  it('Linux cooked v1 and IPv6 (tcpdump -i any -y LINUX_SLL): seq 35000984 from fd77:1::2.46521', () => {
    const d = decode(capture('ipv6-client-closes-first.sll.pcap'));
    expect(d.linkTypes).toEqual(['LINUX_SLL']);
    expect(d.segments).toHaveLength(22);
    expect(d.segments[0]).toMatchObject({ src: '[fd77:1::2]:46521', dst: '[fd77:2::2]:8000', direction: 'in' });
    expect(d.segments[0]!.tcp.seq).toBe(35000984);
    // One view holding each segment coming in and going out: a side's view keeps one copy of each.
    const [flow] = findFlows(d.segments);
    expect(viewOf(flow!, 'client')).toHaveLength(11);
  });

  it('loopback (tcpdump -i any on lo): one interface and one view holding both sides, each segment once', () => {
    const d = decode(capture('loopback.pcap'));
    // tcpdump -nr loopback.pcap: 11 packets, "lo In IP 127.0.0.1.48080 > 127.0.0.1.8000: Flags [S], seq 2046751445"
    expect(d.segments).toHaveLength(11);
    expect(d.segments[0]).toMatchObject({ src: '127.0.0.1:48080', dst: '127.0.0.1:8000', view: 'if1' });
    expect(d.segments[0]!.tcp.seq).toBe(2046751445);
    const [flow] = findFlows(d.segments);
    expect(viewOf(flow!, 'client')).toHaveLength(11);
    expect(viewOf(flow!, 'server')).toHaveLength(11);
  });

  const frames = pcapRecords(ETHERNET).records;
  const ipOnly = frames.map((r) => ({ ...r, data: r.data.subarray(14), origLen: r.origLen - 14 }));
  const family = (n: number, big: boolean) =>
    frames.map((r) => {
      const head = Buffer.alloc(4);
      if (big) head.writeUInt32BE(n);
      else head.writeUInt32LE(n);
      return { ...r, data: Buffer.concat([head, r.data.subarray(14)]), origLen: r.origLen - 10 };
    });

  it.each([
    ['raw IP (101, what tcplab live writes)', 101, ipOnly],
    ['IPv4 (228)', 228, ipOnly],
    ['BSD loopback NULL (0), host byte order', 0, family(2, false)],
    ['OpenBSD LOOP (108), network byte order', 108, family(2, true)],
  ] as const)('%s: the same 11 segments', (_name, linkType, records) => {
    const d = decode(pcapFile(linkType, records));
    expect(d.segments.map((s) => s.tcp.seq)).toEqual(decode(ETHERNET).segments.map((s) => s.tcp.seq));
  });
});

describe('file formats', () => {
  const { linkType, records } = pcapRecords(ETHERNET);
  const seqs = decode(ETHERNET).segments.map((s) => s.tcp.seq);

  it('pcapng as Wireshark writes it (merged-close.pcap converted by editcap): the same segments and times', () => {
    const ng = decode(capture('merged-close.pcapng'), 'merged-close.pcapng');
    const pcap = decode(capture('merged-close.pcap'));
    expect(ng.format).toBe('pcapng');
    expect(ng.linkTypes).toEqual(['LINUX_SLL2']);
    const key = (s: (typeof pcap.segments)[number]) => [
      s.n,
      s.view,
      s.src,
      s.tcp.seq,
      s.tcp.ack,
      s.len,
      Math.round(s.t * 1000),
    ];
    expect(ng.segments.map(key)).toEqual(pcap.segments.map(key));
  });

  it('pcap big-endian with nanosecond times', () => {
    const d = decode(pcapFile(linkType, records, { bigEndian: true, nano: true }));
    expect(d.segments.map((s) => s.tcp.seq)).toEqual(seqs);
    expect(d.segments[0]!.t).toBeCloseTo(FIRST_SYN.t, 3);
  });

  it('pcapng with microsecond and nanosecond interfaces, names kept', () => {
    const d = decode(
      pcapngFile(
        [
          { linkType, name: 'c-w' },
          { linkType, name: 'other', tsresol: 9 },
        ],
        records.map((r, i) => ({ ...r, iface: i % 2 })),
      ),
      'x.pcapng',
    );
    expect(d.format).toBe('pcapng');
    expect(d.segments.map((s) => s.tcp.seq)).toEqual(seqs);
    expect(d.segments.map((s) => s.view).slice(0, 2)).toEqual(['c-w', 'other']);
    expect(d.segments[0]!.t).toBeCloseTo(FIRST_SYN.t, 3);
    expect(d.segments[1]!.t - d.segments[0]!.t).toBeCloseTo(
      (records[1]!.sec - records[0]!.sec) * 1000 + (records[1]!.usec - records[0]!.usec) / 1000,
      3,
    );
  });

  it('a snap length that cut only payload keeps the segment and its length from the IP header', () => {
    // In abort-unread-data.pcap (SLL2) a SYN's headers take 80 octets (SLL2 20, IPv4 20, TCP 40 with
    // options), and the server's "you will not read this\n" is 72 of headers and 23 of payload:
    // 84 octets keep every header and 12 octets of that payload (tcpdump: "seq 7:30 ... length 23").
    const real = pcapRecords(capture('abort-unread-data.pcap'));
    const cut = real.records.map((r) => ({ ...r, data: r.data.subarray(0, 84) }));
    const d = decode(pcapFile(real.linkType, cut, { snaplen: 84 }));
    const data = d.segments.find((s) => s.len === 23)!;
    expect(data.cut).toBe(true);
    expect(Buffer.from(data.tcp.payload.subarray(0, 12)).toString()).toBe('you will not');
  });
});

describe('bad input: a clear message naming the file and the place', () => {
  const { linkType, records } = pcapRecords(ETHERNET);
  const fails = (bytes: Buffer, pattern: RegExp): void => {
    expect(() => decode(bytes, 'bad.pcap')).toThrow(CaptureError);
    expect(() => decode(bytes, 'bad.pcap')).toThrow(pattern);
  };

  it('a wrong magic number', () =>
    fails(
      Buffer.from('GET / HTTP/1.1\r\n\r\nxxxxxxxxxxxx'),
      /bad\.pcap: not a pcap or pcapng file \(magic number 0x47455420 at octet 0/,
    ));
  it('a file cut in a record', () =>
    fails(
      ETHERNET.subarray(0, ETHERNET.length - 10),
      /bad\.pcap: truncated at packet 11: \d+ octets announced at octet \d+, \d+ left/,
    ));
  it('a file cut in a record header', () =>
    fails(
      ETHERNET.subarray(0, 24 + 16 + records[0]!.data.length + 5),
      /truncated at packet 2: its record header needs 16 octets/,
    ));
  it('a file shorter than its header', () =>
    fails(ETHERNET.subarray(0, 10), /truncated pcap file header \(10 of 24 octets\)/));
  it('an unknown link type', () =>
    fails(pcapFile(147, records), /packet 1: unknown link type 147; replay reads NULL, ETHERNET, RAW/));
  it('a snap length that cut the TCP header', () =>
    fails(
      pcapFile(
        linkType,
        records.map((r) => ({ ...r, data: r.data.subarray(0, 40) })),
      ),
      /packet 1: the snap length cut the TCP header \(40 octets kept: 14 link, 20 IP, 6 TCP\)/,
    ));
  it('a snap length that cut the IPv4 header', () =>
    fails(
      pcapFile(
        linkType,
        records.map((r) => ({ ...r, data: r.data.subarray(0, 20) })),
      ),
      /packet 1: the snap length \(20 octets kept\) cut the IPv4 header/,
    ));
  it('a truncated pcapng block', () => {
    const ng = pcapngFile([{ linkType }], records);
    fails(ng.subarray(0, ng.length - 7), /bad\.pcap: truncated or damaged pcapng block at octet \d+/);
  });
});
