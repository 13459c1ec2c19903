/**
 * One child of a flat document: `<Name>` holding a single CDATA section or
 * plain text (no markup, no entity), then `</Name>`. CDATA stops at its
 * first `]]>`, as XML says.
 */
const CHILD =
  /[ \t\n]*<([A-Za-z_][A-Za-z0-9_.-]*)>(?:<!\[CDATA\[((?:[^\]]|\](?!\]>))*)\]\]>|([^<>&]*))<\/\1>/y;
const END = /[ \t\n]*<\/xml>[ \t\n]*$/y;
/** Left to the full parser: its handling of these is not worth copying. */
const UNUSUAL_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\r\uFFFE\uFFFF]/;

/**
 * Reads the flat `<xml>` WeChat sends (every push and envelope) without
 * xml2js, giving exactly what xml2js gives with explicitArray false and trim
 * true: element name to text, CDATA trimmed, blank plain text kept as is.
 * Anything else (attributes, nesting, entities, repeated names, comments,
 * a declaration) answers undefined, and the caller uses xml2js, so what is
 * accepted and what it yields stay the same. The point is speed: xml2js
 * builds a new sax parser for each document.
 */
export function parseFlatXml(xml: string): Record<string, string> | undefined {
  if (!xml.startsWith("<xml>") || UNUSUAL_CHARS.test(xml)) return undefined;

  const root: Record<string, string> = {};
  let children = 0;
  CHILD.lastIndex = "<xml>".length;
  for (;;) {
    const at = CHILD.lastIndex;
    const match = CHILD.exec(xml);
    if (!match) {
      END.lastIndex = at;
      return children > 0 && END.test(xml) ? root : undefined;
    }

    const [, name, cdata, text] = match;
    // `in` as xml2js uses it: a repeat (or an inherited name) is its case,
    // and so is "_", the key where xml2js collects an element's text.
    if (name! in root || name === "__proto__" || name === "_") return undefined;
    root[name!] = cdata !== undefined ? cdata.trim() : blankOrTrimmed(text!);
    children++;
  }
}

/** xml2js keeps blank plain text untrimmed, and trims any other. */
function blankOrTrimmed(text: string): string {
  return /^\s*$/.test(text) ? text : text.trim();
}
