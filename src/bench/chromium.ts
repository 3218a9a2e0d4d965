import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium unless CHROMIUM_PATH names another (scripts/ensure-chromium.sh installs it). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium for the browser tests and the explorer benchmark: no GPU (WebGL runs on
 * SwiftShader, in software), and none of the background requests Chromium makes on its own, so
 * every request a page makes is one the page asked for.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
