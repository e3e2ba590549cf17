// docs/hosting.md's "Two instances on one database", read from the page and run with bash as
// shown: a database made with createdb, two sandbox processes on it, their health, an org made on
// one and listed by the other, the pool metrics, SIGTERM to both (143), dropdb. Only the addresses
// change: free ports for 4011 and 4012, the test's PostgreSQL (TEST_DATABASE_URL, else
// 127.0.0.1:5432) and a database name of the run's own.
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { freePort } from "../../mock/free-port.ts";
import { commandsUnder, root } from "../docs/markdown.ts";
import { promisedOutput, runCommands } from "../docs/run-commands.ts";
import { ADMIN_URL, needPostgres, query } from "../helpers/postgres.ts";

const PAGE = "docs/hosting.md";

it("docs/hosting.md's two instances on one database run as shown: both healthy, one state, both stop with 143", async (ctx) => {
  await needPostgres(ctx);
  const commands = commandsUnder(PAGE, "Two instances on one database");
  const [a, b] = [await freePort(), await freePort()];
  const admin = new URL(ADMIN_URL);
  const database = `sandbox_demo_${process.pid}_${randomBytes(3).toString("hex")}`;
  const retarget = (source: string) =>
    source
      .replaceAll("127.0.0.1:4011", `127.0.0.1:${a}`)
      .replaceAll("--port 4011", `--port ${a}`)
      .replaceAll("127.0.0.1:4012", `127.0.0.1:${b}`)
      .replaceAll("--port 4012", `--port ${b}`)
      .replaceAll("postgres://postgres@127.0.0.1:5432/", `${admin.protocol}//${admin.username}${admin.password ? `:${admin.password}` : ""}@${admin.host}/`)
      .replaceAll("-h 127.0.0.1 -U postgres", `-h ${admin.hostname} -U ${decodeURIComponent(admin.username)}`)
      .replaceAll("sandbox_demo", database);
  // Every database the page names is the one retargeted to the run's own (dropdb drops it).
  for (const command of commands.filter((c) => /createdb|dropdb|^DB=/.test(c.command))) expect(command.command).toContain("sandbox_demo");

  const { outputs, stdout, stderr } = await runCommands(commands, {
    retarget,
    cwd: root,
    timeoutMs: 90_000,
    // The test's own: createdb and dropdb reach the test's server; a failed run leaves no sandbox behind.
    env: { PGPORT: admin.port || "5432", ...(admin.password ? { PGPASSWORD: decodeURIComponent(admin.password) } : {}) },
    prelude: "trap 'kill $(jobs -p) 2>/dev/null' EXIT",
  }).catch(async (error: unknown) => {
    await query(ADMIN_URL, `drop database if exists ${database} with (force)`).catch(() => {});
    throw error;
  });
  const output = (start: string) => outputs.filter((o) => o.command.command.startsWith(start)).map((o) => o.output);
  const context = `${stdout}\n${stderr}`;

  // Both answer health as the page says.
  const health = outputs.filter((o) => o.command.command.includes("/_sandbox/health") && !o.command.command.startsWith("until"));
  expect(health, context).toHaveLength(2);
  for (const h of health) expect(JSON.parse(h.output.trim().split("\n").at(-1)!), context).toEqual(promisedOutput(h.command));
  // The org made on one is listed by the other.
  const [created, listed] = output("curl -s").filter((o) => o.includes('"name":"Shared"'));
  expect(JSON.parse(created!.trim().split("\n").at(-1)!), context).toMatchObject({ name: "Shared" });
  expect((JSON.parse(listed!.trim().split("\n").at(-1)!) as { data: { id: string }[] }).data.map((o) => o.id), context).toContain(JSON.parse(created!.trim().split("\n").at(-1)!).id);
  // The pool metrics, read with the admin token.
  expect(outputs.find((o) => o.command.command.includes("/_sandbox/metrics"))!.output, context).toMatch(/^sandbox_storage_pool_connections /m);
  // SIGTERM: both drain and stop, 143.
  const stopped = outputs.find((o) => o.command.command.startsWith("kill "))!;
  expect(stopped.output.trim().split("\n").at(-1), context).toBe("143");
  expect(context.match(/sandbox: stopped \(SIGTERM\)/g), context).toHaveLength(2);
  // dropdb removed the database.
  expect(await query(ADMIN_URL, "select 1 from pg_database where datname = $1", [database])).toEqual([]);
}, 120_000);
