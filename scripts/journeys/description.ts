// The journeys file, as the runner needs it: each workflow's id, summary and `x-needs`, the
// capabilities a target must have for the workflow to apply (the file says which; the runner
// decides, from the CONTRACT_* variables, whether the target has them).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";

export const JOURNEYS_FILE = resolve(import.meta.dirname, "../../openapi/arazzo/partner-journeys.arazzo.yaml");
/** The name of the Partner API document among the file's source descriptions (Respect's --server). */
export const API_SOURCE = "partnerApi";

export const NEEDS = ["liveServer", "sandbox", "otherPartner", "rateLimits"] as const;
export type Need = (typeof NEEDS)[number];

export interface Journey {
  workflowId: string;
  summary: string;
  needs: Need[];
}

interface ArazzoWorkflow {
  workflowId?: unknown;
  summary?: unknown;
  "x-needs"?: unknown;
}

export function readJourneys(file = JOURNEYS_FILE): Journey[] {
  const doc = parse(readFileSync(file, "utf8")) as { workflows?: ArazzoWorkflow[]; sourceDescriptions?: { name: string }[] };
  if (!doc.sourceDescriptions?.some((s) => s.name === API_SOURCE)) throw new Error(`${file}: no source description named ${API_SOURCE}`);
  return (doc.workflows ?? []).map((w) => {
    const needs = w["x-needs"] ?? [];
    if (typeof w.workflowId !== "string" || typeof w.summary !== "string") throw new Error(`${file}: every workflow needs a workflowId and a summary`);
    if (!Array.isArray(needs) || needs.some((n) => !(NEEDS as readonly unknown[]).includes(n))) {
      throw new Error(`${file}: ${w.workflowId}: x-needs must list only ${NEEDS.join(", ")}`);
    }
    return { workflowId: w.workflowId, summary: w.summary, needs: needs as Need[] };
  });
}
