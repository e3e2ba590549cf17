// The client-IP rule and CIDR matching as functions (the HTTP tests cover them end to end).
import { describe, expect, it } from "vitest";
import { clientIp } from "../../packages/sandbox/src/caller/client-ip.ts";
import { resolveConfig } from "../../packages/sandbox/src/config/config.ts";
import { cidrList, parseIp } from "../../packages/sandbox/src/caller/ip.ts";

const trusted = cidrList(["127.0.0.0/8", "::1", "10.0.0.0/8"], "trusted");

describe("parseIp", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7", "ipv4"],
    ["::ffff:203.0.113.7", "203.0.113.7", "ipv4"],
    ["::FFFF:203.0.113.7", "203.0.113.7", "ipv4"],
    ["2001:DB8::1", "2001:db8::1", "ipv6"],
    [" 198.51.100.1 ", "198.51.100.1", "ipv4"],
  ])("%s → %s (%s)", (input, address, family) => {
    expect(parseIp(input)).toEqual({ address, family });
  });

  it.each(["", "0x7f.0.0.1", "010.0.0.1", "2130706433", "1.2.3", "256.1.1.1", "fe80::1%eth0", "1.2.3.4/24", "::ffff:999.1.1.1", "localhost"])("rejects %j", (input) => {
    expect(parseIp(input)).toBeUndefined();
  });
});

describe("cidrList", () => {
  const list = cidrList(["203.0.113.0/24", "2001:db8:1:2::/64", "198.51.100.7", "::ffff:192.0.2.0/120"], "test");
  it.each([
    ["203.0.113.0", true],
    ["203.0.113.255", true],
    ["203.0.114.0", false],
    ["2001:db8:1:2:ffff:ffff:ffff:ffff", true],
    ["2001:db8:1:3::", false],
    ["198.51.100.7", true],
    ["198.51.100.6", false],
    ["192.0.2.200", true],
    ["::ffff:192.0.2.1", true],
  ])("%s in list: %s", (ip, inside) => {
    expect(list.has(parseIp(ip)!)).toBe(inside);
  });

  it.each(["nope", "203.0.113.0/33", "2001:db8::/129", "1.2.3.4/x", "1.2.3.4/8/8"])("refuses a config entry %j", (entry) => {
    expect(() => cidrList([entry], "list")).toThrow(/list/);
  });
});

describe("clientIp", () => {
  it("uses the peer when it is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientIp("192.0.2.1", "203.0.113.5", trusted)).toEqual({ address: "192.0.2.1", family: "ipv4" });
    expect(clientIp("::ffff:192.0.2.1", undefined, trusted)).toEqual({ address: "192.0.2.1", family: "ipv4" });
  });

  it("walks X-Forwarded-For from the right past trusted proxies, joining repeated headers", () => {
    expect(clientIp("127.0.0.1", "203.0.113.5, 198.51.100.9, 10.1.1.1", trusted)?.address).toBe("198.51.100.9");
    expect(clientIp("127.0.0.1", ["203.0.113.5", "198.51.100.9, 10.1.1.1"], trusted)?.address).toBe("198.51.100.9");
    expect(clientIp("::1", "10.0.0.2, 10.0.0.1", trusted)?.address).toBe("10.0.0.2");
    expect(clientIp("127.0.0.1", undefined, trusted)?.address).toBe("127.0.0.1");
  });

  it("fails closed on garbage on the path it reads, but never reads what lies left of the client", () => {
    expect(clientIp("127.0.0.1", "203.0.113.5, nonsense", trusted)).toBeUndefined();
    expect(clientIp("127.0.0.1", "", trusted)).toBeUndefined();
    expect(clientIp("127.0.0.1", "nonsense, 203.0.113.5", trusted)?.address).toBe("203.0.113.5");
  });
});

describe("config", () => {
  const ops = ["createLoginLink"];
  it.each([
    [{ partners: [{ id: "a", api_keys: ["k"] }, { id: "a" }] }, /appears twice/],
    [{ partners: [{ id: "a", api_keys: ["k"] }, { id: "b", revoked_api_keys: ["k"] }] }, /listed twice/],
    [{ partners: [{ id: "a", rate_limits: { createOrgz: { limit: 1, window_seconds: 1 } } }] }, /neither "global" nor an operationId/],
    [{ partners: [{ id: "a", apiKeys: ["k"] }] }, /invalid sandbox config/],
    [{ partners: [{ id: "a", api_keys: ["has space"] }] }, /invalid sandbox config/],
    [{ trusted_proxies: ["::1/200"], partners: [] }, /trusted_proxies/],
  ])("rejects %j", (config, message) => {
    expect(() => resolveConfig(config as never, ops)).toThrow(message);
  });
});
