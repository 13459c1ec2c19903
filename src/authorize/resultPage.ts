import { LOGISTICS_SET_ID } from "../../handlers/applyForQueryPlugin.ts";

/** The plain page a merchant sees after authorizing. */
export function resultPage(input: {
  authorizerAppId: string;
  funcScopeIds: readonly number[];
  retryUrl: string;
}): string {
  const logistics = input.funcScopeIds.includes(LOGISTICS_SET_ID)
    ? `<p>WeChat logistics services (set ${LOGISTICS_SET_ID}) is granted. We are
asking WeChat to open the logistics query component for your Mini Program.
Its administrator will receive a WeChat notice and must accept it within
24 hours.</p>`
    : `<p>WeChat logistics services (set ${LOGISTICS_SET_ID}) was not granted,
so the logistics query component cannot be opened.
<a href="${escapeHtml(input.retryUrl)}">Authorize again</a> and keep it
selected.</p>`;

  return page(
    "Authorization received",
    `<p>Mini Program <code>${escapeHtml(input.authorizerAppId)}</code> has
authorized us. Permission sets granted:
${escapeHtml(input.funcScopeIds.join(", ") || "none")}.</p>
${logistics}`,
  );
}

export function errorPage(title: string, text: string): string {
  return page(title, `<p>${escapeHtml(text)}</p>`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
