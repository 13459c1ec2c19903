import { availableParallelism } from "node:os";

import type { StoreCheck } from "./checkStore.ts";
import { median } from "./median.ts";
import type { BenchOptions } from "./readBenchOptions.ts";
import type { RunRow, TargetTotals } from "./runRounds.ts";
import type { ProfileSummary } from "./summarizeCpuProfile.ts";

/** The share of the bare app's rate the receiver must reach (the issue). */
export const AIM = 0.6;

const count = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => (Number.isNaN(n) ? "-" : n.toFixed(1));
const percent = (n: number) => `${(n * 100).toFixed(0)}%`;

export function formatHeader(options: BenchOptions): string {
  const each =
    `${options.warmupMs / 1000} s warm-up + ` +
    `${options.durationMs / 1000} s timed`;
  return [
    `Receiver throughput: ${options.connections} keep-alive connections, ` +
      `${each},`,
    `${options.rounds} round${options.rounds === 1 ? "" : "s"}, targets in ` +
      `turn, ${availableParallelism()} ` +
      "CPUs shared with the load generator.",
    '"other": CPU (cores) used meanwhile by processes not the bench\'s;',
    "where it is high, that run is noise.",
    "",
    row(["round", "target", "req/s", "p50 ms", "p99 ms", "errors", "other"]),
  ].join("\n");
}

export function formatRun(run: RunRow): string {
  const { result } = run;
  const late = result.pushesBuiltDuringRun;
  return (
    row([
      String(run.round),
      run.name,
      count(run.requestsPerSecond),
      ms(result.p50Ms),
      ms(result.p99Ms),
      String(result.measuredErrors),
      Number.isNaN(run.otherCpuCores) ? "-" : run.otherCpuCores.toFixed(2),
    ]) + (late > 0 ? `  (${count(late)} pushes built mid-run)` : "")
  );
}

export interface Summary {
  totals: TargetTotals[];
  checks: Map<string, StoreCheck>;
  /** Each service's log lines at warn or above, by message. */
  warnings: Map<string, Record<string, number>>;
  profile: ProfileSummary | null;
}

export function formatSummary(summary: Summary): string {
  const { totals, checks, warnings, profile } = summary;
  const medians = totals.map((target) => ({
    target,
    perSecond: median(target.rows.map((r) => r.requestsPerSecond)),
    p50Ms: median(target.rows.map((r) => r.result.p50Ms)),
    p99Ms: median(target.rows.map((r) => r.result.p99Ms)),
  }));
  const bare = medians[0]!.perSecond;
  const receiver = medians[1]!.perSecond / bare;
  const eachRound = totals[1]!.rows.map((row, index) =>
    (row.requestsPerSecond / totals[0]!.rows[index]!.requestsPerSecond).toFixed(
      2,
    ),
  );
  const lines = [
    "",
    row(["", "target", "median/s", "p50 ms", "p99 ms", "vs bare"]),
    ...medians.map((m) =>
      row([
        "",
        m.target.name,
        count(m.perSecond),
        ms(m.p50Ms),
        ms(m.p99Ms),
        percent(m.perSecond / bare),
      ]),
    ),
    "",
    `Ratio service (receiver) / bare, medians: ${receiver.toFixed(2)} ` +
      `(round by round: ${eachRound.join(", ")})`,
    `Aim of at least ${AIM.toFixed(2)}: ${receiver >= AIM ? "met" : "NOT met"}`,
    ...noiseLines(totals),
    "",
    "Store check (each service's SQLite file read back after it stopped):",
    ...totals.slice(1).map((t) => storeLine(t, checks.get(t.name))),
    ...errorLines(totals),
    ...warningLines(warnings),
  ];
  if (profile) lines.push(...profileLines(profile));
  return lines.join("\n");
}

/** Beyond these the rounds disagree too much to trust one ratio. */
const NOISY_OTHER_CORES = 0.25;
const NOISY_BARE_SPREAD = 1.3;

function noiseLines(totals: TargetTotals[]): string[] {
  // The full service's handlers keep the kernel's journal thread busy,
  // which counts as "other"; only the runs behind the ratio matter here.
  const rows = totals.slice(0, 2).flatMap((t) => t.rows);
  const busiest = Math.max(...rows.map((r) => r.otherCpuCores));
  const bare = totals[0]!.rows.map((r) => r.requestsPerSecond);
  const spread = Math.max(...bare) / Math.min(...bare);
  if (!(busiest > NOISY_OTHER_CORES) && !(spread > NOISY_BARE_SPREAD)) {
    return [];
  }
  return [
    `Noisy: other processes used up to ${busiest.toFixed(2)} cores, and the ` +
      `bare app's rate varied ${spread.toFixed(1)}x`,
    "between rounds; rerun on a quiet machine, or with more --rounds.",
  ];
}

function row(cells: string[]): string {
  const [round, name, ...numbers] = cells;
  return (
    round!.padStart(5) +
    "  " +
    name!.padEnd(20) +
    numbers.map((cell) => cell.padStart(9)).join("")
  );
}

function storeLine(totals: TargetTotals, check: StoreCheck | undefined) {
  if (!check) return `  ${totals.name}: not checked`;
  const verdict = check.passed ? "OK" : `FAILED: ${check.failures.join("; ")}`;
  const handled = check.handled > 0 ? `, handled ${count(check.handled)}` : "";
  return [
    `  ${totals.name}: ${verdict}`,
    `    authorized answered success ${count(totals.okAuthorized)}; ` +
      `stored events ${count(check.receivedEvents)}, ` +
      `outbox rows ${count(check.outboxRows)}${handled}`,
    `    tickets answered success ${count(totals.okTickets)}; newest ` +
      `CreateTime ${totals.newestTicket?.createTime ?? "none"}, stored ` +
      `${check.ticketCreateTime ?? "none"}`,
  ].join("\n");
}

function errorLines(totals: TargetTotals[]): string[] {
  const lines = totals.flatMap((t) =>
    Object.entries(t.errors).map(
      ([kind, n]) => `  ${t.name}: ${count(n)} x ${kind}`,
    ),
  );
  return lines.length > 0
    ? ["", "Answers other than 200 success (warm-up included):", ...lines]
    : ["", "Answers other than 200 success: none"];
}

function warningLines(warnings: Summary["warnings"]): string[] {
  const lines = [...warnings].flatMap(([name, byMessage]) =>
    Object.entries(byMessage).map(
      ([message, n]) => `  ${name}: ${count(n)} x "${message}"`,
    ),
  );
  return lines.length > 0
    ? ["", "Service log lines at warn or above:", ...lines]
    : ["Service log lines at warn or above: none"];
}

function profileLines(profile: ProfileSummary): string[] {
  const line = (cost: { name: string; share: number }) =>
    `  ${percent(cost.share).padStart(4)}  ${cost.name}`;
  return [
    "",
    `CPU profile of service (receiver), start-up left out: ` +
      `${count(profile.busySamples)} busy samples, ` +
      `${count(profile.idleSamples)} idle. Self time by package or file:`,
    ...profile.byModule.map(line),
    "By function:",
    ...profile.byFunction.map(line),
  ];
}
