import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { loadConfig } from '../../src/config/env';
import { importSeeds } from '../../src/importer/import-seeds';
import { createLogger } from '../../src/logging';
import { packageRoot, seedsDir } from '../../src/paths';
import { loadExamples } from '../../src/schema-files';
import { type RunningService, startService } from '../../src/service';
import { testConnection, testDriver, testModel, testSchemaFiles } from '../support/database';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the playground', () => {
  let service: RunningService;

  beforeAll(async () => {
    const driver = testDriver();
    // The default graph: every seed file of seeds/, as a new database starts.
    await importSeeds({ driver, database: testConnection().database, model: testModel() }, [seedsDir]);
    await driver.close();
    service = await startService(loadConfig({ ...process.env, PORT: '0' }), testSchemaFiles(), createLogger('silent'));
  }, 300_000); // the default graph: 17 seed files, the reference list among them
  afterAll(async () => {
    await service?.stop();
  });

  it('serves GraphiQL to browsers at /graphql, and redirects / there', async () => {
    const page = await fetch(`${service.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('/playground/graphiql.js');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);

    const root = await fetch(`${service.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/graphql');

    for (const asset of ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css', 'init.js']) {
      expect((await fetch(`${service.url}/playground/${asset}`)).status).toBe(200);
    }
  });

  it('still answers GraphQL GET requests there', async () => {
    const response = await fetch(`${service.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      // Apollo's CSRF prevention asks GET requests for a header a simple cross-site form cannot send.
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  describe('in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
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
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('opens with the example operations as tabs, runs one and shows its result, requesting nothing outside localhost', async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      const failed: string[] = [];
      page.on('response', (response) => response.status() >= 400 && failed.push(`${response.status()} ${response.url()}`));
      const consoleErrors: string[] = [];
      page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));

      await page.goto(`${service.url}/graphql`);
      const tabs = page.locator('.graphiql-tab');
      await tabs.first().waitFor();
      const examples = loadExamples();
      expect(await tabs.count()).toBe(examples.length);

      // The way to the network explorer.
      await expect(page.locator('#explorer-link').getAttribute('href')).resolves.toBe('/explore');

      const searchTab = examples.findIndex((e) => e.name.includes('search'));
      await tabs.nth(searchTab).click();
      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.graphiql-response');
      fs.mkdirSync(path.join(packageRoot, '.reports'), { recursive: true });
      try {
        await result.getByText('Swedish Medtech Service AB').first().waitFor({ timeout: 15_000 });
      } finally {
        await page.screenshot({ path: path.join(packageRoot, '.reports', 'playground.png') });
      }

      // The ECHAlliance tab answers with the ecosystems it lists (the editor draws only the lines in view: the first member of the two).
      const membersTab = examples.findIndex((e) => e.name.includes('ecosystem-members'));
      expect(membersTab).toBeGreaterThanOrEqual(0);
      await tabs.nth(membersTab).click();
      await page.locator('.graphiql-execute-button').click();
      await result
        .getByText(/North Sweden Life Science Ecosystem|Galician Health Ecosystem/)
        .first()
        .waitFor({ timeout: 15_000 });

      const origin = new URL(service.url).origin;
      expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
      expect(failed).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });
  });
});
