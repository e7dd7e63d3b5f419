// A Playwright browser server on loopback for the remote-browser tests: launches the
// Chromium given as argv[2] (with the launch flags passed as a JSON list in argv[3]) and
// prints the server's ws:// address on one line. Runs until killed.
const path = require("path");
const { chromium } = require(path.resolve(process.argv[4] || ".node/node_modules/playwright-core"));

(async () => {
  const server = await chromium.launchServer({
    executablePath: process.argv[2],
    args: JSON.parse(process.argv[3] || "[]"),
    headless: true,
    host: "127.0.0.1",
  });
  process.stdout.write(server.wsEndpoint() + "\n");
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(1);
});
