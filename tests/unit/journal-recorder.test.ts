// The journal records every answered request of an operation, refusals included: a refusal whose
// message cannot be redacted is still recorded, without its message (never with secrets).
import type { FastifyReply, FastifyRequest } from "fastify";
import { expect, it, vi } from "vitest";
import { createJournal, type Journal } from "../../packages/sandbox/src/journal/recorder.ts";
import { REDACTED } from "../../packages/sandbox/src/journal/redact.ts";
import { cidrList } from "../../packages/sandbox/src/caller/ip.ts";
import type { JournalEntry, SandboxStorage } from "../../packages/sandbox/src/storage/types/index.ts";

function recorder(): { record: Journal["record"]; flush: Journal["flush"]; written: JournalEntry[] } {
  const written: JournalEntry[] = [];
  const storage = {
    appendJournal: async (batch: { entry: JournalEntry }[]) => void written.push(...batch.map((item) => item.entry)),
    partnerNow: async (_partnerId: string, wallMs: number) => wallMs,
  } as unknown as SandboxStorage;
  const journal = createJournal({ storage, keep: 10, trustedProxies: cidrList([], "trusted_proxies"), wallMs: () => 1 });
  return { record: journal.record, flush: journal.flush, written };
}

const refusedRequest = (body: unknown): FastifyRequest =>
  ({
    id: "req-1",
    body,
    headers: {},
    raw: { rawHeaders: ["Authorization", "Bearer partner-key"], socket: { remoteAddress: "127.0.0.1" } },
    partner: { id: "p" },
    partnerNowMs: 5,
    refusal: { layer: "validation", message: ["property secret-value should not exist"] },
    refusedPartnerId: null,
  }) as unknown as FastifyRequest;
const reply = { statusCode: 400, elapsedTime: 1 } as FastifyReply;
const operation = { operationId: "createOrg", method: "POST", path: "/partner/v1/orgs" };

it("records a refusal with its message redacted", async () => {
  const { record, flush, written } = recorder();
  record(refusedRequest({ integrations: { fareharbor: { app_key: "secret-value", user_key: "u" } } }), reply, operation);
  await flush();
  expect(written).toHaveLength(1);
  expect(written[0]).toMatchObject({ request_id: "req-1", status: 400, refused_by: "validation", message: [`property ${REDACTED} should not exist`] });
});

it("still records a refusal whose redaction fails, leaving its message out", async () => {
  const { record, flush, written } = recorder();
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  // A body the redaction cannot walk (a parsed body never is one: this stands for any failure).
  const hostile = { integrations: new Proxy({}, { ownKeys: () => { throw new Error("cannot walk"); } }) };
  expect(() => record(refusedRequest(hostile), reply, operation)).not.toThrow();
  await flush();
  expect(written).toHaveLength(1);
  expect(written[0]).toMatchObject({ request_id: "req-1", status: 400, refused_by: "validation", message: REDACTED });
  expect(error).toHaveBeenCalled();
  error.mockRestore();
});
