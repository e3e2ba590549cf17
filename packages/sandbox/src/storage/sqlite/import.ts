// One-time import of the JSON snapshot that `--state FILE` used to write (version 1: one global
// clock offset, orgs with their partner, keys and links by org). The snapshot is copied into a
// new SQLite file beside it; then the JSON gets a second name, FILE.imported-<date>.json (a hard
// link), and the new database is renamed over FILE. A crash at any point leaves FILE either the
// untouched JSON (imported again at the next start) or the complete database: never lost,
// never half-written. Anything at FILE that is neither SQLite nor such a snapshot is refused.
import { existsSync, openSync, readSync, closeSync, readFileSync, rmSync, linkSync, renameSync, fsyncSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { Kysely } from "kysely";
import type { SandboxDb } from "../sql/schema.ts";
import type { StoredApiKey, StoredLoginLink, StoredOrg } from "../types/index.ts";

interface LegacySnapshot {
  version: 1;
  clock_offset_ms: number;
  orgs: StoredOrg[];
  api_keys: Omit<StoredApiKey, "partner_id">[];
  login_links: Omit<StoredLoginLink, "partner_id">[];
}

const SQLITE_HEADER = "SQLite format 3\u0000";

function startsLikeSqlite(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return n === 16 && head.toString("latin1") === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

function refuse(path: string, why: string): Error {
  return new Error(`cannot use the state file ${path}: ${why}; it was left untouched. Move it away, or pass another --state path.`);
}

function readSnapshot(path: string): LegacySnapshot {
  let parsed: LegacySnapshot;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as LegacySnapshot;
  } catch (error) {
    throw refuse(path, `not a SQLite database, and not valid JSON (${(error as Error).message})`);
  }
  if (parsed?.version !== 1 || !Array.isArray(parsed.orgs) || !Array.isArray(parsed.api_keys) || !Array.isArray(parsed.login_links)) {
    throw refuse(path, "not a SQLite database, and not a sandbox state file (a version 1 JSON snapshot)");
  }
  return parsed;
}

function freeName(path: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  for (let i = 0; ; i++) {
    const name = `${path}.imported-${stamp}${i === 0 ? "" : `-${i}`}.json`;
    if (!existsSync(name)) return name;
  }
}

function removeDatabase(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${path}${suffix}`, { force: true });
}

async function copyInto(db: Kysely<SandboxDb>, snapshot: LegacySnapshot): Promise<void> {
  const partnerOf = new Map<string, string>();
  for (const org of snapshot.orgs) partnerOf.set(org.id, org.partner_id);
  const bytes = new Map<string, { orgs: number; stored_bytes: number }>();
  const count = (partner: string, orgs: number, n: number): void => {
    const u = bytes.get(partner) ?? { orgs: 0, stored_bytes: 0 };
    u.orgs += orgs;
    u.stored_bytes += n;
    bytes.set(partner, u);
  };
  const BATCH = 200;
  await db.transaction().execute(async (trx) => {
    const orgs = snapshot.orgs.map((org) => {
      const record = JSON.stringify(org);
      const size = Buffer.byteLength(record);
      count(org.partner_id, 1, size);
      return { id: org.id, partner_id: org.partner_id, external_id: org.external_id, created_at: org.created_at, name: org.name, record, bytes: size };
    });
    for (let i = 0; i < orgs.length; i += BATCH) await trx.insertInto("orgs").values(orgs.slice(i, i + BATCH)).execute();

    const keys = snapshot.api_keys.flatMap((key) => {
      const partner_id = partnerOf.get(key.org_id);
      if (partner_id === undefined) return []; // a key of an org the snapshot does not have: unusable anyway
      const record = JSON.stringify({ ...key, partner_id });
      const size = Buffer.byteLength(record);
      count(partner_id, 0, size);
      return [{ id: key.id, partner_id, org_id: key.org_id, record, bytes: size }];
    });
    for (let i = 0; i < keys.length; i += BATCH) await trx.insertInto("api_keys").values(keys.slice(i, i + BATCH)).execute();

    const links = snapshot.login_links.flatMap((link) => {
      const partner_id = partnerOf.get(link.org_id);
      if (partner_id === undefined) return [];
      const record = JSON.stringify({ ...link, partner_id });
      const size = Buffer.byteLength(record);
      count(partner_id, 0, size);
      return [{ token_sha256: link.token_sha256, partner_id, org_id: link.org_id, expires_at_ms: link.expires_at_ms, record, bytes: size }];
    });
    for (let i = 0; i < links.length; i += BATCH) await trx.insertInto("login_links").values(links.slice(i, i + BATCH)).execute();

    const partners = [...bytes.keys()];
    if (partners.length > 0) {
      await trx.insertInto("partner_usage").values(partners.map((partner_id) => ({ partner_id, ...bytes.get(partner_id)! }))).execute();
      // The snapshot had one clock for everyone: each partner keeps the offset it had.
      if (snapshot.clock_offset_ms) {
        await trx.insertInto("partner_clocks").values(partners.map((partner_id) => ({ partner_id, offset_ms: snapshot.clock_offset_ms }))).execute();
      }
    }
  });
}

/**
 * If `path` holds a JSON snapshot, converts it into a SQLite database at `path` (the JSON kept
 * beside it) and returns the JSON's new name; an absent, empty or SQLite file is left alone.
 */
export async function importJsonSnapshotIfPresent(
  path: string,
  open: (path: string) => Promise<Kysely<SandboxDb>>,
  now: Date = new Date(),
): Promise<string | undefined> {
  if (!existsSync(path) || statSync(path).size === 0 || startsLikeSqlite(path)) return undefined;
  const snapshot = readSnapshot(path);
  const temp = `${path}.importing-${process.pid}`;
  removeDatabase(temp);
  try {
    const db = await open(temp);
    try {
      await copyInto(db, snapshot);
    } finally {
      await db.destroy(); // the last connection's close checkpoints the WAL into the file
    }
    const kept = freeName(path, now);
    linkSync(path, kept);
    renameSync(temp, path);
    const dir = openSync(dirname(path), "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return kept;
  } catch (error) {
    removeDatabase(temp);
    throw new Error(`could not import the JSON state file ${path} into SQLite (${(error as Error).message}); it was left untouched`);
  }
}
