import { afterEach, describe, expect, it } from "vitest";

import { startService, type Service } from "../../src/service.ts";
import {
  authorizedXml,
  buildPush,
  postPush,
  ticketXml,
  type PushParts,
} from "../support/buildPush.ts";
import { specEncrypt } from "../support/specCipher.ts";
import {
  capturingLogger,
  credentials,
  testConfig,
} from "../support/testConfig.ts";

const now = () => Math.floor(Date.now() / 1000);
const authorizerAppId = "wxaaaaaaaaaaaaaaaa";
let service: Service | undefined;

afterEach(async () => {
  await service?.stop();
  service = undefined;
});

/** The receiver alone: no handler runs, so only what it stored is seen. */
async function startReceiver(env: Record<string, string> = {}) {
  const { logger, lines } = capturingLogger();
  service = await startService(
    testConfig({
      SERVICE_ROLES: "receiver",
      CALLBACK_MAX_BODY_BYTES: "4096",
      ...env,
    }),
    { logger },
  );
  return { service, lines };
}

async function storedCounts(target: Service) {
  const count = async (table: string) =>
    Number(
      (
        await target.db.query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM ${table}`,
        )
      )[0]!.n,
    );
  return {
    events: await count("received_event"),
    outbox: await count("outbox"),
    tickets: await count("component_ticket"),
  };
}

function genuineAuthorized(createTime = now()): PushParts {
  return buildPush(
    credentials,
    authorizedXml(
      credentials.appId,
      authorizerAppId,
      "queryauthcode@@@abc",
      createTime,
    ),
  );
}

describe("the callback receiver, over a real socket", () => {
  it("answers exactly `success` once a ticket is stored", async () => {
    const { service } = await startReceiver();
    const push = buildPush(
      credentials,
      ticketXml(credentials.appId, "ticket@@@one", now()),
    );

    const answer = await postPush(service.url, push);

    expect(answer).toEqual({ status: 200, body: "success" });
    const rows = await service.db.query("SELECT ticket FROM component_ticket");
    expect(rows).toEqual([{ ticket: "ticket@@@one" }]);
  });

  it("stores an authorization event and its outbox row once, however often it comes", async () => {
    const { service } = await startReceiver();
    const push = genuineAuthorized();

    const answers = [
      await postPush(service.url, push),
      await postPush(service.url, push),
    ];
    // WeChat's retry uses a new nonce and signature for the same payload.
    const resent = buildPush(credentials, "", {
      encrypt: /<Encrypt><!\[CDATA\[(.*)\]\]>/.exec(push.body)![1],
    });
    answers.push(await postPush(service.url, resent));

    expect(answers.map((a) => a.body)).toEqual([
      "success",
      "success",
      "success",
    ]);
    expect(await storedCounts(service)).toEqual({
      events: 1,
      outbox: 1,
      tickets: 0,
    });
    const [row] = await service.db.query<{ value: string }>(
      "SELECT value FROM outbox",
    );
    expect(row!.value).not.toContain("queryauthcode");
  });

  it("keeps a push of an InfoType it does not handle", async () => {
    const { service } = await startReceiver();
    const xml =
      `<xml><AppId>${credentials.appId}</AppId><CreateTime>${now()}</CreateTime>` +
      `<InfoType>notify_third_fasteregister</InfoType><appid>wxbbbbbbbbbbbbbbbb</appid>` +
      `<status>0</status><msg>OK</msg></xml>`;

    const answer = await postPush(service.url, buildPush(credentials, xml));

    expect(answer.body).toBe("success");
    expect(await storedCounts(service)).toEqual({
      events: 1,
      outbox: 1,
      tickets: 0,
    });
  });

  const refusals: Array<[string, number, () => PushParts | { raw: string }]> = [
    [
      "a wrong msg_signature",
      401,
      () => {
        const push = genuineAuthorized();
        push.query.msg_signature = "0".repeat(40);
        return push;
      },
    ],
    [
      "the three-part signature passed off as msg_signature",
      401,
      () => {
        const push = genuineAuthorized();
        push.query.msg_signature = push.query.signature!;
        return push;
      },
    ],
    [
      "a timestamp that is not Unix seconds",
      401,
      () => {
        const push = genuineAuthorized();
        push.query.timestamp = "yesterday";
        return push;
      },
    ],
    [
      "a stale timestamp in the query",
      401,
      () =>
        buildPush(
          credentials,
          authorizedXml(credentials.appId, authorizerAppId, "c", now()),
          {
            timestamp: now() - 3600,
          },
        ),
    ],
    [
      "a missing msg_signature",
      400,
      () => {
        const push = genuineAuthorized();
        delete push.query.msg_signature;
        return push;
      },
    ],
    [
      "an encrypt_type other than aes",
      400,
      () => {
        const push = genuineAuthorized();
        push.query.encrypt_type = "raw";
        return push;
      },
    ],
    ["a body that is not XML", 400, () => ({ raw: "this is not xml" })],
    [
      "a DOCTYPE in the envelope",
      400,
      () => ({
        raw: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><xml><Encrypt>&e;</Encrypt></xml>',
      }),
    ],
    [
      "an envelope with nested elements",
      400,
      () => ({ raw: "<xml><Encrypt><a>x</a></Encrypt></xml>" }),
    ],
    [
      "an oversized body",
      413,
      () => ({ raw: `<xml><Encrypt>${"A".repeat(8192)}</Encrypt></xml>` }),
    ],
    [
      "an envelope for another platform",
      403,
      () => {
        const push = genuineAuthorized();
        push.body = push.body.replace(credentials.appId, "wx0000000000000000");
        return push;
      },
    ],
    [
      "a message encrypted for another appid",
      403,
      () =>
        buildPush(credentials, "", {
          encrypt: specEncrypt(
            credentials.encodingAesKey,
            authorizedXml(credentials.appId, authorizerAppId, "c", now()),
            "wx0000000000000000",
          ),
        }),
    ],
    [
      "a payload whose AppId is another platform's",
      403,
      () =>
        buildPush(
          credentials,
          authorizedXml("wx0000000000000000", authorizerAppId, "c", now()),
        ),
    ],
    [
      "Encrypt that is not base64",
      400,
      () => buildPush(credentials, "", { encrypt: "not*base64" }),
    ],
    [
      "a payload without AuthorizerAppid",
      400,
      () =>
        buildPush(
          credentials,
          `<xml><AppId>${credentials.appId}</AppId><CreateTime>${now()}</CreateTime>` +
            `<InfoType>authorized</InfoType><AuthorizationCode>c</AuthorizationCode>` +
            `<AuthorizationCodeExpiredTime>1</AuthorizationCodeExpiredTime></xml>`,
        ),
    ],
    [
      "a message encrypted with another key",
      400,
      () =>
        buildPush(credentials, "", {
          encrypt: specEncrypt(
            "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
            authorizedXml(credentials.appId, authorizerAppId, "c", now()),
            credentials.appId,
          ),
        }),
    ],
  ];

  it.each(refusals)(
    "refuses %s with %i and changes nothing",
    async (_name, status, make) => {
      const { service } = await startReceiver();
      const built = make();
      const push: PushParts =
        "raw" in built
          ? { query: genuineAuthorized().query, body: built.raw }
          : built;

      const answer = await postPush(service.url, push);

      expect(answer.status).toBe(status);
      expect(answer.body).not.toContain("success");
      expect(answer.body).not.toContain("queryauthcode");
      expect(await storedCounts(service)).toEqual({
        events: 0,
        outbox: 0,
        tickets: 0,
      });
    },
  );

  it("never writes the ticket or the code into its log", async () => {
    const { service, lines } = await startReceiver();

    await postPush(
      service.url,
      buildPush(
        credentials,
        ticketXml(credentials.appId, "ticket@@@secret", now()),
      ),
    );
    await postPush(service.url, genuineAuthorized());

    expect(lines.some((line) => line.includes('"push stored"'))).toBe(true);
    const all = lines.join("\n");
    expect(all).not.toContain("ticket@@@secret");
    expect(all).not.toContain("queryauthcode@@@abc");
    expect(all).not.toContain(credentials.encodingAesKey);
  });

  it("answers /healthz once ready", async () => {
    const { service } = await startReceiver();

    const response = await fetch(`${service.url}/healthz`);

    expect(response.status).toBe(200);
  });
});
