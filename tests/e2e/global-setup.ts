// Builds the docs once for the browser tests, exactly as `npm run docs` does.
import { buildDocs } from "../../scripts/docs.ts";

export default function setup(): void {
  buildDocs();
}
