curl --fail-with-body -sS -X POST "https://api.open.cx/partner/v1/orgs/a1b2c3d4-e5f6-7890-abcd-ef1234567890/login-links" \
  -H "Authorization: Bearer $OPENCX_PARTNER_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{ "email": "owner@acmetours.com", "name": "Jane Smith" }'
