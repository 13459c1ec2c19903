/** The decrypted payloads WeChat pushes to the authorization event URL. */
export type PushPayload =
  | {
      infoType: "component_verify_ticket";
      componentAppId: string;
      createTime: number;
      componentVerifyTicket: string;
    }
  | {
      infoType: "authorized" | "updateauthorized";
      componentAppId: string;
      createTime: number;
      authorizerAppid: string;
      authorizationCode: string;
      authorizationCodeExpiredTime: number;
      preAuthCode: string;
    }
  | {
      infoType: "unauthorized";
      componentAppId: string;
      createTime: number;
      authorizerAppid: string;
    };

/** Element values of an "other" push: text goes in CDATA, numbers bare. */
export interface XmlFields {
  [element: string]: string | number | XmlFields;
}

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function cdata(text: string): string {
  // A literal "]]>" would end the section early, so split it across two.
  return `<![CDATA[${text.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

function element(name: string, value: string | number | XmlFields): string {
  if (!ELEMENT_NAME.test(name)) {
    throw new Error(`"${name}" is not a usable XML element name`);
  }
  if (typeof value === "number") return `<${name}>${value}</${name}>`;
  if (typeof value === "string") return `<${name}>${cdata(value)}</${name}>`;

  return `<${name}>${elements(value)}</${name}>`;
}

function elements(fields: XmlFields): string {
  return Object.entries(fields)
    .map(([name, value]) => element(name, value))
    .join("");
}

function payloadFields(payload: PushPayload): XmlFields {
  const head = {
    AppId: payload.componentAppId,
    CreateTime: payload.createTime,
    InfoType: payload.infoType,
  };
  switch (payload.infoType) {
    case "component_verify_ticket":
      return { ...head, ComponentVerifyTicket: payload.componentVerifyTicket };
    case "authorized":
    case "updateauthorized":
      return {
        ...head,
        AuthorizerAppid: payload.authorizerAppid,
        AuthorizationCode: payload.authorizationCode,
        AuthorizationCodeExpiredTime: payload.authorizationCodeExpiredTime,
        PreAuthCode: payload.preAuthCode,
      };
    case "unauthorized":
      return { ...head, AuthorizerAppid: payload.authorizerAppid };
  }
}

/** The inner (to be encrypted) XML of one of the four authorization pushes. */
export function buildPushXml(payload: PushPayload): string {
  return `<xml>${elements(payloadFields(payload))}</xml>`;
}

/**
 * The inner XML of any other InfoType (notify_third_fasteregister and the
 * like), whose own elements WeChat writes in lower case.
 */
export function buildOtherPushXml(
  componentAppId: string,
  createTime: number,
  infoType: string,
  fields: XmlFields,
): string {
  const head = { AppId: componentAppId, CreateTime: createTime };

  return `<xml>${elements({ ...head, InfoType: infoType, ...fields })}</xml>`;
}

/** Sample fields of a notify_third_fasteregister push. */
export function fastRegisterFields(appid: string): XmlFields {
  return {
    appid,
    status: 0,
    auth_code: "sandbox-fastregister-auth-code",
    msg: "OK",
    info: {
      name: "Sandbox Trading Co., Ltd.",
      code: "91440300000000000X",
      code_type: 1,
      legal_persona_wechat: "sandbox_legal_wechat",
      legal_persona_name: "Sandbox Person",
      component_phone: "13800000000",
    },
  };
}
