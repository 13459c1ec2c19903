import { deliverPush } from "./deliverPush.ts";
import { buildPushXml } from "./pushXml.ts";
import { randomText } from "./randomValues.ts";
import type { SandboxContext } from "./sandboxContext.ts";
import type { TicketRecord } from "./sandboxRecords.ts";
import type { PushOptions, PushResult } from "./wechatPusher.ts";

export interface PushTicketOptions {
  /** Push the latest ticket's value again instead of a new one. */
  sameValue?: boolean;
  push?: PushOptions;
}

export interface PushTicketResult {
  ticket: string;
  ticketId: string;
  push: PushResult | null;
}

export const TICKET_LIFETIME_MS = 12 * 60 * 60 * 1000;

function issueTicket(context: SandboxContext): TicketRecord {
  const ticket: TicketRecord = {
    value: `ticket@@@${randomText(86)}`,
    id: `ticket#${context.tickets.length + 1}`,
    issuedAtMs: context.clock.nowMs(),
  };
  context.tickets.push(ticket);

  return ticket;
}

/** Issues (or repeats) a component_verify_ticket and pushes it. */
export async function pushTicket(
  context: SandboxContext,
  options: PushTicketOptions = {},
): Promise<PushTicketResult> {
  const latest = context.tickets.at(-1);
  const ticket =
    options.sameValue === true && latest !== undefined
      ? latest
      : issueTicket(context);

  const xml = buildPushXml({
    infoType: "component_verify_ticket",
    componentAppId: context.config.componentAppId,
    createTime: context.clock.nowSeconds(),
    componentVerifyTicket: ticket.value,
  });
  const push = await deliverPush(
    context,
    xml,
    "component_verify_ticket",
    options.push,
  );
  context.logger.info({ ticketId: ticket.id }, "ticket issued");

  return { ticket: ticket.value, ticketId: ticket.id, push };
}
