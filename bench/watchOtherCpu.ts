import { readFileSync } from "node:fs";

/**
 * Starts counting the CPU time used by processes other than `ownPids`, and
 * answers a function giving it since then, in cores (1 = one core's worth).
 * On a 2-core machine any such load lands on a target or on the load
 * generator, so a run with much of it is noise. NaN where there is no /proc.
 */
export function watchOtherCpu(ownPids: readonly number[]): () => number {
  const start = snapshot(ownPids);
  const startMs = performance.now();

  return () => {
    const end = snapshot(ownPids);
    if (!start || !end) return NaN;
    const elapsedTicks = ((performance.now() - startMs) / 1000) * TICKS;
    return Math.max(0, end.other - start.other) / elapsedTicks;
  };
}

/** USER_HZ, which Linux fixes at 100 for /proc. */
const TICKS = 100;

function snapshot(ownPids: readonly number[]): { other: number } | null {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const [user, nice, system, , , irq, softirq, steal] = cpu
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    const own = ownPids.reduce((sum, pid) => sum + processTicks(pid), 0);
    return { other: busy - own };
  } catch {
    return null;
  }
}

function processTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}
