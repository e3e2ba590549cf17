curl --fail-with-body -sS "https://api.open.cx/partner/v1/orgs?limit=10&offset=0" \
  -H "Authorization: Bearer $OPENCX_PARTNER_API_KEY"
