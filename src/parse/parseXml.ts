import { Parser } from "xml2js";

import { ServiceError } from "../errors.ts";

/**
 * Parses a flat WeChat XML document into element name → text. WeChat's
 * pushes never need a DOCTYPE or entity declarations, and refusing them
 * outright rules out entity expansion attacks whatever the parser does.
 */
export async function parseXml(
  xml: string,
  what: string,
): Promise<Record<string, unknown>> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw invalidXml(what, "a DOCTYPE or ENTITY declaration is not allowed");
  }

  const parser = new Parser({
    explicitArray: false,
    explicitRoot: true,
    trim: true,
    strict: true,
  });
  let parsed: unknown;
  try {
    parsed = await parser.parseStringPromise(xml);
  } catch (cause) {
    throw invalidXml(what, "it is not well-formed XML", cause);
  }

  const root = (parsed as { xml?: unknown } | null)?.xml;
  if (root === null || typeof root !== "object") {
    throw invalidXml(what, "the root element must be <xml> with children");
  }
  return root as Record<string, unknown>;
}

function invalidXml(what: string, reason: string, cause?: unknown) {
  const code = what === "envelope" ? "ENVELOPE_INVALID" : "PAYLOAD_INVALID";
  return new ServiceError(code, `The push's ${what} was refused: ${reason}`, {
    cause,
  });
}

/** The text of a child element, whether it was bare or in CDATA. */
export function textOf(
  root: Record<string, unknown>,
  name: string,
): string | undefined {
  const value = root[name];
  return typeof value === "string" ? value : undefined;
}
