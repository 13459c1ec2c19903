import type { Handler, HandlerDeps } from "../src/handle/handler.ts";
import { authorizationHandler } from "./authorizationHandler.ts";
import { queryPluginHandler } from "./queryPluginHandler.ts";

/** Every workflow step the service runs, in pipeline order. */
export function allHandlers(deps: HandlerDeps): Handler[] {
  return [authorizationHandler(deps), queryPluginHandler(deps)];
}
