/** A non-empty string field, or undefined. */
export function textField(
  body: Record<string, unknown>,
  name: string,
): string | undefined {
  const value = body[name];

  return typeof value === "string" && value !== "" ? value : undefined;
}

/** An integer field, also accepted as a decimal string as WeChat does. */
export function integerField(
  body: Record<string, unknown>,
  name: string,
): number | undefined {
  const value = body[name];
  const number = typeof value === "string" ? Number(value) : value;

  return Number.isInteger(number) ? (number as number) : undefined;
}
