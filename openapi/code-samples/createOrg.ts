import { createPartnerClient } from "@opencx/partner-api";

const client = createPartnerClient({
  apiKey: process.env.OPENCX_PARTNER_API_KEY!,
  baseUrl: "https://api.open.cx",
});

// external_id makes creation safe to retry: a second call answers 409 (ConflictError).
const org = await client.createOrg({
  name: "Acme Tours",
  external_id: "customer-12345",
  website: "https://acmetours.com",
  language: "en",
  ai_instructions: "You are a support agent for Acme Tours. Help customers with bookings and questions.",
});
console.log(org.id, org.widget_token);
