import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export interface NodeChild {
  pid: number;
  /** The last of what the child wrote, stdout and stderr, for errors. */
  output(): string;
  /** pino lines at warn or above, by message, e.g. "handler will retry". */
  warnings(): Record<string, number>;
  exited(): boolean;
  /** SIGSTOP: a target not being measured must not compete for the CPU. */
  pause(): void;
  resume(): void;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * A TypeScript entry point run as `node --import tsx <script>`, with the
 * script's path relative to the repository root.
 */
export function startNodeChild(
  script: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
): NodeChild {
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", script],
    { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  let partialLine = "";
  const warnings: Record<string, number> = {};
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-OUTPUT_LIMIT);
    const lines = (partialLine + text).split("\n");
    partialLine = lines.pop()!;
    for (const line of lines) {
      const message = warningIn(line);
      if (message) warnings[message] = (warnings[message] ?? 0) + 1;
    }
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exit = once(child, "exit");

  return {
    pid: child.pid!,
    output: () => output,
    warnings: () => warnings,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    pause: () => void child.kill("SIGSTOP"),
    resume: () => void child.kill("SIGCONT"),
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGCONT");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** pino writes one JSON object a line; warn is level 40. */
function warningIn(line: string): string | undefined {
  if (!/"level":[4-6]0\b/.test(line)) return undefined;
  try {
    return String((JSON.parse(line) as { msg?: unknown }).msg);
  } catch {
    return "(unreadable log line)";
  }
}
