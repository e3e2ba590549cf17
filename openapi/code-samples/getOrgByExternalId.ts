import { createPartnerClient } from "@opencx/partner-api";

const client = createPartnerClient({
  apiKey: process.env.OPENCX_PARTNER_API_KEY!,
  baseUrl: "https://api.open.cx",
});

const org = await client.getOrgByExternalId("customer-12345");
console.log(org.id, org.name);
