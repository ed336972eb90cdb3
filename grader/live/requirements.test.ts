/** What `tcplab live` says where it cannot run; the CLI's exit code 2 is tested in live-refusals.test.ts. */
import { afterEach, describe, expect, it } from 'vitest';
import { describeMissing, missingRequirements } from './requirements.js';

const platform = process.platform;
afterEach(() => {
  Object.defineProperty(process, 'platform', { value: platform });
});

describe('requirements of a live run', () => {
  it('are all there on this machine (Linux, socat, iproute2, util-linux, /dev/net/tun, user namespaces)', () => {
    expect(missingRequirements()).toEqual([]);
  }, 30_000);

  it('not on Linux: one line that says so, before anything else is tried', () => {
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    const missing = missingRequirements();
    expect(missing).toHaveLength(1);
    expect(describeMissing(missing)).toBe(
      'tcplab live cannot run here:\n  - missing Linux (this is darwin): live runs need Linux network namespaces and TUN devices; run them in a Linux virtual machine or container',
    );
  });
});
