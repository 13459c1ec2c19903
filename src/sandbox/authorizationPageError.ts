/**
 * Why an authorization page refused to go on (bad query, unknown or used
 * pre-auth code, no merchant scripted...). The page answers HTTP 400.
 */
export class AuthorizationPageError extends Error {
  override name = "AuthorizationPageError";
}
