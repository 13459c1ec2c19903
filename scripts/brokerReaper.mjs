// Started by killBrokerWithParent.ts as a detached process, with a pipe from
// the parent on stdin. However the parent ends, even by SIGKILL, the kernel
// closes that pipe; this process then stops the broker and deletes its temp
// dir. Plain JavaScript because it must start without any loader.
import { rmSync } from "node:fs";

const GRACE_MS = 5_000;
const POLL_MS = 100;

const [pidText, tempDir] = process.argv.slice(2);
const pid = Number(pidText);

process.stdin.on("end", reap);
process.stdin.on("error", reap);
process.stdin.resume();

async function reap() {
  signal("SIGTERM");
  const deadlineMs = Date.now() + GRACE_MS;
  while (isAlive() && Date.now() < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (isAlive()) signal("SIGKILL");
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  process.exit(0);
}

function signal(name) {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function isAlive() {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
