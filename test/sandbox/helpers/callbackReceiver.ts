import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

export interface ReceivedPush {
  query: URLSearchParams;
  body: string;
  contentType: string | undefined;
}

export type ReceiverAnswer = { status: number; body: string };

/**
 * A stand-in authorization event URL on 127.0.0.1. `answer` decides the
 * reply to the n-th request (0-based); by default it says `success`.
 */
export async function startCallbackReceiver(
  answer: (index: number) => ReceiverAnswer = () => ({
    status: 200,
    body: "success",
  }),
) {
  const pushes: ReceivedPush[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const reply = answer(pushes.length);
      pushes.push({
        query: url.searchParams,
        body: Buffer.concat(chunks).toString("utf8"),
        contentType: request.headers["content-type"],
      });
      response.writeHead(reply.status).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(
    () => new Promise<void>((resolve) => server.close(() => resolve())),
  );
  const { port } = server.address() as AddressInfo;

  return { url: `http://127.0.0.1:${port}/wechat/authorization`, pushes };
}
