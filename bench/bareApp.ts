import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";

import { CALLBACK_PATH } from "../src/receive/callbackRouter.ts";

/**
 * The yardstick: express 5 answering `success` to the callback and nothing
 * more (no reading, checking or storing). Prints its URL once listening.
 */
const app = express();
app.disable("x-powered-by");
app.post(CALLBACK_PATH, (_req, res) => {
  res.type("text/plain").send("success");
});

const server = app.listen(0, "127.0.0.1");
await once(server, "listening");
const { port } = server.address() as AddressInfo;
process.stdout.write(`http://127.0.0.1:${port}\n`);
process.once("SIGTERM", () => server.close(() => process.exit(0)));
