/**
 * Engine configuration: every number that varies between the RFCs and real stacks, in one place.
 * Two named profiles give the values side by side; `describeConfig` feeds the README table and the
 * `tcplab` help, so the documentation cannot drift from the code.
 */

export interface Config {
  /** Maximum segment lifetime; TIME-WAIT lasts 2 × mslMs. */
  mslMs: number;
  /** RTO before any backoff (RFC 6298 §2.1). */
  initialRtoMs: number;
  /** Ceiling on the backed-off RTO (RFC 6298 §2.5). */
  maxRtoMs: number;
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
  /** Drop a connection that has waited this long in FIN-WAIT-2 (Linux tcp_fin_timeout); 0 = never. */
  finWait2TimeoutMs: number;
  /** Largest payload we put in one segment (RFC 9293 §3.7.1). */
  mss: number;
  /** Our receive window, advertised in every segment (RCV.WND). */
  rcvWnd: number;
}

export type ConfigKey = keyof Config;
export type ProfileName = 'rfc' | 'linux';
export const PROFILE_NAMES: readonly ProfileName[] = ['rfc', 'linux'];

interface KeyDoc {
  readonly unit: 'ms' | 'count' | 'octets' | 'on/off';
  readonly meaning: string;
  readonly rfc: readonly [number | boolean, string];
  readonly linux: readonly [number | boolean, string];
}

/** Each key: unit, meaning, and for each profile its value and where the value comes from. */
export const CONFIG_DOCS: Readonly<Record<ConfigKey, KeyDoc>> = {
  mslMs: {
    unit: 'ms',
    meaning: 'maximum segment lifetime; TIME-WAIT lasts 2 × mslMs',
    rfc: [120_000, 'RFC 9293 §3.4.2: MSL is 2 minutes'],
    linux: [30_000, 'Linux has no MSL: TIME-WAIT is a fixed 60 s (TCP_TIMEWAIT_LEN), written here as 2 × 30 s'],
  },
  initialRtoMs: {
    unit: 'ms',
    meaning: 'retransmission timeout before any backoff',
    rfc: [1_000, 'RFC 6298 §2.1: initial RTO of 1 second'],
    linux: [1_000, 'TCP_TIMEOUT_INIT = 1 s'],
  },
  maxRtoMs: {
    unit: 'ms',
    meaning: 'ceiling on the doubled RTO',
    rfc: [60_000, 'RFC 6298 §2.5: a maximum, if any, is at least 60 s'],
    linux: [120_000, 'TCP_RTO_MAX = 120 s'],
  },
  synRetries: {
    unit: 'count',
    meaning: 'SYN retransmissions before OPEN fails with "timed out"',
    rfc: [7, 'RFC 9293 §3.8.3 (MUST-23): keep retransmitting a SYN for at least 3 minutes (1+2+…+32+60+60 = 183 s)'],
    linux: [6, 'net.ipv4.tcp_syn_retries = 6: gives up 127 s after the first SYN'],
  },
  synAckRetries: {
    unit: 'count',
    meaning: 'SYN,ACK retransmissions before a half-open connection is dropped',
    rfc: [7, 'RFC 9293 §3.8.3: a SYN segment is retransmitted for at least 3 minutes'],
    linux: [5, 'net.ipv4.tcp_synack_retries = 5: 1+2+4+8+16+32 = 63 s, then a silent drop'],
  },
  dataRetries: {
    unit: 'count',
    meaning: 'retransmissions of data or FIN before the connection is dropped',
    rfc: [6, 'RFC 9293 §3.8.3 (SHLD-11): R2 of at least 100 s (1+2+…+32+60 = 123 s)'],
    linux: [15, 'net.ipv4.tcp_retries2 = 15'],
  },
  keepAliveIdleMs: {
    unit: 'ms',
    meaning: 'idle time before the first keepalive probe',
    rfc: [7_200_000, 'RFC 1122 §4.2.3.6 / RFC 9293 §3.8.4 (MUST-28): no less than two hours'],
    linux: [7_200_000, 'net.ipv4.tcp_keepalive_time = 7200 s'],
  },
  keepAliveIntervalMs: {
    unit: 'ms',
    meaning: 'time between unanswered probes',
    rfc: [75_000, 'not set by the RFCs (only "configurable"); Linux value used'],
    linux: [75_000, 'net.ipv4.tcp_keepalive_intvl = 75 s'],
  },
  keepAliveCount: {
    unit: 'count',
    meaning: 'unanswered probes before the connection is dropped',
    rfc: [9, 'not set by the RFCs; Linux value used'],
    linux: [9, 'net.ipv4.tcp_keepalive_probes = 9'],
  },
  userTimeoutMs: {
    unit: 'ms',
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
    meaning: 'how long a pure ACK for data or FIN waits for a segment to ride on (0 = at once)',
    rfc: [0, 'RFC 9293 §3.8.6.3 allows up to 0.5 s; 0 shows each ACK as its own segment'],
    linux: [40, 'TCP_DELACK_MIN = 40 ms'],
  },
  finWait2TimeoutMs: {
    unit: 'ms',
    meaning: 'drop a connection stuck in FIN-WAIT-2 after this long (0 = never)',
    rfc: [0, 'RFC 9293 has no such timer: FIN-WAIT-2 waits for the peer'],
    linux: [60_000, 'net.ipv4.tcp_fin_timeout = 60 s (for sockets the application has closed)'],
  },
  mss: {
    unit: 'octets',
    meaning: 'largest payload in one segment',
    rfc: [536, 'RFC 9293 §3.7.1: default send MSS for IPv4 without the MSS option'],
    linux: [1_460, 'Ethernet MTU 1500 minus 40 octets of headers'],
  },
  rcvWnd: {
    unit: 'octets',
    meaning: 'receive window advertised in every segment',
    rfc: [65_535, 'largest window without window scaling'],
    linux: [65_535, 'kept equal to the rfc profile: window scaling is not modelled'],
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

/** The configuration of a profile with some keys replaced. */
export function makeConfig(profile: ProfileName = 'rfc', overrides: Partial<Config> = {}): Config {
  return { ...PROFILES[profile], ...overrides };
}

/**
 * Parse one `key=value` setting as typed on the command line. Times and counts are whole
 * non-negative numbers; switches are true/false (also on/off, 1/0).
 */
export function parseSetting(text: string): Partial<Config> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--set ${text}: expected key=value, e.g. --set mslMs=1000`);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (!(key in CONFIG_DOCS)) {
    throw new ConfigError(`--set ${text}: unknown key '${key}'. Known keys: ${CONFIG_KEYS.join(', ')}`);
  }
  const doc = CONFIG_DOCS[key as ConfigKey];
  if (doc.unit === 'on/off') {
    const value = { true: true, on: true, '1': true, false: false, off: false, '0': false }[raw];
    if (value === undefined) throw new ConfigError(`--set ${text}: ${key} is on/off; use true or false, not '${raw}'`);
    return { [key]: value };
  }
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new ConfigError(`--set ${text}: ${key} takes a whole number (${doc.unit}), not '${raw}'`);
  }
  const value = Number(raw);
  if ((key === 'mss' || key === 'rcvWnd' || key === 'initialRtoMs' || key === 'maxRtoMs') && value === 0) {
    throw new ConfigError(`--set ${text}: ${key} must be greater than 0`);
  }
  if (key === 'rcvWnd' && value > 65_535) {
    throw new ConfigError(`--set ${text}: rcvWnd is at most 65535 (window scaling is not modelled)`);
  }
  return { [key]: value };
}

/** Check a whole configuration (for configurations built in code rather than parsed). */
export function validateConfig(config: Config): Config {
  for (const key of CONFIG_KEYS) {
    const value = config[key];
    const doc = CONFIG_DOCS[key];
    if (doc.unit === 'on/off' ? typeof value !== 'boolean' : !(Number.isSafeInteger(value) && (value as number) >= 0)) {
      throw new ConfigError(`config.${key} = ${String(value)}: expected ${doc.unit === 'on/off' ? 'true or false' : 'a whole number ≥ 0'}`);
    }
  }
  if (config.initialRtoMs > config.maxRtoMs) {
    throw new ConfigError(`config.initialRtoMs (${config.initialRtoMs}) is larger than config.maxRtoMs (${config.maxRtoMs})`);
  }
  return config;
}
