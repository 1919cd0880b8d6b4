import { lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Where webhooks may be sent: the service must not become a way into its own network. */
export interface TargetPolicy {
  /** production: only https URLs */
  httpsOnly: boolean;
  /** tests and local development: loopback receivers (never private or link-local ones) */
  allowLoopback: boolean;
}

export class BlockedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlockedTargetError';
  }
}

/** Public unicast only (IPv4-mapped IPv6 judged as IPv4); loopback too when the policy allows it. */
export function isAllowedAddress(address: string, policy: TargetPolicy): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress()) ip = ip.toIPv4Address();
  const range = ip.range();
  return range === 'unicast' || (policy.allowLoopback && range === 'loopback');
}

const literalHost = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * What is wrong with a URL as a webhook target, or null. Checked at registration for a quick answer;
 * the resolved address is checked again at every send (DNS can change after registration).
 */
export function targetProblem(url: string, policy: TargetPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'https:' && (policy.httpsOnly || parsed.protocol !== 'http:')) {
    return policy.httpsOnly ? 'must be an https URL' : 'must be an http or https URL';
  }
  if (parsed.username || parsed.password) return 'must not carry credentials';
  const host = literalHost(parsed.hostname);
  if (ipaddr.isValid(host) && !isAllowedAddress(host, policy)) return 'must not point at a private, loopback or link-local address';
  if (!policy.allowLoopback && (host === 'localhost' || host.endsWith('.localhost'))) return 'must not point at localhost';
  return null;
}

/**
 * A DNS lookup for the HTTP client that refuses private targets: the address checked is the address
 * connected to, so a name re-pointed between check and connect (DNS rebinding) gains nothing.
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const blocked = addresses.find((a) => !isAllowedAddress(a.address, policy));
      if (blocked || addresses.length === 0) {
        return callback(new BlockedTargetError(`${hostname} resolves to ${blocked?.address ?? 'nothing'}, which webhooks may not reach`) as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** An IP literal in the URL is connected to without any lookup, so it is checked here. */
export function checkLiteralHost(url: URL, policy: TargetPolicy): void {
  const host = literalHost(url.hostname);
  if (ipaddr.isValid(host) && !isAllowedAddress(host, policy)) throw new BlockedTargetError(`${host} is not an address webhooks may reach`);
}
