import { createPartnerClient } from "@opencx/partner-api";

const client = createPartnerClient({
  apiKey: process.env.OPENCX_PARTNER_API_KEY ?? "any-token", // the mock takes any token
  baseUrl: process.env.OPENCX_BASE_URL ?? "http://127.0.0.1:4010", // `npm start`'s mock
});
const { org } = await client.ensureOrg({ name: "Acme Tours", external_id: "customer-12345" });
const key = await client.createOrgApiKey(org.id, { name: "Production" }); // shown once: store it
const link = await client.createLoginLink(org.id, { email: "owner@acmetours.com" });
console.log(`org ${org.id}, key ${key.api_key_id}, login link expires at ${link.expires_at}`);
