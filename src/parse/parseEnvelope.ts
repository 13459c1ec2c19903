import { ServiceError } from "../errors.ts";
import { parseFlatXml } from "./parseFlatXml.ts";
import { parseXml, textOf } from "./parseXml.ts";

export interface Envelope {
  /** The component appid WeChat addressed, when the envelope names one. */
  appId: string | undefined;
  encrypt: string;
}

/**
 * The outer body is `<xml><AppId/><Encrypt/></xml>`. Account-message pushes
 * carry ToUserName instead of AppId, so either is read. It is read before
 * the signature is checked, on every push, so the plain shape WeChat sends
 * is read directly; anything else goes to xml2js. (The decrypted payload
 * always goes to xml2js.)
 */
export async function parseEnvelope(body: string): Promise<Envelope> {
  const root = parseFlatXml(body) ?? (await parseXml(body, "envelope"));
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
