import { createPartnerClient } from "@opencx/partner-api";

const client = createPartnerClient({
  apiKey: process.env.OPENCX_PARTNER_API_KEY!,
  baseUrl: "https://api.open.cx",
});

// apiKey.api_key is the full key, returned only this once: store it securely.
const apiKey = await client.createOrgApiKey("a1b2c3d4-e5f6-7890-abcd-ef1234567890", {
  name: "Production",
});
console.log(apiKey.api_key_id);
