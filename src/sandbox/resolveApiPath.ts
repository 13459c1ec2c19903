import { SandboxScriptError } from "./sandboxScriptError.ts";

/** The full API path for a script's `path`: the path itself or its last part. */
export function resolveApiPath(
  apiPaths: readonly string[],
  path: unknown,
): string {
  const found = apiPaths.find(
    (known) =>
      typeof path === "string" &&
      path !== "" &&
      (known === path || known.endsWith(`/${path}`)),
  );
  if (found === undefined) {
    throw new SandboxScriptError(
      `"${String(path)}" is not a sandbox API; use one of ` +
        apiPaths.join(", "),
    );
  }

  return found;
}
