// Redoc's inline bundle renders offline except for one thing: the "API docs by Redocly"
// attribution in the sidebar loads its logo from Redocly's CDN. Partners open these docs from
// a file or an intranet, so the logo is swapped for an inline SVG and the page asks nothing
// of the network (the browser test fails on any non-local request).

export const REDOCLY_LOGO_URLS = [
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg",
  "https://cdn.redoc.ly/redoc/logo-mini.svg",
] as const;

// A plain wordmark: keeps the attribution readable without fetching anything.
const INLINE_LOGO =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16">' +
      '<text x="0" y="12" font-family="system-ui,sans-serif" font-size="12" fill="currentColor">Redocly</text></svg>',
  );

export function inlineRedoclyLogo(html: string): string {
  return REDOCLY_LOGO_URLS.reduce((page, url) => page.replaceAll(url, INLINE_LOGO), html);
}
