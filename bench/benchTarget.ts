import type { NodeChild } from "./startNodeChild.ts";

/** One server the bench drives, each in its own process. */
export interface BenchTarget {
  name: string;
  url: string;
  child: NodeChild;
  /** The SQLite file of a service target, checked after the run. */
  databasePath: string | null;
}
