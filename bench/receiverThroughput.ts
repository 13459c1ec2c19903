import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { checkStore, type StoreCheck } from "./checkStore.ts";
import { formatHeader, formatRun, formatSummary } from "./formatReport.ts";
import { readBenchOptions, type BenchOptions } from "./readBenchOptions.ts";
import {
  runRounds,
  type MeasuredTarget,
  type TargetTotals,
} from "./runRounds.ts";
import { startBareApp } from "./startBareApp.ts";
import { startBenchSandbox, type BenchSandbox } from "./startBenchSandbox.ts";
import {
  startLoadGenerator,
  type LoadGenerator,
} from "./startLoadGenerator.ts";
import { startServiceTarget } from "./startServiceTarget.ts";
import { summarizeCpuProfile } from "./summarizeCpuProfile.ts";

interface Started {
  targets: MeasuredTarget[];
  sandbox?: BenchSandbox;
}

/**
 * `npm run bench`: the receiver against a bare express app answering
 * `success`, side by side in one run, reported as a ratio. Exits 1 only if
 * something broke (a refused push, a store that disagrees with the
 * answers), never for missing the aim.
 */
async function main(options: BenchOptions): Promise<boolean> {
  const profileDir = options.profile
    ? mkdtempSync(join(tmpdir(), "wechat-component-profile-"))
    : null;
  const started: Started = { targets: [] };
  const generator = startLoadGenerator();
  let healthy = false;

  try {
    await startTargets(options, profileDir, started);
    healthy = await measure(options, started.targets, generator, profileDir);
    return healthy;
  } finally {
    for (const { target } of started.targets) await target.child.stop();
    await generator.stop();
    await started.sandbox?.sandbox.stop();
    removeFiles(started.targets, profileDir, !healthy);
  }
}

/** Pushes into `started` as it goes, so a failure still stops them all. */
async function startTargets(
  options: BenchOptions,
  profileDir: string | null,
  started: Started,
): Promise<void> {
  started.targets.push({ target: await startBareApp(), unique: false });
  const receiver = await startServiceTarget({
    name: "service (receiver)",
    roles: "receiver",
    nodeArgs: profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [],
  });
  started.targets.push({ target: receiver, unique: true });
  if (!options.full) return;

  started.sandbox = await startBenchSandbox(8);
  const full = await startServiceTarget({
    name: "service (full)",
    roles: "receiver,worker",
    wechatApiBaseUrl: started.sandbox.baseUrl,
  });
  const { accounts, ticket } = started.sandbox;
  started.targets.push({ target: full, unique: true, accounts, ticket });
  await started.sandbox.pushTicketTo(full.url);
}

/** Runs the rounds, stops the targets, checks their stores, prints. */
async function measure(
  options: BenchOptions,
  targets: MeasuredTarget[],
  generator: LoadGenerator,
  profileDir: string | null,
): Promise<boolean> {
  console.log(formatHeader(options));
  const totals = await runRounds(targets, generator, options, (run) =>
    console.log(formatRun(run)),
  );
  for (const { target } of targets) await target.child.stop();

  const checks = await checkStores(targets, totals);
  const warnings = new Map(
    targets.map(({ target }) => [target.name, target.child.warnings()]),
  );
  const profile = profileDir ? profileOf(profileDir) : null;
  console.log(formatSummary({ totals, checks, warnings, profile }));

  const refused = totals.some((t) => Object.keys(t.errors).length > 0);
  return !refused && [...checks.values()].every((check) => check.passed);
}

async function checkStores(
  targets: MeasuredTarget[],
  totals: TargetTotals[],
): Promise<Map<string, StoreCheck>> {
  const checks = new Map<string, StoreCheck>();
  for (const [index, { target }] of targets.entries()) {
    if (!target.databasePath) continue;
    const answered = totals[index]!;
    checks.set(
      target.name,
      await checkStore(target.databasePath, {
        okAuthorized: answered.okAuthorized,
        newestTicket: answered.newestTicket,
      }),
    );
  }
  return checks;
}

/** `--import tsx` runs a loader thread with a profile of its own. */
function profileOf(profileDir: string) {
  const file = readdirSync(profileDir).find((name) =>
    /\.0\.\d+\.cpuprofile$/.test(name),
  );
  if (!file) throw new Error(`no CPU profile was written to ${profileDir}`);
  return summarizeCpuProfile(join(profileDir, file));
}

function removeFiles(
  targets: MeasuredTarget[],
  profileDir: string | null,
  keep: boolean,
): void {
  const dirs = targets
    .map(({ target }) => target.databasePath)
    .filter((path): path is string => path !== null)
    .map((path) => dirname(path));
  if (keep) {
    console.log(`Kept for a look: ${dirs.join(", ")}`);
    return;
  }
  for (const dir of [...dirs, ...(profileDir ? [profileDir] : [])]) {
    rmSync(dir, { recursive: true, force: true });
  }
}

let options: BenchOptions;
try {
  options = readBenchOptions(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
main(options).then(
  (healthy) => (process.exitCode = healthy ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
