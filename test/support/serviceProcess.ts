import { spawn, type ChildProcess } from "node:child_process";

import { freePort } from "./freePort.ts";
import { waitFor } from "./waitFor.ts";

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown hook runs, as in a power cut. */
  kill(): Promise<void>;
}

/** `npm start`'s entry point as a child process, for crash tests. */
export async function startServiceProcess(
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...inheritedEnv(), ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;

  await waitFor(
    async () => {
      if (child.exitCode !== null) {
        throw new Error(`service exited early:\n${output}`);
      }
      return fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    "the service process to answer /healthz",
    30_000,
  );

  return {
    url,
    child,
    output: () => output,
    async kill() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The test run's environment minus anything that configures the service. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(WECHAT_|KAFKA_|DATABASE_URL|SERVICE_ROLES)/.test(name),
    ),
  );
}
