// Runs the contract files one at a time in name order, with the quota-spending checks last so
// they cannot starve the others of the partner's budget on a live server, and the sandbox reset
// after them (it forgets the partner's data every other file shares).
import { BaseSequencer, type TestSpecification } from "vitest/node";

const LAST = [/rate-limits\.test\.ts$/, /sandbox-controls\.test\.ts$/];
const rank = (id: string) => LAST.findIndex((re) => re.test(id));

export class ContractSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId) || a.moduleId.localeCompare(b.moduleId));
  }
}
