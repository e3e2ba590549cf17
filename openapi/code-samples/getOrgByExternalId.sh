curl --fail-with-body -sS "https://api.open.cx/partner/v1/orgs/by-external-id/customer-12345" \
  -H "Authorization: Bearer $OPENCX_PARTNER_API_KEY"
