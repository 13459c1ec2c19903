import { isIP, isIPv4 } from "node:net";
import { randomRid } from "./randomValues.ts";
import { SandboxScriptError } from "./sandboxScriptError.ts";
import type { ApiErrorAnswer } from "./wechatErrors.ts";

const MAPPED_PREFIX = "::ffff:";

/** The caller's address in both the forms WeChat's errmsg shows. */
export function callerIps(remoteAddress: string | undefined) {
  const address = remoteAddress ?? "";
  if (isIPv4(address)) {
    return { ipv4: address, ipv6: `${MAPPED_PREFIX}${address}` };
  }
  const mapped = address.toLowerCase().startsWith(MAPPED_PREFIX)
    ? address.slice(MAPPED_PREFIX.length)
    : "";
  if (isIPv4(mapped)) return { ipv4: mapped, ipv6: address };

  // A plain IPv6 caller has no IPv4 form; the errmsg shows it twice.
  return { ipv4: address, ipv6: address };
}

/** Checks a whitelist given to setIpWhitelist(); null turns the check off. */
export function checkIpWhitelist(ips: unknown): Set<string> | null {
  if (ips === null) return null;
  const valid =
    Array.isArray(ips) &&
    ips.every((ip) => typeof ip === "string" && isIP(ip) !== 0);
  if (!valid) {
    throw new SandboxScriptError(
      'the whitelist must be null or a list of IP addresses, e.g. ["127.0.0.1"]',
    );
  }

  return new Set(
    (ips as string[]).map((ip) => callerIps(ip).ipv4.toLowerCase()),
  );
}

/** 61004 naming the caller's IP the way WeChat does, or null when listed. */
export function refuseUnlistedIp(
  whitelist: Set<string> | null,
  remoteAddress: string | undefined,
): ApiErrorAnswer | null {
  if (whitelist === null) return null;
  const ips = callerIps(remoteAddress);
  if (whitelist.has(ips.ipv4.toLowerCase())) return null;

  return {
    errcode: 61004,
    errmsg:
      `invalid ip ${ips.ipv4} ipv6 ${ips.ipv6}, not in whitelist ` +
      `rid: ${randomRid()}`,
  };
}
