import { createHash } from "node:crypto";
import type { AuthorizerRecord } from "./sandboxRecords.ts";

// Invented but stable values, derived from the appid so that repeated calls
// agree. URLs use the reserved .invalid domain so nothing is ever fetched.
function originalId(appId: string): string {
  const digest = createHash("sha1").update(appId).digest("hex");

  return `gh_${digest.slice(0, 12)}`;
}

function miniProgramInfo() {
  return {
    network: {
      RequestDomain: [],
      WsRequestDomain: [],
      UploadDomain: [],
      DownloadDomain: [],
      BizDomain: [],
      UDPDomain: [],
    },
    categories: [{ first: "商家自营", second: "服装/鞋/箱包" }],
    visit_status: 0,
  };
}

/** `authorizer_info`: Mini Programs carry MiniProgramInfo, accounts don't. */
export function authorizerProfile(record: AuthorizerRecord) {
  const appId = record.authorizerAppid;
  const isMiniProgram = record.accountType === "miniprogram";
  const profile = {
    nick_name: `Sandbox ${isMiniProgram ? "Mini Program" : "Account"} ${appId.slice(-4)}`,
    head_img: `https://sandbox.invalid/head/${appId}.png`,
    // 0 is a Mini Program's service type; 2 an official service account.
    service_type_info: { id: isMiniProgram ? 0 : 2 },
    verify_type_info: { id: 0 },
    user_name: originalId(appId),
    alias: "",
    qrcode_url: `https://sandbox.invalid/qrcode/${appId}.jpg`,
    business_info: {
      open_pay: 1,
      open_shake: 0,
      open_scan: 0,
      open_card: 0,
      open_store: 0,
    },
    principal_name: "Sandbox Trading Co., Ltd.",
    signature: "An account simulated by the WeChat sandbox.",
  };

  return isMiniProgram
    ? { ...profile, MiniProgramInfo: miniProgramInfo() }
    : profile;
}
