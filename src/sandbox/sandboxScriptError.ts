/**
 * A scripting request the sandbox cannot honour (unknown authorizer, expired
 * pre-auth code...). The HTTP scripting routes answer it with status 400.
 */
export class SandboxScriptError extends Error {
  override name = "SandboxScriptError";
}
