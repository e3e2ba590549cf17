// The docs' offline guarantees that need no browser: the logo swap and the notion of "local".
import { describe, expect, it } from "vitest";
import { inlineRedoclyLogo, REDOCLY_LOGO_URLS } from "../../../scripts/docs-offline.ts";
import { isLocalUrl } from "../../e2e/support/network-guard.ts";

describe("inlineRedoclyLogo", () => {
  it("replaces every Redocly CDN logo address with an inline image", () => {
    const page = REDOCLY_LOGO_URLS.map((url) => `<img src="${url}"><img src="${url}">`).join("");
    const out = inlineRedoclyLogo(page);
    for (const url of REDOCLY_LOGO_URLS) expect(out).not.toContain(url);
    expect(out.match(/src="data:image\/svg\+xml,/g)).toHaveLength(REDOCLY_LOGO_URLS.length * 2);
  });

  it("leaves a page without the logo unchanged", () => {
    expect(inlineRedoclyLogo("<p>https://api.open.cx</p>")).toBe("<p>https://api.open.cx</p>");
  });
});

describe("isLocalUrl", () => {
  it.each(["file:///work/dist/docs/index.html", "http://127.0.0.1:4010/x", "http://localhost/", "http://[::1]:8080/", "data:image/png;base64,AA"])(
    "%s is local",
    (url) => expect(isLocalUrl(url)).toBe(true),
  );
  it.each(["https://cdn.redoc.ly/redoc/logo-mini.svg", "https://fonts.googleapis.com/css", "http://127.0.0.1.nip.io/", "wss://example.org/", "not a url"])(
    "%s is not local",
    (url) => expect(isLocalUrl(url)).toBe(false),
  );
});
