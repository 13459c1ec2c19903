import { createServer, type Server } from "node:net";

/**
 * Asks the OS for `count` distinct free TCP ports on 127.0.0.1. All listeners
 * stay open until every port is known, so the ports differ from each other;
 * another process can still take one before the caller binds it.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listenOnAnyPort());
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        throw new Error("Expected a TCP address from a listening server");
      }
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(closeServer));
  }
}

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () =>
      resolve(server),
    );
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
