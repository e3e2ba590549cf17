// Runs the contract files one at a time in name order, with the quota-spending checks last so
// they cannot starve the others of the partner's budget on a live server.
import { BaseSequencer, type TestSpecification } from "vitest/node";

const LAST = /rate-limits\.test\.ts$/;

export class ContractSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => Number(LAST.test(a.moduleId)) - Number(LAST.test(b.moduleId)) || a.moduleId.localeCompare(b.moduleId));
  }
}
