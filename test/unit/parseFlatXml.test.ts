import { Parser } from "xml2js";
import { describe, expect, it } from "vitest";

import { parseFlatXml } from "../../src/parse/parseFlatXml.ts";

async function viaXml2js(xml: string): Promise<unknown> {
  try {
    const parsed = await new Parser({
      explicitArray: false,
      trim: true,
      strict: true,
    }).parseStringPromise(xml);
    return (parsed as { xml?: unknown }).xml;
  } catch {
    return "refused";
  }
}

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const pieces = [
  "a",
  " ",
  "\n",
  "<",
  ">",
  "&",
  "]",
  "]]>",
  "<![CDATA[",
  "中",
  "x=1",
  "\t",
  "/",
];

function randomDocument(next: () => number): string {
  const names = ["AppId", "Encrypt", "ToUserName", "a", "_", "b.c"];
  let xml = next() < 0.9 ? "<xml>" : "<xml >";
  const children = Math.floor(next() * 4);
  for (let i = 0; i < children; i += 1) {
    const name = names[Math.floor(next() * names.length)]!;
    let text = "";
    for (let j = Math.floor(next() * 6); j > 0; j -= 1)
      text += pieces[Math.floor(next() * pieces.length)];
    xml +=
      next() < 0.5
        ? `<${name}><![CDATA[${text}]]></${name}>`
        : `<${name}>${text}</${name}>`;
    if (next() < 0.2) xml += "\n";
  }
  return xml + (next() < 0.9 ? "</xml>" : "</xml>trailing");
}

describe("parseFlatXml", () => {
  it("reads WeChat's envelope as xml2js does", async () => {
    const xml =
      "<xml><AppId><![CDATA[wx1234567890abcdef]]></AppId>\n<Encrypt><![CDATA[abc+/=]]></Encrypt></xml>";

    expect(parseFlatXml(xml)).toEqual({
      AppId: "wx1234567890abcdef",
      Encrypt: "abc+/=",
    });
    expect(parseFlatXml(xml)).toEqual(await viaXml2js(xml));
  });

  it.each([
    ['<xml><a x="1">v</a></xml>', "attributes"],
    ["<xml><a><b>v</b></a></xml>", "nesting"],
    ["<xml><a>&amp;</a></xml>", "entities"],
    ["<xml><a>1</a><a>2</a></xml>", "repeated names"],
    ["<?xml version='1.0'?><xml><a>1</a></xml>", "a declaration"],
    ["<!DOCTYPE x><xml><a>1</a></xml>", "a DOCTYPE"],
  ])("leaves %s to xml2js (%s)", (xml) => {
    expect(parseFlatXml(xml)).toBeUndefined();
  });

  it("never answers differently from xml2js on generated documents", async () => {
    const next = random(42);
    let compared = 0;
    for (let i = 0; i < 3000; i += 1) {
      const xml = randomDocument(next);
      const flat = parseFlatXml(xml);
      if (flat === undefined) continue;
      compared += 1;
      expect({ xml, parsed: flat }).toEqual({
        xml,
        parsed: await viaXml2js(xml),
      });
    }
    expect(compared).toBeGreaterThan(300);
  });
});
