import { createPartnerClient } from "@opencx/partner-api";

const client = createPartnerClient({
  apiKey: process.env.OPENCX_PARTNER_API_KEY!,
  baseUrl: "https://api.open.cx",
});

const page = await client.listOrgs({ limit: 10, offset: 0 });
console.log(`${page.data.length} of ${page.total} orgs`);
