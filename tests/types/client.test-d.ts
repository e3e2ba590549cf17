// Compile-time contract of the client: inputs are checked against the document's schemas,
// results are typed, errors narrow. Run by vitest's typecheck mode (project "types").
import { describe, expectTypeOf, it } from "vitest";
import {
  createPartnerClient,
  PartnerApiError,
  RateLimitError,
  type CreatedOrg,
  type LoginLink,
  type Org,
  type OrgApiKey,
  type OrgList,
  type PartnerApiErrorKind,
  type JournalEntry,
  type JournalPage,
  type RefusingLayer,
  type SandboxOverview,
} from "../../packages/client/src/index.ts";

const client = createPartnerClient({ apiKey: "k" });
const orgId = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

describe("createPartnerClient", () => {
  it("needs an apiKey and knows its options", () => {
    // @ts-expect-error apiKey is required
    createPartnerClient({ baseUrl: "http://127.0.0.1:4010" });
    // @ts-expect-error unknown option
    createPartnerClient({ apiKey: "k", retries: 3 });
    // @ts-expect-error maxRetries is a number
    createPartnerClient({ apiKey: "k", maxRetries: "3" });
  });
});

describe("operation methods", () => {
  it("return the success body, not a { data, error } union", () => {
    expectTypeOf(client.createOrg({ name: "Acme" })).resolves.toEqualTypeOf<CreatedOrg>();
    expectTypeOf(client.listOrgs()).resolves.toEqualTypeOf<OrgList>();
    expectTypeOf(client.getOrgByExternalId("customer-12345")).resolves.toEqualTypeOf<Org>();
    expectTypeOf(client.createOrgApiKey(orgId)).resolves.toEqualTypeOf<OrgApiKey>();
    expectTypeOf(client.createLoginLink(orgId, { email: "a@b.co" })).resolves.toEqualTypeOf<LoginLink>();
  });

  it("type exactly the reference's answer fields: no language on orgs, no name on a new key", () => {
    expectTypeOf<keyof CreatedOrg>().toEqualTypeOf<"id" | "name" | "widget_token" | "external_id">();
    expectTypeOf<keyof Org>().toEqualTypeOf<"id" | "name" | "widget_token" | "external_id" | "created_at">();
    expectTypeOf<keyof OrgApiKey>().toEqualTypeOf<"api_key_id" | "api_key">();
    // The sandbox's overview shows what the API stores but never answers.
    expectTypeOf<SandboxOverview["orgs"]["data"][number]["language"]>().toEqualTypeOf<string | null>();
    expectTypeOf<SandboxOverview["orgs"]["data"][number]["api_keys"][number]["name"]>().toEqualTypeOf<string>();
  });

  it("reject an unknown field (a typo must never pass)", () => {
    // @ts-expect-error externalId is not a field; external_id is
    void client.createOrg({ name: "Acme", externalId: "customer-12345" });
    // @ts-expect-error unknown field in the login link body
    void client.createLoginLink(orgId, { email: "a@b.co", role: "admin" });
  });

  it("reject a missing required field", () => {
    // @ts-expect-error name is required
    void client.createOrg({ external_id: "customer-12345" });
    // @ts-expect-error email is required
    void client.createLoginLink(orgId, { name: "Jane" });
    // @ts-expect-error the body is required
    void client.createOrg();
  });

  it("reject a wrong parameter type", () => {
    // @ts-expect-error limit is a number
    void client.listOrgs({ limit: "10" });
    // @ts-expect-error the external id is a string
    void client.getOrgByExternalId(12345);
    // @ts-expect-error role_ids is a list of strings
    void client.createLoginLink(orgId, { email: "a@b.co", role_ids: "r1" });
    // @ts-expect-error per-call options: timeoutMs is a number
    void client.listOrgs({}, { timeoutMs: "5s" });
  });

  it("leave fields with a server default optional", () => {
    expectTypeOf(client.createOrg).toBeCallableWith({ name: "Acme" });
    expectTypeOf(client.createOrgApiKey).toBeCallableWith(orgId, {});
    expectTypeOf(client.listOrgs).toBeCallableWith({ limit: 10 }, { headers: { Prefer: "code=200" } });
  });
});

describe("helpers", () => {
  it("listAllOrgs iterates orgs", async () => {
    for await (const org of client.listAllOrgs({ limit: 100 })) expectTypeOf(org).toEqualTypeOf<Org>();
  });

  it("ensureOrg requires an external_id", () => {
    // @ts-expect-error external_id makes ensureOrg idempotent, so it is required
    void client.ensureOrg({ name: "Acme" });
    expectTypeOf(client.ensureOrg({ name: "Acme", external_id: "c-1" })).resolves.toEqualTypeOf<{ org: CreatedOrg; created: boolean }>();
  });
});

describe("errors", () => {
  it("narrow by class and by kind", () => {
    const error: unknown = undefined;
    if (error instanceof RateLimitError) {
      expectTypeOf(error.kind).toEqualTypeOf<"rate_limited">();
      expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>();
    }
    if (error instanceof PartnerApiError) {
      expectTypeOf(error.status).toEqualTypeOf<number>();
      expectTypeOf(error.kind).toEqualTypeOf<PartnerApiErrorKind>();
      expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
    }
  });
});

describe("client.sandbox (the sandbox document's operations)", () => {
  it("types the journal, the overview and the controls from openapi/sandbox", () => {
    expectTypeOf(client.sandbox.listSandboxRequests({ status: 409, limit: 10 })).resolves.toEqualTypeOf<JournalPage>();
    expectTypeOf(client.sandbox.listSandboxRequests()).resolves.toHaveProperty("next_before").toEqualTypeOf<number | null>();
    expectTypeOf<JournalEntry["refused_by"]>().toEqualTypeOf<RefusingLayer>();
    expectTypeOf(client.sandbox.getSandboxOverview()).resolves.toEqualTypeOf<SandboxOverview>();
    expectTypeOf(client.sandbox.advanceSandboxClock({ advance_seconds: 60 })).resolves.toHaveProperty("offset_seconds").toEqualTypeOf<number>();
    // @ts-expect-error status is a number
    void client.sandbox.listSandboxRequests({ status: "409" });
    // @ts-expect-error advance_seconds is required
    void client.sandbox.advanceSandboxClock({});
    // @ts-expect-error unknown query parameter
    void client.sandbox.listSandboxRequests({ page: 2 });
  });
});
