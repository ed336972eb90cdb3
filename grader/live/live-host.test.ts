/**
 * The engine behind the wire codec, without a namespace: the kernel's real SYN goes in as bytes and
 * what comes out is checked against RFC 9293 by hand. Fast, and runs anywhere.
 */
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../engine/config.js';
import { modules } from '../../solutions/modules.js';
import { buildIpv4, formatIpv4, parseIpv4, PROTOCOL_TCP } from '../wire/ipv4.js';
import { KERNEL_SYN_HEX } from '../wire/kernel-syn.js';
import { buildTcp, NO_FLAGS, parseTcp, tcpChecksumOk } from '../wire/tcp.js';
import { httpServer } from './apps.js';
import { EngineStopped } from './contain.js';
import { LiveHost } from './live-network.js';
import type { TraceStep } from '../sim/trace.js';

const SYN = Buffer.from(KERNEL_SYN_HEX, 'hex');
const KERNEL_ISS = 0xd2177f25;

function setup(profile: 'rfc' | 'linux' = 'rfc') {
  const sent: Uint8Array[] = [];
  const steps: TraceStep[] = [];
  const config = makeConfig(profile);
  const live = new LiveHost({
    modules,
    config,
    engineAddr: '10.77.0.2',
    kernelAddr: '10.77.0.1',
    send: (p) => sent.push(p),
    onStep: (s) => steps.push(s),
    limitMs: 5_000,
    kernelStart: 'CLOSED',
  });
  const read = (i: number) => {
    const ip = parseIpv4(sent[i]!);
    expect(ip.checksumOk).toBe(true);
    expect(tcpChecksumOk(ip.payload, ip.src, ip.dst)).toBe(true);
    return { ip, tcp: parseTcp(ip.payload) };
  };
  return { live, sent, steps, config, read };
}

describe("LiveHost: the kernel's bytes in, RFC 9293's answer out", () => {
  it('a SYN to a listening port gets <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> with our MSS and no other option (§3.10.7.2)', () => {
    const { live, sent, read, config } = setup();
    live.act(0, 'listen', () => live.host.listen(8080, httpServer('hi\n')));
    live.packet(SYN, 10);
    expect(sent).toHaveLength(1);
    const { ip, tcp } = read(0);
    expect([formatIpv4(ip.src), formatIpv4(ip.dst), ip.protocol]).toEqual(['10.77.0.2', '10.77.0.1', PROTOCOL_TCP]);
    expect(tcp).toMatchObject({
      srcPort: 8080,
      dstPort: 53544,
      seq: 1_000_000,
      ack: KERNEL_ISS + 1,
      window: Math.min(config.rcvWnd, 0xffff),
    });
    expect(tcp.flags).toEqual({ ...NO_FLAGS, syn: true, ack: true });
    expect(tcp.options).toEqual([{ kind: 'mss', mss: config.mss }]);
    expect(live.host.ss().map((r) => r.state)).toEqual(['LISTEN', 'SYN-RECEIVED']);
  });

  it('with no SYN,ACK acknowledged, the retransmission timer sends it again once virtual time reaches the RTO', () => {
    const { live, sent, read, config } = setup();
    live.act(0, 'listen', () => live.host.listen(8080, httpServer('hi\n')));
    live.packet(SYN, 0);
    live.advance(config.initialRtoMs - 1);
    expect(sent).toHaveLength(1);
    live.advance(config.initialRtoMs);
    expect(sent).toHaveLength(2);
    expect(read(1).tcp).toMatchObject({ seq: 1_000_000, ack: KERNEL_ISS + 1 });
  });

  it('a SYN to a port nobody listens on gets <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (§3.10.7.1)', () => {
    const { live, sent, read } = setup();
    live.packet(SYN, 0);
    expect(sent).toHaveLength(1);
    const { tcp } = read(0);
    expect(tcp.flags).toEqual({ ...NO_FLAGS, rst: true, ack: true });
    expect(tcp).toMatchObject({ seq: 0, ack: KERNEL_ISS + 1, options: [] });
  });

  it('drops a segment whose TCP checksum is wrong, and ignores what is not TCP to our address', () => {
    const { live, sent } = setup();
    live.act(0, 'listen', () => live.host.listen(8080, httpServer('hi\n')));
    const bad = Buffer.from(SYN);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
    live.packet(bad, 0);
    expect(live.badChecksums).toBe(1);
    const ip = parseIpv4(SYN);
    const elsewhere = buildIpv4({
      src: ip.src,
      dst: Uint8Array.from([10, 77, 0, 9]),
      protocol: PROTOCOL_TCP,
      payload: ip.payload,
    });
    live.packet(elsewhere, 0);
    live.packet(Buffer.from('6000000000083afffe80', 'hex'), 0); // the start of an IPv6 router solicitation
    expect(live.ignored).toBe(2);
    expect(sent).toHaveLength(0);
  });

  it('serves one HTTP GET and closes first, as the diagram records it from both sides', () => {
    const { live, sent, read, steps } = setup();
    live.act(0, 'listen', () => live.host.listen(8080, httpServer('hello\n')));
    live.packet(SYN, 0);
    const k = { src: Uint8Array.from([10, 77, 0, 1]), dst: Uint8Array.from([10, 77, 0, 2]) };
    const fromKernel = (seq: number, ack: number, data: string, fin = false) =>
      buildIpv4({
        ...k,
        protocol: PROTOCOL_TCP,
        payload: buildTcp(
          {
            srcPort: 53544,
            dstPort: 8080,
            seq,
            ack,
            flags: { ...NO_FLAGS, ack: true, fin, psh: data.length > 0 },
            window: 64240,
            urgent: 0,
            options: [],
            payload: Buffer.from(data),
          },
          k.src,
          k.dst,
        ),
      });
    live.packet(fromKernel(KERNEL_ISS + 1, 1_000_001, ''), 1);
    const get = 'GET / HTTP/1.0\r\n\r\n';
    live.packet(fromKernel(KERNEL_ISS + 1, 1_000_001, get), 2);
    const out = sent.slice(1).map((_, i) => read(i + 1).tcp);
    const reply = out
      .filter((t) => t.payload.length > 0)
      .map((t) => Buffer.from(t.payload).toString('latin1'))
      .join('');
    expect(reply).toMatch(/^HTTP\/1\.0 200 OK\r\n[^]*\r\n\r\nhello\n$/);
    const fin = out.find((t) => t.flags.fin)!;
    expect(fin.seq).toBe(1_000_001 + reply.length); // the FIN follows the data
    expect(live.host.sockets()[0]!.state).toBe('FIN-WAIT-1');
    // The kernel's segments appear as steps of a side named linux, so the diagram draws their arrows.
    expect(steps.filter((s) => s.side === 'linux').map((s) => s.sent[0]!.flags.join(','))).toEqual([
      'SYN',
      'ACK',
      'ACK',
    ]);
  });

  it('a handler that throws stops the run with its name and message', () => {
    const broken = {
      ...modules,
      handshake: {
        ...modules.handshake,
        listenCheckSyn: () => {
          throw new TypeError('not yet');
        },
      },
    };
    const sent: Uint8Array[] = [];
    const live = new LiveHost({
      modules: broken as typeof modules,
      config: makeConfig('rfc'),
      engineAddr: '10.77.0.2',
      kernelAddr: '10.77.0.1',
      send: (p) => sent.push(p),
      limitMs: 5_000,
      kernelStart: 'CLOSED',
    });
    live.act(0, 'listen', () => live.host.listen(8080, () => undefined));
    let stopped: unknown;
    try {
      live.packet(SYN, 0);
    } catch (e) {
      stopped = e;
    }
    expect(stopped).toBeInstanceOf(EngineStopped);
    expect((stopped as Error).message).toBe(
      'listenCheckSyn() threw while handling a segment from the kernel (SYN): TypeError: not yet',
    );
    expect(sent).toHaveLength(0);
  });
});
