import { request, type Agent } from "node:http";

import type { BenchPush } from "./createPushPool.ts";

export type SendOutcome = { ok: true } | { ok: false; kind: string };

/** POSTs one push and says whether the answer was 200 `success`. */
export function sendPush(
  agent: Agent,
  target: URL,
  push: BenchPush,
  timeoutMs: number,
): Promise<SendOutcome> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: "POST",
        path: push.path,
        headers: {
          "content-type": "text/xml",
          "content-length": push.body.length,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve(judge(res.statusCode ?? 0, text)));
        res.on("error", (error) => resolve(failure(error)));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", (error) => resolve(failure(error)));
    req.end(push.body);
  });
}

function judge(status: number, text: string): SendOutcome {
  if (status === 200 && text === "success") return { ok: true };

  // Refusals start with the service's error code, e.g. "SIGNATURE_MISMATCH:".
  const code = /^[A-Z_]+(?=:)/.exec(text)?.[0] ?? "";
  return { ok: false, kind: `HTTP ${status} ${code}`.trim() };
}

function failure(error: Error): SendOutcome {
  const code = (error as NodeJS.ErrnoException).code ?? error.message;
  return { ok: false, kind: `network ${code}` };
}
