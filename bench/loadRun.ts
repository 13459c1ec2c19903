/** What the orchestrator asks the load generator to do, over IPC. */
export interface LoadRun {
  /** Base URL of the target, always on 127.0.0.1. */
  url: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** A request not answered within this counts as an error. */
  timeoutMs: number;
  pushes: PushPlan;
}

/** How the run's genuine, signed and encrypted pushes are made. */
export interface PushPlan {
  /** Pushes built before the clock starts; more are built if they run out. */
  count: number;
  /**
   * When false the pool is reused in a cycle: fine for a target that stores
   * nothing, where a repeat cannot be deduplicated into a cheaper path.
   */
  unique: boolean;
  /** One push in this many is a component_verify_ticket. */
  ticketEvery: number;
  /** CreateTime of the run's first ticket; each next one is a second on. */
  ticketCreateTimeFrom: number;
  /** Authorizations the sandbox knows; random ones when absent. */
  accounts?: BenchAccount[];
  /** A ticket value the sandbox issued; random ones when absent. */
  ticket?: string;
}

export interface BenchAccount {
  authorizerAppId: string;
  authorizationCode: string;
  authorizationCodeExpiredTime: number;
}

export interface LoadResult {
  /** Every `success` answer, warm-up and drain included. */
  okAuthorized: number;
  okTickets: number;
  /** The newest ticket answered `success`, to find in the store. */
  newestTicket: { createTime: number; ticket: string } | null;
  /** Refusals and failures by kind, warm-up included. */
  errors: Record<string, number>;
  /** `success` answers completed inside the timed window. */
  measuredOk: number;
  measuredErrors: number;
  measuredSeconds: number;
  p50Ms: number;
  p99Ms: number;
  pushesBuiltUpFront: number;
  /** Built while the clock ran because the pool ran out; should be 0. */
  pushesBuiltDuringRun: number;
  /** CreateTime the next run's first ticket may use. */
  nextTicketCreateTime: number;
}
