// listAllOrgs: every org across all pages, fetched one page at a time as the caller iterates.
import type { ListOrgsQuery, ListOrgsResult, OperationMethods } from "../../../generated/client.ts";
import type { RequestOptions } from "./options.ts";

type Org = ListOrgsResult["data"][number];

export async function* listAllOrgs(
  api: Pick<OperationMethods<RequestOptions>, "listOrgs">,
  query: ListOrgsQuery = {},
  options?: RequestOptions,
): AsyncGenerator<Org, void, undefined> {
  let offset = query.offset ?? 0;
  for (;;) {
    const page = await api.listOrgs({ ...query, offset }, options);
    yield* page.data;
    offset += page.data.length;
    // An empty page ends the walk even if `total` (which may change meanwhile) says otherwise.
    if (page.data.length === 0 || offset >= page.total) return;
  }
}
