import { LookupAddress, promises as dns } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must not reach unless configuration allows it (SSRF): loopback, private, link-local,
 * carrier-grade NAT, unspecified, multicast, reserved and documentation ranges, for IPv4 and IPv6
 * (IPv4-mapped IPv6 addresses are checked as the IPv4 address they carry).
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) NON_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Pure: whether this literal IP address is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]);
  const family = isIP(address);
  if (family === 0) return false;
  return !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface TargetRules {
  /** Plain http:// accepted (development and tests; production requires https). */
  allowHttp: boolean;
  /** Loopback and private addresses accepted (a receiver on the same machine or network). */
  allowPrivateAddresses: boolean;
}

/** Pure: the problem with an endpoint URL's form, or null. Its addresses are checked by `resolveTarget`. */
export function urlProblem(raw: string, rules: TargetRules): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL, e.g. https://agenda.example.fr/hooks/parvis';
  }
  if (url.protocol !== 'https:' && !(rules.allowHttp && url.protocol === 'http:')) {
    return rules.allowHttp ? 'must start with https:// or http://' : 'must start with https://';
  }
  if (url.username || url.password) return 'must not contain a user name or password (the signature authenticates Parvis)';
  if (url.hash) return 'must not contain a #fragment';
  if (raw.length > 2000) return 'must be at most 2,000 characters';
  return null;
}

/**
 * Resolves a host and refuses it if any of its addresses is not public (unless allowed). Used when an
 * endpoint is saved (a clear error for the admin) and as the `lookup` of every delivery's connection,
 * so that a DNS answer changed after the check (DNS rebinding) cannot redirect a delivery inwards.
 */
export async function resolveTarget(hostname: string, allowPrivateAddresses: boolean): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await dns.lookup(bare, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${hostname} has no address`);
  if (!allowPrivateAddresses) {
    const inner = addresses.find((entry) => !isPublicAddress(entry.address));
    if (inner) throw new Error(`${hostname} resolves to ${inner.address}, which is not a public address`);
  }
  return addresses;
}
