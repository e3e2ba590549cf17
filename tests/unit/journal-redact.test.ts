// The journal's scrubber: secrets a request carried, and anything shaped like a sandbox-issued
// secret, never survive into a stored message.
import { expect, it } from "vitest";
import { authorizationSecrets, bodySecrets, REDACTED, redactMessage } from "../../packages/sandbox/src/journal/redact.ts";

const ORG_KEY = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJvcmdfaWQiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz";
const TOKEN = "a".repeat(32) + "0123456789abcdef0123456789abcdef";

it("removes the request's own secrets and secret-shaped text from every message", () => {
  const secrets = [...authorizationSecrets(["Authorization", "Bearer sk_live_partner_123", "Host", "x"]), ...bodySecrets({ integrations: { fareharbor: [{ name: "Main", app_key: "app-secret-1", user_key: "user-secret-2" }] } })];
  const message = [
    `Org with external_id "sk_live_partner_123" already exists`,
    `credentials app-secret-1 / user-secret-2 for "Main"`,
    `key ${ORG_KEY} and token ${TOKEN}`,
  ];
  const out = redactMessage(message, secrets) as string[];
  for (const secret of ["sk_live_partner_123", "app-secret-1", "user-secret-2", ORG_KEY, TOKEN]) {
    expect(out.join("\n")).not.toContain(secret);
  }
  expect(out[1]).toContain('"Main"'); // a connection's name is not a secret
  expect(out[0]).toBe(`Org with external_id "${REDACTED}" already exists`);
});

it("leaves ordinary messages alone and keeps null as null", () => {
  expect(redactMessage("name must be shorter than or equal to 255 characters", [])).toBe("name must be shorter than or equal to 255 characters");
  expect(redactMessage(null, ["x"])).toBeNull();
  expect(authorizationSecrets(["authorization", "Basic abc", "authorization", "Bearer k1"])).toEqual(["Basic abc", "abc", "Bearer k1", "k1"]);
});

it("finds the secrets of integrations nested far deeper than a call stack allows", () => {
  let deep: unknown = "buried-secret";
  for (let i = 0; i < 200_000; i++) deep = i % 2 ? [deep] : { k: deep };
  expect(bodySecrets({ integrations: { fareharbor: deep } })).toEqual(["buried-secret"]);
});

it("looks only for the secrets a message holds, however many the body carried", () => {
  const many = Array.from({ length: 100_000 }, (_, i) => `secret-${i}`);
  expect(redactMessage(["app key secret-99999 refused", "name is required"], many)).toEqual([`app key ${REDACTED} refused`, "name is required"]);
});
