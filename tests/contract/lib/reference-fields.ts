// The fields of each success answer, written down from the Partner API reference (the published
// docs at docs.open.cx), NOT from this repository's document: the one place in the repository
// that does not derive from the document, so that the document and the contract suite can be
// checked against it.
// - tests/unit/reference-fields.test.ts: every success schema of the bundle requires, and
//   declares, exactly these fields;
// - the fault-injection proof runs the whole contract suite against a server whose every success
//   answer is cut down to exactly these fields (referenceView), and expects no failure: a suite
//   that requires more would raise false alarms against a faithful server.
// Change a row only when the reference changes, and quote the reference's new words.

export interface ReferenceFields {
  /** The answer's fields, in the reference's order. */
  fields: readonly string[];
  /** Where the reference states them: the section and its table or example, quoted. */
  source: string;
  /** For a field that holds a list of objects: the fields of each item, and where they come from. */
  items?: Readonly<Record<string, { fields: readonly string[]; source: string }>>;
}

const ORG_EXAMPLE_FIELDS = ["id", "name", "widget_token", "external_id", "created_at"] as const;

/** Per operationId, the fields of its success answer. */
export const REFERENCE_FIELDS: Readonly<Record<string, ReferenceFields>> = {
  createOrg: {
    fields: ["id", "name", "widget_token", "external_id"],
    source:
      'Create Org, "Response", its field table: "id | string | The org UUID. …", "name | string | The org name as provided.", ' +
      '"widget_token | string | Widget embed token. …", "external_id | string | null | Your external ID, echoed back."',
  },
  listOrgs: {
    fields: ["data", "total"],
    source: 'List Orgs, "Response": no field table, only the example `{ "data": [ { … } ], "total": 142 }`; its fields are the example\'s.',
    items: {
      data: {
        fields: ORG_EXAMPLE_FIELDS,
        source:
          'List Orgs, "Response" example, each entry of "data": `{ "id": "a1b2c3d4-...", "name": "Acme Tours", "widget_token": "f8e7d6c5b4a3...", ' +
          '"external_id": "customer-12345", "created_at": "2026-03-15T10:30:00.000Z" }`',
      },
    },
  },
  getOrgByExternalId: {
    fields: ORG_EXAMPLE_FIELDS,
    source:
      'Get Org by external_id, "Response": no field table, only the example `{ "id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "name": "Acme Tours", ' +
      '"widget_token": "f8e7d6c5b4a39281...", "external_id": "customer-12345", "created_at": "2026-03-15T10:30:00.000Z" }`; its fields are the example\'s.',
  },
  createOrgApiKey: {
    fields: ["api_key_id", "api_key"],
    source: 'Create Org API Key, "Response", its field table: "api_key_id | string | The key\'s UUID.", "api_key | string | The JWT API key. …"',
  },
  createLoginLink: {
    fields: ["url", "expires_at"],
    source: 'Create Login Link, "Response", its field table: "url | string | The login URL. …", "expires_at | string | ISO 8601 timestamp. …"',
  },
};

const pick = (value: unknown, fields: readonly string[]): unknown => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => f in object).map((f) => [f, object[f]]));
};

/**
 * A success answer of `operationId` as a server that sends exactly the reference's fields would
 * send it: every other property dropped (also in list items); a field the answer lacks stays
 * absent. Answers of other operations are returned as they are.
 */
export function referenceView(operationId: string, answer: unknown): unknown {
  const reference = REFERENCE_FIELDS[operationId];
  if (!reference) return answer;
  const cut = pick(answer, reference.fields) as Record<string, unknown>;
  for (const [field, item] of Object.entries(reference.items ?? {})) {
    if (Array.isArray(cut?.[field])) cut[field] = (cut[field] as unknown[]).map((entry) => pick(entry, item.fields));
  }
  return cut;
}
