import { timingSafeEqual } from "node:crypto";
import { getSignature } from "@wecom/crypto";

import { ServiceError } from "../errors.ts";

/**
 * msg_signature is sha1 over the sorted token, timestamp, nonce and Encrypt
 * text. (The separate `signature` query value leaves Encrypt out and proves
 * nothing about the body, so it is not what we check.)
 */
export function verifyMsgSignature(input: {
  token: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  msgSignature: string;
}): void {
  const expected = Buffer.from(
    getSignature(input.token, input.timestamp, input.nonce, input.encrypt),
    "utf8",
  );
  const received = Buffer.from(input.msgSignature.toLowerCase(), "utf8");

  const matches =
    expected.length === received.length && timingSafeEqual(expected, received);
  if (!matches) {
    throw new ServiceError(
      "SIGNATURE_MISMATCH",
      "msg_signature does not match sha1(sort(token, timestamp, nonce, " +
        "Encrypt)); check WECHAT_COMPONENT_TOKEN against the platform page",
    );
  }
}
