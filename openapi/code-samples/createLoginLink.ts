import { createPartnerClient } from "@opencx/partner-api";

const client = createPartnerClient({
  apiKey: process.env.OPENCX_PARTNER_API_KEY!,
  baseUrl: "https://api.open.cx",
});

// Single use, valid 15 minutes: redirect the user's browser to `url` right away.
const link = await client.createLoginLink("a1b2c3d4-e5f6-7890-abcd-ef1234567890", {
  email: "owner@acmetours.com",
  name: "Jane Smith",
});
console.log(link.url, link.expires_at);
