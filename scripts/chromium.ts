// How the repo's browser tests and benchmarks start Chromium: Debian's package, driven by playwright-core
// (browser downloads do not work here). The flags keep a headless root session off the network: without
// the background-networking ones Chromium keeps dialling Google's hosts, which this machine refuses.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
