import { createPartnerClient, PartnerClientError } from "@opencx/partner-api";

const apiKey = process.env.OPENCX_PARTNER_API_KEY;
if (!apiKey) {
  console.error("Set OPENCX_PARTNER_API_KEY to your partner API key (against the mock, any value works).");
  process.exit(1);
}
const client = createPartnerClient({
  apiKey,
  baseUrl: process.env.OPENCX_BASE_URL, // unset: production, https://api.open.cx
});

try {
  // Create the customer's org, or get it back if this external_id exists: safe to run again.
  const { org, created } = await client.ensureOrg({
    name: "Acme Tours",
    external_id: "customer-12345",
    website: "https://acmetours.com",
  });
  console.log(`${created ? "created" : "found"} org ${org.id}, widget token ${org.widget_token}`);

  // The org's own key for the OpenCX Public API. Shown only once: store it in your secret store.
  const key = await client.createOrgApiKey(org.id, { name: "Production" });
  console.log(`created org API key ${key.api_key_id}`);

  // A single-use dashboard login, valid 15 minutes: redirect the owner's browser to it right away.
  const link = await client.createLoginLink(org.id, { email: "owner@acmetours.com", name: "Jane Smith" });
  console.log(`login link ready, expires at ${link.expires_at}`);
} catch (error) {
  // PartnerApiError (with status, body, requestId) and its subclasses, connection errors, timeouts.
  if (!(error instanceof PartnerClientError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
