// The browser redirect says 600 although the code itself lives an hour.
const REDIRECT_EXPIRES_IN_SECONDS = 600;

/**
 * Where the browser goes after the page: redirect_uri with auth_code and
 * expires_in appended as text, so that its own query and fragment stay as
 * they were.
 */
export function authRedirectUrl(
  uri: string | undefined,
  code: string,
): string | null {
  if (uri === undefined) return null;
  const hashAt = uri.indexOf("#");
  const base = hashAt === -1 ? uri : uri.slice(0, hashAt);
  const fragment = hashAt === -1 ? "" : uri.slice(hashAt);
  const separator = !base.includes("?")
    ? "?"
    : base.endsWith("?") || base.endsWith("&")
      ? ""
      : "&";
  const added =
    `auth_code=${encodeURIComponent(code)}` +
    `&expires_in=${REDIRECT_EXPIRES_IN_SECONDS}`;

  return `${base}${separator}${added}${fragment}`;
}
