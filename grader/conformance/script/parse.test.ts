/** What parseScript makes of each kind of line. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_IRS, DEFAULT_ISS, parseScript } from './index.js';
import { EXAMPLE, FILE } from './testing.js';

describe('parsing each kind of line', () => {
  it('directives: profile, set, iss, irs, with comments', () => {
    const s = parseScript(
      '# a comment\nprofile linux  # trailing\nset mslMs=1000\nset rfc5961 = off\niss 0xfffffffa\nirs 7\n0 user CLOSE\n',
      'a.pkt',
    );
    expect(s.profile).toBe('linux');
    expect(s.config).toEqual({ mslMs: 1000, rfc5961: false });
    expect(s.iss).toBe(0xffff_fffa);
    expect(s.irs).toBe(7);
    expect(s.file).toBe('a.pkt');
  });

  it('defaults: rfc profile, no overrides, iss 1000, irs 5000', () => {
    const s = parseScript('0 user CLOSE', 'a.pkt');
    expect(s).toMatchObject({ profile: 'rfc', config: {}, iss: DEFAULT_ISS, irs: DEFAULT_IRS });
    expect([DEFAULT_ISS, DEFAULT_IRS]).toEqual([1000, 5000]);
  });

  it('times: absolute and relative, in milliseconds', () => {
    const s = parseScript('0.105 user CLOSE\n+0.005 user CLOSE\n+1 user CLOSE\n2 user CLOSE\n+0 user CLOSE', 'a.pkt');
    expect(s.events.map((e) => ('t' in e ? e.t : undefined))).toEqual([105, 110, 1110, 2000, 2000]);
  });

  it('inbound segments: flags, relative range, ack, win', () => {
    const s = parseScript('0 < S. 0:0(0) ack 1 win 1024\n+0 < . 1:6(5) ack 1\n+0 < R 9:9(0)\n+0 < F 1:1(0)', 'a.pkt');
    const [synAck, data, rst, fin] = s.events;
    expect(synAck).toMatchObject({
      kind: 'inbound',
      line: 1,
      t: 0,
      segment: { flags: 'S.', ctl: 'SYN,ACK', start: 0, end: 0, len: 0, ack: 1, win: 1024 },
    });
    expect(data).toMatchObject({ kind: 'inbound', segment: { ctl: 'ACK', start: 1, end: 6, len: 5, ack: 1 } });
    expect(rst).toMatchObject({ kind: 'inbound', segment: { ctl: 'RST', start: 9 } });
    expect(rst && 'segment' in rst ? rst.segment.ack : 'x').toBeUndefined();
    expect(fin).toMatchObject({ kind: 'inbound', segment: { ctl: 'FIN' } });
  });

  it('outbound segments, every flag set the engine models, negative relative numbers', () => {
    const s = parseScript(
      '0 > S 0:0(0)\n0 > F. 6:6(0) ack 1\n0 > R. -1:-1(0) ack 1\n0 > SF. 0:0(0) ack 1\n0 > SR 0:0(0)\n0 > F 2:2(0)',
      'a.pkt',
    );
    expect(s.events.map((e) => (e.kind === 'outbound' ? e.segment.ctl : e.kind))).toEqual([
      'SYN',
      'FIN,ACK',
      'RST,ACK',
      'SYN,ACK,FIN',
      'SYN,RST',
      'FIN',
    ]);
    expect(s.events[2]).toMatchObject({ segment: { start: -1, end: -1 } });
  });

  it('user calls', () => {
    const s = parseScript(
      [
        '0 user OPEN active',
        '0 user OPEN passive',
        '0 user OPEN active keepalive',
        '0 user SEND 3',
        '0 user SEND "a \\"b\\" # not a comment"',
        '0 user CLOSE',
        '0 user ABORT',
        '0 user RECEIVE',
      ].join('\n'),
      'a.pkt',
    );
    expect(s.events.map((e) => (e.kind === 'user' ? e.call : undefined))).toEqual([
      { call: 'OPEN', mode: 'active' },
      { call: 'OPEN', mode: 'passive' },
      { call: 'OPEN', mode: 'active', keepAlive: true },
      { call: 'SEND', data: 'xxx' },
      { call: 'SEND', data: 'a "b" # not a comment' },
      { call: 'CLOSE' },
      { call: 'ABORT' },
      { call: 'RECEIVE' },
    ]);
  });

  it('state lines, with and without a time; CRLF line ends', () => {
    const s = parseScript('state CLOSED\r\n0 user OPEN passive\r\nstate LISTEN\r\n+2 state LISTEN\r\n', 'a.pkt');
    expect(s.events).toMatchObject([
      { kind: 'state', state: 'CLOSED', line: 1 },
      { kind: 'user', line: 2 },
      { kind: 'state', state: 'LISTEN', line: 3 },
      { kind: 'state', state: 'LISTEN', line: 4, t: 2000 },
    ]);
    expect(s.events[0]).not.toHaveProperty('t');
  });

  it('the example of the specification', () => {
    const s = parseScript(EXAMPLE, FILE);
    expect(s.events.map((e) => e.kind)).toEqual([
      'user',
      'outbound',
      'inbound',
      'outbound',
      'state',
      'user',
      'outbound',
      'inbound',
      'user',
      'outbound',
      'outbound',
      'state',
    ]);
    expect(s.events.at(-2)).toMatchObject({ kind: 'outbound', t: 2110, line: 16, source: '+1.0  > F. 6:6(0) ack 1' });
  });
});
