import { ServiceError } from "../errors.ts";
import { parseFlatXml } from "./parseFlatXml.ts";
import { textOf } from "./parseXml.ts";

export interface Envelope {
  /** The component appid WeChat addressed, when the envelope names one. */
  appId: string | undefined;
  encrypt: string;
}

/** An optional XML declaration and white space WeChat may put first. */
const PROLOGUE = /^\s*(<\?xml[^>]{0,100}\?>)?\s*/;

/**
 * The outer body is `<xml><AppId/><Encrypt/></xml>`. Account-message pushes
 * carry ToUserName instead of AppId, so either is read. The envelope is
 * read before its signature can be checked, by anyone who can reach the
 * URL, so only the plain shape WeChat sends is accepted, read by a strict
 * linear reader: no general XML parser runs on an unsigned body. (The
 * decrypted payload goes to xml2js.)
 */
export function parseEnvelope(body: string): Envelope {
  const root = parseFlatXml(body.replace(PROLOGUE, ""));
  if (!root) {
    throw new ServiceError(
      "ENVELOPE_INVALID",
      "The push body must be a flat <xml> of <AppId> and <Encrypt> " +
        "elements, as WeChat sends it",
    );
  }
  const encrypt = textOf(root, "Encrypt");

  if (!encrypt) {
    throw new ServiceError(
      "ENVELOPE_INVALID",
      "The push body must be <xml> with a non-empty <Encrypt> element",
    );
  }
  return {
    appId: textOf(root, "AppId") ?? textOf(root, "ToUserName"),
    encrypt,
  };
}
