import type { ApiDefinition } from "./apiDefinition.ts";
import { textField } from "./bodyFields.ts";
import { checkComponentSecret } from "./componentChecks.ts";
import { pushTicket, TICKET_LIFETIME_MS } from "./pushTicket.ts";
import { apiError, apiOk } from "./wechatErrors.ts";

export const componentTokenApi: ApiDefinition = {
  path: "/cgi-bin/component/api_component_token",
  token: null,
  answer({ body }, context) {
    const credentialError = checkComponentSecret(
      context,
      body,
      "component_appsecret",
    );
    if (credentialError !== null) return credentialError;

    const value = textField(body, "component_verify_ticket");
    const ticket = context.tickets.find((known) => known.value === value);
    if (ticket === undefined) {
      return apiError(61006, "use the latest pushed ticket");
    }
    if (context.clock.nowMs() - ticket.issuedAtMs >= TICKET_LIFETIME_MS) {
      return apiError(61005, "tickets live 12 hours");
    }

    const token = context.tokens.issue(
      "component",
      context.config.componentAppId,
    );
    return {
      component_access_token: token.value,
      expires_in: token.lifetimeSeconds,
    };
  },
};

export const startPushTicketApi: ApiDefinition = {
  path: "/cgi-bin/component/api_start_push_ticket",
  token: null,
  answer({ body }, context) {
    const credentialError = checkComponentSecret(
      context,
      body,
      "component_secret",
    );
    if (credentialError !== null) return credentialError;

    context.timers.after(context.config.ticketPushDelayMs, () =>
      pushTicket(context),
    );
    return apiOk();
  },
};
