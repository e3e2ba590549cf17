// A command under `sh -c`, as npx runs the sandbox's bin: it watches its parent (parent-watch.ts)
// and says what the watch reported. Its own SIGINT (a terminal's Ctrl-C reaches every process of
// the group) marks it as stopping, as runCommand does; it exits by itself a while after any event.
import { watchNpmParent } from "../../packages/sandbox/src/cli/parent-watch.ts";

let stopping = false;
const later = (): void => void setTimeout(() => process.exit(0), 1000);
const say = (line: string): void => void process.stdout.write(`${line}\n`);
watchNpmParent({
  gone: () => (say("gone"), later()),
  interrupted: () => (say("interrupted"), later()),
  stopping: () => stopping,
});
process.on("SIGINT", () => ((stopping = true), say("own SIGINT"), later()));
process.on("SIGCONT", () => (say("continued"), later()));
setInterval(() => {}, 1000); // stays until told
say(`ready ${process.pid}`);
