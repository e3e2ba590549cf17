// Strict IP parsing and CIDR lists. Non-canonical IPv4 (0x7f.1, 010.0.0.1, integers) and zone
// ids are rejected; IPv4-mapped IPv6 becomes plain IPv4 so one allow-list entry covers both.
import { BlockList, isIP } from "node:net";

export interface Ip {
  address: string;
  family: "ipv4" | "ipv6";
}

const MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

export function parseIp(input: string): Ip | undefined {
  const raw = input.trim();
  if (raw.includes("%")) return undefined;
  const mapped = MAPPED.exec(raw);
  if (mapped && isIP(mapped[1]!) === 4) return { address: mapped[1]!, family: "ipv4" };
  const version = isIP(raw);
  if (version === 4) return { address: raw, family: "ipv4" };
  if (version === 6) return { address: raw.toLowerCase(), family: "ipv6" };
  return undefined;
}

/** An X-Forwarded-For entry may carry a port: `203.0.113.7:4711`, `[2001:db8::1]:443`. */
export function parseForwardedEntry(entry: string): Ip | undefined {
  const raw = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(raw);
  if (bracketed) return parseIp(bracketed[1]!);
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(raw);
  if (v4WithPort) return parseIp(v4WithPort[1]!);
  return parseIp(raw);
}

export interface CidrList {
  has(ip: Ip): boolean;
  readonly size: number;
}

/** Throws on an entry that is not an address or CIDR range (config errors fail at start-up). */
export function cidrList(entries: readonly string[], label: string): CidrList {
  const list = new BlockList();
  for (const entry of entries) {
    const [addr = "", prefixText, extra] = entry.split("/");
    const ip = parseIp(addr);
    if (!ip || extra !== undefined) throw new Error(`${label}: "${entry}" is not an IP address or CIDR range`);
    if (prefixText === undefined) {
      list.addAddress(ip.address, ip.family);
      continue;
    }
    let prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    // ::ffff:a.b.c.d/120 names an IPv4 range; it was normalised to IPv4 above.
    if (ip.family === "ipv4" && MAPPED.test(addr)) prefix -= 96;
    if (!(prefix >= 0 && prefix <= (ip.family === "ipv4" ? 32 : 128))) {
      throw new Error(`${label}: "${entry}" has an invalid prefix length`);
    }
    list.addSubnet(ip.address, prefix, ip.family);
  }
  // BlockList.check costs about 2 µs a call, and the journal asks it for every request's peer:
  // answers are remembered per address (a bounded map, emptied when full). An empty list holds nothing.
  if (entries.length === 0) return { has: () => false, size: 0 };
  const known = new Map<string, boolean>();
  return {
    has(ip) {
      let found = known.get(ip.address);
      if (found === undefined) {
        if (known.size >= MEMO_SIZE) known.clear();
        found = list.check(ip.address, ip.family);
        known.set(ip.address, found);
      }
      return found;
    },
    size: entries.length,
  };
}

/** Addresses whose membership a CidrList remembers. */
const MEMO_SIZE = 4096;
