import { describe, expect, it } from "vitest";
import { isAllowedLocalHost, parseAllowedHosts, splitHost } from "@/lib/security/host-check";

/*
 * The DNS-rebinding guard: a page on evil.example that re-resolves to 127.0.0.1 still sends
 * `Host: evil.example`, so a local-mode server answers only to loopback names and the
 * operator's ALLOWED_HOSTS.
 */

describe("isAllowedLocalHost", () => {
  it.each([
    "localhost",
    "localhost:3000",
    "127.0.0.1",
    "127.0.0.1:3100",
    "[::1]",
    "[::1]:3000",
    "LOCALHOST:3000",
    "localhost.:3000",
  ])("serves the loopback name %s on any port", (host) => {
    expect(isAllowedLocalHost(host)).toBe(true);
  });

  it.each([
    ["a rebinding attacker's name", "evil.example"],
    ["an attacker's name with the app's port", "evil.example:3000"],
    ["a name that merely starts like localhost", "localhost.evil.example"],
    ["a public name that resolves to 127.0.0.1", "127.0.0.1.nip.io:3000"],
    ["another private address", "192.168.1.20:3000"],
    ["every-interface address", "0.0.0.0:3000"],
    ["an unbracketed IPv6 literal", "::1"],
    ["credentials smuggled into the authority", "localhost@evil.example"],
    ["a path", "localhost/evil"],
    ["no Host at all", null],
    ["an empty Host", ""],
    ["a non-numeric port", "localhost:http"],
  ])("refuses %s (%s)", (_label, host) => {
    expect(isAllowedLocalHost(host)).toBe(false);
  });

  it("serves the hosts of ALLOWED_HOSTS: any port without one, exactly that port with one", () => {
    const allowed = parseAllowedHosts(" studio.lan , 192.168.1.20:3000,[fe80::1]:8080,");
    expect(isAllowedLocalHost("studio.lan", allowed)).toBe(true);
    expect(isAllowedLocalHost("Studio.LAN:4000", allowed)).toBe(true);
    expect(isAllowedLocalHost("192.168.1.20:3000", allowed)).toBe(true);
    expect(isAllowedLocalHost("192.168.1.20:3001", allowed)).toBe(false);
    expect(isAllowedLocalHost("192.168.1.20", allowed)).toBe(false);
    expect(isAllowedLocalHost("[fe80::1]:8080", allowed)).toBe(true);
    expect(isAllowedLocalHost("evil.example", allowed)).toBe(false);
  });
});

describe("splitHost", () => {
  it("splits host and port, IPv6 in brackets", () => {
    expect(splitHost("Example.COM:80")).toEqual({ host: "example.com", port: "80" });
    expect(splitHost("[::1]:3000")).toEqual({ host: "[::1]", port: "3000" });
    expect(splitHost("[::1]")).toEqual({ host: "[::1]", port: null });
    expect(splitHost("[::1")).toBeNull();
    expect(splitHost("a:b:c")).toBeNull();
  });
});
