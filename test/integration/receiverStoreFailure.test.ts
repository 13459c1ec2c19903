import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { expect, it } from "vitest";

import { callbackRouter } from "../../src/receive/callbackRouter.ts";
import type { Db } from "../../src/store/db.ts";
import { PushRecorder } from "../../src/store/pushRecorder.ts";
import { storePushes } from "../../src/store/storePushes.ts";
import { authorizedXml, buildPush, postPush } from "../support/buildPush.ts";
import {
  capturingLogger,
  credentials,
  testConfig,
} from "../support/testConfig.ts";

/** A store whose disk is gone: every write fails. */
const brokenDb: Db = {
  dialect: "sqlite",
  query: async () => {
    throw new Error("SQLITE_IOERR: disk I/O error");
  },
  execute: async () => {
    throw new Error("SQLITE_IOERR: disk I/O error");
  },
  transaction: async () => {
    throw new Error("SQLITE_IOERR: disk I/O error");
  },
  close: async () => undefined,
};

it("answers 503, not success, when the push cannot be stored", async () => {
  const { logger, lines } = capturingLogger();
  const app = express().use(
    callbackRouter(
      testConfig(),
      new PushRecorder(
        (pushes, nowMs) =>
          brokenDb.transaction((tx) => storePushes(tx, pushes, nowMs)),
        logger,
      ),
      logger,
    ),
  );
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  try {
    const push = buildPush(
      credentials,
      authorizedXml(
        credentials.appId,
        "wxaaaaaaaaaaaaaaaa",
        "queryauthcode@@@x",
        Math.floor(Date.now() / 1000),
      ),
    );
    const answer = await postPush(url, push);

    expect(answer.status).toBe(503);
    expect(answer.body).toMatch(/^STORE_UNAVAILABLE/);
    expect(lines.some((line) => line.includes("SQLITE_IOERR"))).toBe(true);
  } finally {
    server.close();
  }
});
