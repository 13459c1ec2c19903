import { describe, expect, it } from "vitest";

import {
  authorizationPageUrl,
  platformOf,
} from "../../src/authorize/authorizationPageUrl.ts";
import { funcScopeIdsOf } from "../../src/wechat/componentApi.ts";

const base = {
  mpBaseUrl: "https://mp.weixin.qq.com",
  openBaseUrl: "https://open.weixin.qq.com",
  componentAppId: "wx1234567890abcdef",
  preAuthCode: "preauthcode@@@abc",
  redirectUri: "https://provider.example/wechat/component/authorized",
  categoryIds: [45],
};

describe("authorizationPageUrl", () => {
  it("builds the PC page asking for Mini Programs and set 45", () => {
    const url = new URL(authorizationPageUrl({ ...base, platform: "pc" }));

    expect(url.origin + url.pathname).toBe(
      "https://mp.weixin.qq.com/cgi-bin/componentloginpage",
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      component_appid: base.componentAppId,
      pre_auth_code: base.preAuthCode,
      redirect_uri: base.redirectUri,
      auth_type: "2",
      category_id_list: "45",
    });
  });

  it("builds the mobile page with its fixed parameters and fragment", () => {
    const text = authorizationPageUrl({
      ...base,
      platform: "mobile",
      bizAppId: "wxaaaaaaaaaaaaaaaa",
    });
    const url = new URL(text);

    expect(url.origin + url.pathname).toBe(
      "https://open.weixin.qq.com/wxaopen/safe/bindcomponent",
    );
    expect(url.searchParams.get("action")).toBe("bindcomponent");
    expect(url.searchParams.get("no_scan")).toBe("1");
    expect(url.searchParams.get("biz_appid")).toBe("wxaaaaaaaaaaaaaaaa");
    expect(text.endsWith("#wechat_redirect")).toBe(true);
  });

  it("sends WeChat's in-app browser to the mobile page", () => {
    expect(platformOf(undefined, "Mozilla/5.0 MicroMessenger/8.0.50")).toBe(
      "mobile",
    );
    expect(platformOf(undefined, "Mozilla/5.0 Chrome/120")).toBe("pc");
    expect(platformOf("mobile", "Chrome")).toBe("mobile");
  });
});

describe("funcScopeIdsOf", () => {
  it("reads ids whatever other keys the entries carry", () => {
    const ids = funcScopeIdsOf([
      {
        funcscope_category: { id: 45, type: 1, name: "物流" },
        confirm_info: { need_confirm: 0 },
      },
      { funcscope_category: { id: 17 } },
      { funcscope_category: { id: 45 } },
    ]);

    expect(ids).toEqual([17, 45]);
  });
});
