curl --fail-with-body -sS -X POST "https://api.open.cx/partner/v1/orgs" \
  -H "Authorization: Bearer $OPENCX_PARTNER_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "Acme Tours",
    "external_id": "customer-12345",
    "website": "https://acmetours.com",
    "language": "en",
    "ai_instructions": "You are a support agent for Acme Tours. Help customers with bookings and questions."
  }'
