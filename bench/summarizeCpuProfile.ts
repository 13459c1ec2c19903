import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Far longer than the sampling interval: the process was stopped. */
const PAUSE_US = 200_000;

export interface ProfileCost {
  name: string;
  /** Share of the busy (non-idle) time, 0..1. */
  share: number;
}

export interface ProfileSummary {
  busySamples: number;
  idleSamples: number;
  byFunction: ProfileCost[];
  byModule: ProfileCost[];
}

/**
 * Self time from a `--cpu-prof` file, by function and by package/file.
 * Samples are counted rather than weighed by their time deltas: the bench
 * pauses targets (SIGSTOP), and a pause would land on whichever sample came
 * next. Samples before the first pause are start-up, and left out.
 */
export function summarizeCpuProfile(path: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const firstPause = profile.timeDeltas.findIndex((us) => us > PAUSE_US);
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  let idle = 0;
  let busy = 0;

  profile.samples.slice(Math.max(firstPause, 0)).forEach((id) => {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === "(idle)") {
      idle++;
      return;
    }
    busy++;
    const where = `${shortPath(frame.url)}:${frame.lineNumber + 1}`;
    const name = `${frame.functionName || "(anonymous)"} ${where}`;
    add(byFunction, frame.url ? name : frame.functionName, 1);
    add(byModule, moduleOf(frame), 1);
  });

  return {
    busySamples: busy,
    idleSamples: idle,
    byFunction: ranked(byFunction, busy, top),
    byModule: ranked(byModule, busy, top),
  };
}

function add(totals: Map<string, number>, key: string, samples: number) {
  totals.set(key, (totals.get(key) ?? 0) + samples);
}

function ranked(totals: Map<string, number>, busy: number, top: number) {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, samples]) => ({ name, share: samples / busy }));
}

const REPO_URL = new URL("..", import.meta.url).href;

function shortPath(url: string): string {
  const inPackage = url.replace(/^.*\/node_modules\//, "");
  return inPackage.startsWith(REPO_URL)
    ? inPackage.slice(REPO_URL.length)
    : inPackage;
}

/** A package name, a file of ours, node's own code, or a V8 bucket. */
function moduleOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (!url) return functionName; // (program), (garbage collector)
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node core";
  return shortPath(url);
}
