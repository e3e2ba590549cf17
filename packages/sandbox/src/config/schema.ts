// The sandbox config's JSON Schema (docs/sandbox.md: partners, keys, IP allow lists, rate limits,
// trusted proxies). Plain data: `npm run generate` compiles it into
// generated/sandbox-config-validator.mjs, so the sandbox checks its config at start without
// loading Ajv's compiler.
const limit = {
  type: "object",
  additionalProperties: false,
  required: ["limit", "window_seconds"],
  properties: {
    limit: { type: "integer", minimum: 1 },
    window_seconds: { type: "integer", minimum: 1 },
  },
};

export const configSchema = {
  type: "object",
  additionalProperties: false,
  required: ["partners"],
  properties: {
    trusted_proxies: { type: "array", items: { type: "string" } },
    public_url: { type: "string", pattern: "^https?://[^/?#]+$" },
    admin_token: { type: "string" }, // length checked at start (admin-token.ts), with a message saying what to do
    journal_size: { type: "integer", minimum: 0, maximum: 100000 },
    partners: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id"],
        properties: {
          id: { type: "string", minLength: 1 },
          name: { type: "string" },
          active: { type: "boolean" },
          api_keys: { type: "array", items: { type: "string", pattern: "^[A-Za-z0-9._~+/-]+=*$" } },
          revoked_api_keys: { type: "array", items: { type: "string", pattern: "^[A-Za-z0-9._~+/-]+=*$" } },
          ip_allow_list: { type: "array", items: { type: "string" } },
          rate_limits: { oneOf: [{ const: false }, { type: "object", additionalProperties: limit }] },
          quotas: {
            type: "object",
            additionalProperties: false,
            properties: {
              orgs: { type: "integer", minimum: 0 },
              login_links: { type: "integer", minimum: 0 },
              stored_bytes: { type: "integer", minimum: 0 },
            },
          },
        },
      },
    },
  },
};
