// Global setup: one Prism mock on a free loopback port for the whole run, always stopped.
import type { TestProject } from "vitest/node";
import "vitest";
import { startPrism } from "../../mock/prism.ts";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const prism = await startPrism();
  project.provide("prismUrl", prism.url);
  return () => prism.close();
}
