/**
 * Engine configuration: every number that varies between the RFCs and real stacks, in one place.
 * CONFIG_DOCS gives each key its unit, meaning, bounds and the values of the two named profiles side
 * by side; the README table is generated from it (grader/cli/docs.ts), and so are the checks:
 * validateConfig here (makeConfig, createEngine) and the zod schema of ./config-schema.ts
 * (parseSetting: `--set key=value`, a script's `set` line), held to one verdict by a test.
 */

export interface Config {
  /** Maximum segment lifetime; TIME-WAIT lasts 2 × mslMs. */
  mslMs: number;
  /** RTO before any backoff (RFC 6298 §2.1). */
  initialRtoMs: number;
  /** Ceiling on the backed-off RTO (RFC 6298 §2.5). */
  maxRtoMs: number;
  /** RTO once the handshake has measured the round trip, on a fast link: the stack's floor; 0 = keep initialRtoMs. */
  measuredRtoMs: number;
  /** SYN retransmissions whose timeout stays at initialRtoMs before the doubling starts. */
  synLinearTimeouts: number;
  /** Retransmissions of a SYN before the open attempt fails. */
  synRetries: number;
  /** Retransmissions of a SYN,ACK before the half-open connection is dropped. */
  synAckRetries: number;
  /** Retransmissions of data or a FIN before the connection is dropped. */
  dataRetries: number;
  /** Idle time before the first keepalive probe. */
  keepAliveIdleMs: number;
  /** Time between unanswered keepalive probes. */
  keepAliveIntervalMs: number;
  /** Unanswered probes after which the connection is dropped. */
  keepAliveCount: number;
  /** Give up when sent data stays unacknowledged this long (RFC 9293 §3.10.8); 0 = off. */
  userTimeoutMs: number;
  /** RFC 5961 challenge ACKs for in-window RSTs and for SYNs in synchronized states. */
  rfc5961: boolean;
  /** RFC 1337: ignore RST in TIME-WAIT. */
  rfc1337: boolean;
  /** Delay before a pure ACK for received data or FIN is sent (RFC 9293 §3.8.6.3); 0 = at once. */
  delayedAckMs: number;
  /** The first data segments of a connection acknowledged at once, before the delayed ACK applies. */
  quickAckSegments: number;
  /** In SYN-RECEIVED after a passive OPEN, the peer's SYN again gets our SYN,ACK again. */
  dupSynSynAck: boolean;
  /** In SYN-RECEIVED after a passive OPEN, a new SYN in the window is answered with a RST. */
  synRecvSynRst: boolean;
  /** TIME-WAIT answers as Linux: ACKs restart it, text is acknowledged, a RST not at RCV.NXT is dropped. */
  timeWaitAcks: boolean;
  /** A SYN above RCV.NXT reopens a passive connection in TIME-WAIT (RFC 9293 §3.6.1, MAY-2). */
  timeWaitReopen: boolean;
  /** Drop a connection that has waited this long in FIN-WAIT-2 (Linux tcp_fin_timeout); 0 = never. */
  finWait2TimeoutMs: number;
  /** A RST we send on ABORT, on the keepalive give-up or on a full close carries ACK = RCV.NXT. */
  rstAck: boolean;
  /** Largest payload we put in one segment (RFC 9293 §3.7.1). */
  mss: number;
  /** Our receive window, advertised in every segment (RCV.WND). */
  rcvWnd: number;
  /** Text past the receive window's right edge is trimmed off (RFC 9293 §3.10.7.4), not accepted whole. */
  trimToWindow: boolean;
}

export type ConfigKey = keyof Config;
export type ProfileName = 'rfc' | 'linux';
export const PROFILE_NAMES: readonly ProfileName[] = ['rfc', 'linux'];

/** A time or a count: a whole number in `min`..`max` (`max` defaults to Number.MAX_SAFE_INTEGER). */
interface NumberDoc {
  readonly unit: 'ms' | 'count' | 'octets';
  readonly meaning: string;
  readonly min: number;
  readonly max?: number;
  /** Why the range is what it is, where that is not plain from the meaning. */
  readonly range?: string;
  readonly rfc: readonly [number, string];
  readonly linux: readonly [number, string];
}

interface SwitchDoc {
  readonly unit: 'on/off';
  readonly meaning: string;
  readonly rfc: readonly [boolean, string];
  readonly linux: readonly [boolean, string];
}

/** A switch for a boolean key, a number with its bounds for the others: the compiler holds the two together. */
type KeyDoc<V> = V extends boolean ? SwitchDoc : NumberDoc;

/**
 * Each key: unit, meaning, bounds (numbers: whole, from `min`; 0 only where it means something, as
 * "0 = off"), and for each profile its value and where the value comes from.
 */
export const CONFIG_DOCS: { readonly [K in ConfigKey]: KeyDoc<Config[K]> } = {
  mslMs: {
    unit: 'ms',
    min: 1,
    meaning: 'maximum segment lifetime; TIME-WAIT lasts 2 × mslMs',
    rfc: [120_000, 'RFC 9293 §3.4.2: MSL is 2 minutes'],
    linux: [30_000, 'Linux has no MSL: TIME-WAIT is a fixed 60 s (TCP_TIMEWAIT_LEN), written here as 2 × 30 s'],
  },
  initialRtoMs: {
    unit: 'ms',
    min: 1,
    meaning: 'retransmission timeout before any backoff',
    rfc: [1_000, 'RFC 6298 §2.1: initial RTO of 1 second'],
    linux: [1_000, 'TCP_TIMEOUT_INIT = 1 s'],
  },
  maxRtoMs: {
    unit: 'ms',
    min: 1,
    meaning: 'ceiling on the doubled RTO',
    rfc: [60_000, 'RFC 6298 §2.5: a maximum, if any, is at least 60 s'],
    linux: [120_000, 'TCP_RTO_MAX = 120 s'],
  },
  measuredRtoMs: {
    unit: 'ms',
    min: 0,
    meaning:
      'RTO once the handshake has measured the round trip, on a link much faster than this (0 = keep initialRtoMs); the engine takes no RTT samples itself',
    rfc: [0, 'RFC 6298 (2.4): an RTO below 1 s is rounded up to 1 s, which is initialRtoMs already'],
    linux: [
      200,
      'tcp_rto_min_us = 200000 (TCP_RTO_MIN): on loopback and veth, Linux 6.18 re-sent unacknowledged data after 208 ms, then 434, 830, 1665 ms',
    ],
  },
  synLinearTimeouts: {
    unit: 'count',
    min: 0,
    meaning: 'SYN retransmissions after which the RTO is not doubled; synRetries more follow with doubling',
    rfc: [0, 'RFC 6298 (5.5): back off (double the RTO) on every expiry'],
    linux: [
      4,
      'net.ipv4.tcp_syn_linear_timeouts = 4 (Linux 6.5+): SYNs seen at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s on Linux 6.18',
    ],
  },
  synRetries: {
    unit: 'count',
    min: 0,
    meaning: 'SYN retransmissions before OPEN fails with "timed out"',
    rfc: [7, 'RFC 9293 §3.8.3 (MUST-23): keep retransmitting a SYN for at least 3 minutes (1+2+…+32+60+60 = 183 s)'],
    linux: [
      6,
      'net.ipv4.tcp_syn_retries = 6, counted after the synLinearTimeouts: 10 retransmissions, giving up 131 s after the first SYN (Linux 6.18: connect() failed after 133 s, its timers a little late each time)',
    ],
  },
  synAckRetries: {
    unit: 'count',
    min: 0,
    meaning: 'SYN,ACK retransmissions before a half-open connection is dropped',
    rfc: [7, 'RFC 9293 §3.8.3: a SYN segment is retransmitted for at least 3 minutes'],
    linux: [5, 'net.ipv4.tcp_synack_retries = 5: 1+2+4+8+16+32 = 63 s, then a silent drop'],
  },
  dataRetries: {
    unit: 'count',
    min: 0,
    meaning: 'retransmissions of data or FIN before the connection is dropped',
    rfc: [6, 'RFC 9293 §3.8.3 (SHLD-11): R2 of at least 100 s (1+2+…+32+60 = 123 s)'],
    linux: [15, 'net.ipv4.tcp_retries2 = 15'],
  },
  keepAliveIdleMs: {
    unit: 'ms',
    min: 1,
    meaning: 'idle time before the first keepalive probe',
    rfc: [7_200_000, 'RFC 1122 §4.2.3.6 / RFC 9293 §3.8.4 (MUST-28): no less than two hours'],
    linux: [7_200_000, 'net.ipv4.tcp_keepalive_time = 7200 s'],
  },
  keepAliveIntervalMs: {
    unit: 'ms',
    min: 1,
    meaning: 'time between unanswered probes',
    rfc: [75_000, 'not set by the RFCs (only "configurable"); Linux value used'],
    linux: [75_000, 'net.ipv4.tcp_keepalive_intvl = 75 s'],
  },
  keepAliveCount: {
    unit: 'count',
    min: 0,
    meaning: 'unanswered probes before the connection is dropped',
    rfc: [9, 'not set by the RFCs; Linux value used'],
    linux: [9, 'net.ipv4.tcp_keepalive_probes = 9'],
  },
  userTimeoutMs: {
    unit: 'ms',
    min: 0,
    meaning: 'drop the connection when sent data stays unacknowledged this long (0 = off)',
    rfc: [300_000, 'RFC 9293 §3.9.1.1: the global default is five minutes'],
    linux: [0, 'TCP_USER_TIMEOUT is 0 (off) unless the application sets it'],
  },
  rfc5961: {
    unit: 'on/off',
    meaning: 'challenge ACK for an in-window RST that is not exact, and for a SYN when synchronized',
    rfc: [true, 'RFC 9293 §3.10.7.4 second and fourth steps follow RFC 5961 §3 and §4'],
    linux: [true, 'Linux sends challenge ACKs since 3.6'],
  },
  rfc1337: {
    unit: 'on/off',
    meaning: 'ignore a RST that arrives in TIME-WAIT (no TIME-WAIT assassination)',
    rfc: [true, 'RFC 1337 §3 recommends ignoring it'],
    linux: [false, 'net.ipv4.tcp_rfc1337 = 0: a RST ends TIME-WAIT'],
  },
  delayedAckMs: {
    unit: 'ms',
    min: 0,
    meaning: 'how long a pure ACK for data or FIN waits for a segment to ride on (0 = at once)',
    rfc: [0, 'RFC 9293 §3.8.6.3 allows up to 0.5 s; 0 shows each ACK as its own segment'],
    linux: [40, 'TCP_DELACK_MIN = 40 ms'],
  },
  quickAckSegments: {
    unit: 'count',
    min: 0,
    meaning: 'data segments at the start of a connection acknowledged at once; later ones wait delayedAckMs',
    rfc: [0, 'RFC 9293 §3.8.6.3 and RFC 1122 §4.2.3.2 have no quick-ack phase (and delayedAckMs is 0)'],
    linux: [
      16,
      'TCP_MAX_QUICKACKS = 16: Linux 6.18 acknowledged the first 16 data segments at once, the 17th on 40 to 50 ms later',
    ],
  },
  dupSynSynAck: {
    unit: 'on/off',
    meaning:
      "in SYN-RECEIVED after a passive OPEN, the peer's SYN again (SEG.SEQ = IRS) gets the SYN,ACK again, not an ACK",
    rfc: [false, 'RFC 9293 §3.10.7.4 first step: an old duplicate gets <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>'],
    linux: [true, 'tcp_check_req: Linux 6.18 answered a repeated SYN with its SYN,ACK again'],
  },
  synRecvSynRst: {
    unit: 'on/off',
    meaning:
      'in SYN-RECEIVED after a passive OPEN, a SYN with a new sequence number in the window is answered with a RST before returning to LISTEN',
    rfc: [false, 'RFC 9293 §3.10.7.4 fourth step: return to LISTEN and send nothing'],
    linux: [true, 'tcp_check_req: Linux 6.18 sent RST,ACK <SEQ=0><ACK=SEG.SEQ+1> and dropped the half-open connection'],
  },
  timeWaitAcks: {
    unit: 'on/off',
    meaning:
      'TIME-WAIT as Linux answers: an ACK at RCV.NXT restarts the 2 × MSL timer, text is acknowledged, a RST not at RCV.NXT is dropped without a challenge ACK',
    rfc: [
      false,
      'RFC 9293 §3.10.7.4: only a retransmitted FIN restarts the timer; text is ignored; RFC 5961 §3.2 challenges an inexact RST',
    ],
    linux: [
      true,
      'tcp_timewait_state_process; on Linux 6.18 data in TIME-WAIT drew an ACK and an inexact RST drew nothing',
    ],
  },
  timeWaitReopen: {
    unit: 'on/off',
    meaning:
      'a SYN above RCV.NXT reopens a passive connection in TIME-WAIT, with ISS = SND.NXT + 65537, instead of drawing a challenge ACK',
    rfc: [
      false,
      'RFC 9293 §3.10.7.4 fourth step: a SYN in TIME-WAIT gets a challenge ACK (RFC 5961 §4.2); §3.6.1 (MAY-2) allows reopening',
    ],
    linux: [
      true,
      'tcp_timewait_state_process: Linux 6.18 answered a SYN above RCV.NXT with a SYN,ACK whose sequence number was its old SND.NXT + 65537',
    ],
  },
  finWait2TimeoutMs: {
    unit: 'ms',
    min: 0,
    meaning: 'drop a connection stuck in FIN-WAIT-2 after this long (0 = never)',
    rfc: [0, 'RFC 9293 has no such timer: FIN-WAIT-2 waits for the peer'],
    linux: [60_000, 'net.ipv4.tcp_fin_timeout = 60 s (for sockets the application has closed)'],
  },
  rstAck: {
    unit: 'on/off',
    meaning:
      'the RST sent on ABORT, on the keepalive give-up and on a full close with unread data carries ACK = RCV.NXT',
    rfc: [false, 'RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST>'],
    linux: [
      true,
      'tcp_send_active_reset: Linux 6.18 sent RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT> on close() with SO_LINGER 0, on close() with unread data and on the keepalive give-up',
    ],
  },
  mss: {
    unit: 'octets',
    min: 1,
    max: 65_535,
    range: 'the MSS option is 16 bits (RFC 9293 §3.2), and with 0 no data could ever be sent',
    meaning: 'largest payload in one segment',
    rfc: [536, 'RFC 9293 §3.7.1: default send MSS for IPv4 without the MSS option'],
    linux: [1_460, 'Ethernet MTU 1500 minus 40 octets of headers'],
  },
  rcvWnd: {
    unit: 'octets',
    min: 0,
    max: 65_535,
    range: 'the window field is 16 bits (RFC 9293 §3.1) and window scaling is not modelled; 0 is a closed window',
    meaning: 'receive window advertised in every segment',
    rfc: [65_535, 'largest window without window scaling'],
    linux: [65_535, 'kept equal to the rfc profile: window scaling is not modelled'],
  },
  trimToWindow: {
    unit: 'on/off',
    meaning: "text that runs past the receive window's right edge is trimmed off, not accepted whole",
    rfc: [true, 'RFC 9293 §3.10.7.4: trim the segment to the window, including SYN and FIN, before processing it'],
    linux: [
      false,
      'Linux 6.18 accepted a 1252-octet segment at RCV.NXT against an advertised window of 1152 and acknowledged all of it (window 0 after)',
    ],
  },
};

export const CONFIG_KEYS = Object.keys(CONFIG_DOCS) as ConfigKey[];

function profileValues(profile: ProfileName): Config {
  const entries = CONFIG_KEYS.map((key) => [key, CONFIG_DOCS[key][profile][0]] as const);
  return Object.fromEntries(entries) as unknown as Config;
}

export const PROFILES: Readonly<Record<ProfileName, Readonly<Config>>> = {
  rfc: Object.freeze(profileValues('rfc')),
  linux: Object.freeze(profileValues('linux')),
};

/** A configuration problem, worded for the person who typed it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

/** What a numeric key accepts, in words: `a whole number from 0 to 65535 (octets): why`. */
export function rangeText(doc: NumberDoc): string {
  const span = doc.max === undefined ? `≥ ${doc.min}` : `from ${doc.min} to ${doc.max}`;
  return `a whole number ${span} (${doc.unit})${doc.range ? `: ${doc.range}` : ''}`;
}

/** Why `value` is not what `key` accepts, in the words the schema uses, or undefined if it is. */
export function keyProblem(key: ConfigKey, value: unknown): string | undefined {
  const doc = CONFIG_DOCS[key];
  if (doc.unit === 'on/off') return typeof value === 'boolean' ? undefined : `${key} must be true or false`;
  const ok =
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= doc.min &&
    value <= (doc.max ?? Number.MAX_SAFE_INTEGER);
  return ok ? undefined : `${key} must be ${rangeText(doc)}`;
}

/**
 * Check a whole configuration: every key present with a value in its bounds, no other key, and an
 * initial RTO no larger than its ceiling. It runs for every engine made, so it reads the bounds from
 * CONFIG_DOCS directly; ./config-schema.ts states the same rules as the zod schema `--set` and a
 * script's `set` line use, and a property test holds the two to one verdict and one message.
 */
export function validateConfig(config: Config): Config {
  if (typeof config !== 'object' || config === null)
    throw new ConfigError(`config must be an object, not ${String(config)}`);
  const input = config as unknown as Record<string, unknown>;
  for (const key of CONFIG_KEYS) {
    const problem = keyProblem(key, input[key]);
    if (problem)
      throw new ConfigError(
        key in input ? `config.${key} = ${String(input[key])}: ${problem}` : `config.${key} is missing: ${problem}`,
      );
  }
  const unknown = Object.keys(input).filter((key) => !Object.hasOwn(CONFIG_DOCS, key));
  if (unknown.length > 0)
    throw new ConfigError(`config.${unknown.join(', config.')}: unknown key. Known keys: ${CONFIG_KEYS.join(', ')}`);
  if (config.initialRtoMs > config.maxRtoMs) {
    throw new ConfigError(
      `config.initialRtoMs (${config.initialRtoMs}) is larger than config.maxRtoMs (${config.maxRtoMs})`,
    );
  }
  return { ...config };
}

/** The configuration of a profile with some keys replaced, checked. */
export function makeConfig(profile: ProfileName = 'rfc', overrides: Partial<Config> = {}): Config {
  return validateConfig({ ...PROFILES[profile], ...overrides });
}
