// What the docs page must show, read from the bundle (never restated here): each operation's
// summary and tag, and the first example of its success response (the one Redoc shows first).
import { OpenApiResponses } from "../../helpers/openapi-responses.ts";

export interface DocumentedOperation {
  operationId: string;
  summary: string;
  tag: string;
  successStatus: string;
  successExample: unknown;
}

type Json = Record<string, unknown>;

export function documentedOperations(doc = new OpenApiResponses()): DocumentedOperation[] {
  return [...doc.operations.values()].map(({ operationId, raw }) => {
    const responses = raw.responses as Record<string, unknown>;
    const successStatus = Object.keys(responses).find((status) => status.startsWith("2"));
    if (!successStatus) throw new Error(`${operationId} documents no success response`);
    const media = (doc.deref<Json>(responses[successStatus]).content as Record<string, Json>)["application/json"]!;
    const firstExample = Object.values(media.examples as Record<string, unknown>)[0];
    return {
      operationId,
      summary: raw.summary as string,
      tag: (raw.tags as string[])[0]!,
      successStatus,
      successExample: doc.deref<Json>(firstExample).value,
    };
  });
}
