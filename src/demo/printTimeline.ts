export interface TimelineEntry {
  /** Milliseconds since the demo started. */
  atMs: number;
  actor: string;
  text: string;
}

/** Prints the demo's timeline in time order, then the summary lines. */
export function printTimeline(
  entries: readonly TimelineEntry[],
  summary: readonly string[],
): void {
  const ordered = [...entries].sort((a, b) => a.atMs - b.atMs);
  console.log("\nTimeline (ms since start)\n");
  for (const entry of ordered) {
    const at = String(Math.max(0, entry.atMs)).padStart(6);
    console.log(`${at}  ${entry.actor.padEnd(11)} ${entry.text}`);
  }
  console.log("\nWho was applied for\n");
  for (const line of summary) console.log(`  ${line}`);
  console.log("");
}
