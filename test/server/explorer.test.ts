import fs from 'node:fs';
import path from 'node:path';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/bench/chromium';
import { packageRoot } from '../../src/paths';
import { EXPLORER_CONTENT_SECURITY_POLICY } from '../../src/server/explorer';
import type { RunningService } from '../../src/service';
import { freePort } from '../../src/util/ports';
import { loadSeedGraph, post, startTestService } from '../support/graphql-http-client';
import { signToken, TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET } from '../support/tokens';

// The explorer at /explore, in real headless Chromium against the real service and the seed graph:
// what it draws is what the API answers, and it asks nothing of any other origin.

const ECOSYSTEM = 'ecosystem:north-sweden-life-science';
const NETWORK = `query($around: ID, $hops: Int, $where: InitiativeFilter) {
  collaborationNetwork(around: $around, hops: $hops, where: $where, nodeLimit: 200, edgeLimit: 1000) { nodes { id } edges { id source target } totalEdges }
}`;

interface ApiNetwork {
  nodes: { id: string }[];
  edges: { id: string; source: string; target: string }[];
}

const dataOf = <T>(answer: Awaited<ReturnType<typeof post>>) => answer.body!.data as T;

async function apiNetwork(url: string, variables: Record<string, unknown>): Promise<ApiNetwork> {
  const answer = await post(url, NETWORK, variables);
  expect(answer.body?.errors).toBeUndefined();
  return dataOf<{ collaborationNetwork: ApiNetwork }>(answer).collaborationNetwork;
}

/** The page's globals the tests read (these run in Node, without the DOM's types). */
interface PageGlobals {
  ecographExplorer?: { nodePosition(node: string): { x: number; y: number } | null };
  marker?: number;
  document: { activeElement: unknown };
  sessionStorage: { getItem(key: string): string | null };
}

const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

/** A page that records what it requests and what its console says. */
interface Watched {
  page: Page;
  origin: string;
  requests: string[];
  /** The Authorization header of each GraphQL request, '' when none. */
  authorizations: string[];
  consoleErrors: string[];
}

describe('the explorer', () => {
  let service: RunningService;
  let browser: Browser;
  const pages: Watched[] = [];

  beforeAll(async () => {
    await loadSeedGraph();
    service = await startTestService();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  async function open(pathAndQuery: string, url = service.url): Promise<Watched> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const watched: Watched = { page, origin: new URL(url).origin, requests: [], authorizations: [], consoleErrors: [] };
    page.on('request', (request) => {
      watched.requests.push(request.url());
      if (new URL(request.url()).pathname === '/graphql') watched.authorizations.push(request.headers().authorization ?? '');
    });
    page.on('console', (message) => message.type() === 'error' && watched.consoleErrors.push(message.text()));
    page.on('pageerror', (error) => watched.consoleErrors.push(error.message));
    pages.push(watched);
    await page.goto(`${url}${pathAndQuery}`);
    return watched;
  }

  /** Waits until the network is drawn and laid out. */
  async function settled(page: Page): Promise<{ nodes: number; edges: number }> {
    await page.locator('#graph[data-layout="settled"]').waitFor({ state: 'attached', timeout: 30_000 });
    const count = async (name: string) => Number(await page.locator('#graph').getAttribute(`data-${name}`));
    return { nodes: await count('nodes'), edges: await count('edges') };
  }

  function expectOnlyLocalRequests(watched: Watched): void {
    expect(watched.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(watched.requests.filter((url) => !url.startsWith(`${watched.origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
  }

  async function clickNode(page: Page, node: string, options: { clickCount?: number } = {}): Promise<void> {
    const position = await page.evaluate((key) => (globalThis as unknown as PageGlobals).ecographExplorer!.nodePosition(key), node);
    expect(position).not.toBeNull();
    await page.mouse.click(position!.x, position!.y, options);
  }

  afterEach(async () => {
    // Every page a test opened asked nothing of another origin and logged no error.
    for (const watched of pages.splice(0)) {
      expectOnlyLocalRequests(watched);
      expect(watched.consoleErrors).toEqual([]);
      await watched.page.close();
    }
  });

  it('is served at /explore with a same-origin Content-Security-Policy, its bundle beside it', async () => {
    const page = await fetch(`${service.url}/explore`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(EXPLORER_CONTENT_SECURITY_POLICY);
    const html = await page.text();
    expect(html).not.toMatch(/(src|href)="https?:/);
    for (const [asset, type] of [
      ['explorer.js', 'javascript'],
      ['layout-worker.js', 'javascript'],
      ['explorer-style.css', 'text/css'],
    ]) {
      const response = await fetch(`${service.url}/explore/${asset}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
    }
    expect((await fetch(`${service.url}/explore/../package.json`)).status).toBe(404);
    expect((await fetch(`${service.url}/explore/secrets.js`)).status).toBe(404);
  });

  it('opens on the first ecosystem, two steps out, with its profile and sources', async () => {
    const { page } = await open('/explore');
    const first = await post(service.url, '{ ecosystems(limit: 1, sort: [{ name: ASC }]) { key } }');
    const key = dataOf<{ ecosystems: { key: string }[] }>(first).ecosystems[0]!.key;
    const drawn = await settled(page);
    expect(new URL(page.url()).searchParams.get('around')).toBe(key);
    expect(new URL(page.url()).searchParams.get('hops')).toBe('2');
    const api = await apiNetwork(service.url, { around: key, hops: 2 });
    expect(drawn).toEqual({ nodes: api.nodes.length, edges: api.edges.length });
    await page.locator('#panel-body[data-profile]').waitFor();
  });

  it('draws the North Sweden ecosystem from the seed graph, as the README shows it', async () => {
    const { page } = await open(`/explore?around=${ECOSYSTEM}&hops=2`);
    const drawn = await settled(page);
    const api = await apiNetwork(service.url, { around: ECOSYSTEM, hops: 2 });
    expect(drawn).toEqual({ nodes: api.nodes.length, edges: api.edges.length });
    expect(drawn.nodes).toBeGreaterThanOrEqual(11);
    const panel = page.locator('#panel-body');
    await panel.getByRole('heading', { name: 'North Sweden Life Science Ecosystem' }).waitFor();
    await expect(panel.getByText('Ecosystem Coordinator').count()).resolves.toBeGreaterThanOrEqual(4);
    await expect(page.locator('#legend').innerText()).resolves.toMatch(/Person\s+4/);
    fs.mkdirSync(path.join(packageRoot, '.reports'), { recursive: true });
    await page.screenshot({ path: path.join(packageRoot, '.reports', 'explorer.png') });
  });

  it('finds an entity as you type, picked with the keyboard, and draws its network: what the API answers', async () => {
    const { page } = await open(`/explore?around=${ECOSYSTEM}&hops=1`);
    await settled(page);
    const search = page.getByRole('combobox', { name: 'Search the graph' });
    await page.keyboard.press('/');
    await expect(search.evaluate((e) => e === (globalThis as unknown as PageGlobals).document.activeElement)).resolves.toBe(true);
    await search.pressSequentially('Västerbott', { delay: 20 });
    const option = page.getByRole('option', { name: /Region Västerbotten/ });
    await option.waitFor();
    // Arrow keys move through the matches; Enter picks the one chosen.
    const options = page.getByRole('option');
    const index = (await options.allInnerTexts()).findIndex((text) => text.includes('Region Västerbotten'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await expect(search.getAttribute('aria-activedescendant')).resolves.toBe(await options.nth(index).getAttribute('id'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/around=region%3Avasterbotten/);
    await page.locator('#panel-body[data-profile="region:vasterbotten"]').waitFor();
    const drawn = await settled(page);
    const api = await apiNetwork(service.url, { around: 'region:vasterbotten', hops: 1 });
    expect(drawn).toEqual({ nodes: api.nodes.length, edges: api.edges.length });

    // The table view holds the same nodes and edges, and sorts.
    await page.getByRole('button', { name: 'Table' }).click();
    const nodeKeys = await page.locator('[data-table="nodes"] tbody tr td:nth-child(4)').allInnerTexts();
    expect(nodeKeys.sort()).toEqual(ids(api.nodes));
    await expect(page.locator('[data-table="edges"] tbody tr').count()).resolves.toBe(api.edges.length);
    const degreeHeader = page.locator('[data-table="nodes"] th').nth(2);
    await expect(degreeHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    await degreeHeader.getByRole('button').press('Enter');
    await expect(page.locator('[data-table="nodes"] th').nth(2).getAttribute('aria-sort')).resolves.toBe('ascending');
    const degrees = (await page.locator('[data-table="nodes"] tbody tr td:nth-child(3)').allInnerTexts()).map(Number);
    expect(degrees).toEqual([...degrees].sort((a, b) => a - b));
    expect(new URL(page.url()).searchParams.get('view')).toBe('table');
  });

  it('shows the profile of a clicked node: positions, coordinations and funding, each fact with its source', async () => {
    const { page } = await open(`/explore?around=${ECOSYSTEM}&hops=2`);
    await settled(page);
    await clickNode(page, 'person:mats-falck:umu');
    const panel = page.locator('#panel-body[data-profile="person:mats-falck:umu"]');
    await panel.waitFor();
    expect(new URL(page.url()).searchParams.get('selected')).toBe('person:mats-falck:umu');
    await panel.getByRole('heading', { name: 'Mats Falck' }).waitFor();
    const positions = panel.locator('section', { has: page.getByRole('heading', { name: /Positions/ }) });
    await expect(positions.innerText()).resolves.toMatch(/Coordinator, Umeå University Innovation Office/);
    const coordinates = panel.locator('section', { has: page.getByRole('heading', { name: /Coordinates/ }) });
    const text = await coordinates.innerText();
    expect(text).toMatch(/Project manager: Support Office for Life Science & Health/);
    expect(text).toMatch(/Ecosystem Coordinator: North Sweden Life Science Ecosystem/);
    const sourceLinks = coordinates.getByRole('link', { name: /Sweden - North Sweden Life Science Ecosystem \(ECHAlliance\)/ });
    await expect(sourceLinks.count()).resolves.toBe(2);
    await expect(sourceLinks.first().getAttribute('href')).resolves.toBe('https://echalliance.com/ecosystems/sweden-north-sweden-life-science-ecosystem/');

    // A project from a profile: its funder, amount, period and total, with the Vinnova page as source.
    await clickNode(page, 'region:vasterbotten');
    await page.locator('#panel-body[data-profile="region:vasterbotten"]').waitFor();
    await page.locator('#panel-body').getByRole('button', { name: 'Innovation accelerators' }).first().click();
    const project = page.locator('#panel-body[data-profile="project:innovation-accelerators-2017-02464"]');
    await project.waitFor();
    const funding = project.locator('section', { has: page.getByRole('heading', { name: /Funded by/ }) });
    const fundingText = await funding.innerText();
    expect(fundingText).toMatch(/SEK 5\s959\s037 from Vinnova/);
    expect(fundingText).toMatch(/2017-06 – 2021-12/);
    expect(fundingText).toMatch(/Total: SEK 5\s959\s037 in 1 grant/);
    await expect(funding.getByRole('link', { name: /Innovation accelerators \(Vinnova\)/ }).getAttribute('href')).resolves.toBe(
      'https://www.vinnova.se/en/p/innovation-accelerators/',
    );
  });

  it("adds a node's neighbours on double-click, where the node is", async () => {
    const { page } = await open(`/explore?around=${ECOSYSTEM}&hops=1`);
    const before = await settled(page);
    await clickNode(page, 'region:vasterbotten', { clickCount: 2 });
    await page.waitForURL(/expand=region%3Avasterbotten/);
    const after = await settled(page);
    const base = await apiNetwork(service.url, { around: ECOSYSTEM, hops: 1 });
    const added = await apiNetwork(service.url, { around: 'region:vasterbotten', hops: 1 });
    const nodes = new Set([...ids(base.nodes), ...ids(added.nodes)]);
    const edges = new Set([...base.edges, ...added.edges].filter((e) => nodes.has(e.source) && nodes.has(e.target)).map((e) => e.id));
    expect(after).toEqual({ nodes: nodes.size, edges: edges.size });
    expect(after.nodes).toBeGreaterThan(before.nodes);
  });

  it('answers "how is this connected to …?" with the shortest paths, step by step, with sources', async () => {
    const { page } = await open(`/explore?around=${ECOSYSTEM}&hops=2&selected=person:maria-jansson:ltu`);
    await settled(page);
    await page.locator('#panel-body[data-profile="person:maria-jansson:ltu"]').waitFor();
    const connect = page.getByRole('combobox', { name: /How is Maria Jansson connected to/ });
    await connect.pressSequentially('Vinnova', { delay: 20 });
    await page.getByRole('option', { name: /Vinnova/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/connect=org%3Avinnova/);
    const paths = page.locator('.path-list > li');
    await paths.first().waitFor();
    const api = await post(
      service.url,
      '{ connections(from: "person:maria-jansson:ltu", to: "org:vinnova", maxHops: 6, limit: 5) { steps { relationship } } }',
    );
    const expected = dataOf<{ connections: { steps: { relationship: string }[] }[] }>(api).connections;
    await expect(paths.count()).resolves.toBe(expected.length);
    const steps = paths.first().locator('.step');
    await expect(steps.count()).resolves.toBe(expected[0]!.steps.length);
    await expect(paths.first().innerText()).resolves.toMatch(/funded by/);
    await expect(steps.first().getByRole('link').first().getAttribute('href')).resolves.toMatch(/^https:\/\//);
  });

  it('redraws without reloading when a filter changes, and a deep link reproduces the view', async () => {
    const { page } = await open('/explore?around=region:vasterbotten&hops=1');
    const unfiltered = await settled(page);
    await page.evaluate(() => ((globalThis as unknown as PageGlobals).marker = 42));
    await page.getByRole('button', { name: /Filters/ }).click();
    await page.getByLabel('Project status').selectOption('COMPLETED');
    await page.waitForURL(/status=COMPLETED/);
    const api = await apiNetwork(service.url, { around: 'region:vasterbotten', hops: 1, where: { status: 'COMPLETED' } });
    const filtered = await settled(page);
    expect(filtered).toEqual({ nodes: api.nodes.length, edges: api.edges.length });
    expect(filtered).not.toEqual(unfiltered);
    await expect(page.evaluate(() => (globalThis as unknown as PageGlobals).marker)).resolves.toBe(42);

    // The same address in a fresh page: the same network, the same filter, the same panel.
    await clickNode(page, 'org:swedish-medtech-service');
    await page.waitForURL(/selected=org%3Aswedish-medtech-service/);
    const link = page.url();
    const { page: again } = await open(new URL(link).pathname + new URL(link).search);
    await expect(settled(again)).resolves.toEqual(filtered);
    await again.locator('#panel-body[data-profile="org:swedish-medtech-service"]').waitFor();
    await expect(again.getByLabel('Project status').inputValue()).resolves.toBe('COMPLETED');
  });

  it('exports the view as a PNG, as JSON in the API shape and as GEXF', async () => {
    const { page } = await open(`/explore?around=${ECOSYSTEM}&hops=2`);
    const drawn = await settled(page);
    const api = await apiNetwork(service.url, { around: ECOSYSTEM, hops: 2 });
    const exported = async (format: string) => {
      await page.locator('#export-menu summary').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-export="${format}"]`).click()]);
      expect(download.suggestedFilename()).toBe(`ecograph-ecosystem-north-sweden-life-science-2-hops.${format}`);
      return fs.readFileSync(await download.path());
    };

    const png = await exported('png');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBeGreaterThan(500);
    expect(png.readUInt32BE(20)).toBeGreaterThan(400);

    const json = JSON.parse((await exported('json')).toString('utf8')) as ApiNetwork & { nodes: { id: string; label: string; type: string; degree: number }[] };
    expect(ids(json.nodes)).toEqual(ids(api.nodes));
    expect(ids(json.edges)).toEqual(ids(api.edges));
    expect(json.nodes.length).toBe(drawn.nodes);
    expect(Object.keys(json.nodes[0]!).sort()).toEqual(['degree', 'id', 'label', 'type']);

    const gexf = parseGexf(Graph, (await exported('gexf')).toString('utf8'));
    expect(gexf.order).toBe(api.nodes.length);
    expect(gexf.size).toBe(api.edges.length);
    expect(gexf.getNodeAttribute('person:mats-falck:umu', 'label')).toBe('Mats Falck');
    expect(gexf.getNodeAttribute('person:mats-falck:umu', 'type')).toBe('Person');
  });

  it('says when the node cap cut the network, and draws what the API answered within it', async () => {
    const { page } = await open(`/explore?around=${ECOSYSTEM}&hops=2&nodes=5`);
    const drawn = await settled(page);
    const answer = await post(
      service.url,
      'query($around: ID) { collaborationNetwork(around: $around, hops: 2, nodeLimit: 5, edgeLimit: 500) { nodes { id } edges { id } truncated } }',
      { around: ECOSYSTEM },
    );
    const api = dataOf<{ collaborationNetwork: ApiNetwork & { truncated: boolean } }>(answer).collaborationNetwork;
    expect(api.truncated).toBe(true);
    expect(drawn).toEqual({ nodes: api.nodes.length, edges: api.edges.length });
    await expect(page.locator('#truncated-notice').innerText()).resolves.toMatch(/Truncated: only the 5 nearest entities are drawn/);
  });

  it('says plainly when an entity does not exist', async () => {
    const { page } = await open('/explore?around=org:no-such-organisation&hops=1');
    const message = page.locator('#message');
    await message.waitFor();
    await expect(message.innerText()).resolves.toMatch(/No entity has the key "org:no-such-organisation"/);
    await expect(page.locator('#graph').getAttribute('data-state')).resolves.toBe('error');
    pages[0]!.consoleErrors = pages[0]!.consoleErrors.filter((e) => !/Failed to load resource: the server responded with a status of 400/.test(e));
  });

  describe('with the server settings', () => {
    const extra: RunningService[] = [];
    afterAll(async () => {
      for (const s of extra) await s.stop();
    });

    it('asks for a token when reading needs one, keeps it in session storage and sends it as a Bearer header', async () => {
      const guarded = await startTestService({
        AUTH_JWT_SECRET: TEST_SECRET,
        AUTH_ISSUER: TEST_ISSUER,
        AUTH_AUDIENCE: TEST_AUDIENCE,
        AUTH_REQUIRE_FOR_READ: 'true',
      });
      extra.push(guarded);
      const watched = await open(`/explore?around=${ECOSYSTEM}&hops=1`, guarded.url);
      const { page } = watched;
      const dialog = page.getByRole('dialog', { name: 'This server asks for a token' });
      await dialog.waitFor();
      await expect(dialog.innerText()).resolves.toMatch(/token/i);
      const token = await signToken({ roles: ['reader'] });
      await dialog.getByLabel('Bearer token (JWT)').fill(token);
      await dialog.getByRole('button', { name: 'Use token' }).click();
      const api = await post(guarded.url, NETWORK, { around: ECOSYSTEM, hops: 1 }, { authorization: `Bearer ${token}` });
      const network = dataOf<{ collaborationNetwork: ApiNetwork }>(api).collaborationNetwork;
      await expect(settled(page)).resolves.toEqual({ nodes: network.nodes.length, edges: network.edges.length });
      await expect(page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('ecograph.explorer.token'))).resolves.toBe(token);
      // Without a token before the dialog, with it ever after.
      const first = watched.authorizations.indexOf(`Bearer ${token}`);
      expect(first).toBeGreaterThan(0);
      expect(watched.authorizations.slice(0, first).every((a) => a === '')).toBe(true);
      expect(watched.authorizations.slice(first).every((a) => a === `Bearer ${token}`)).toBe(true);
      // The refused first request is a 401 the browser logs; nothing else failed.
      watched.consoleErrors = watched.consoleErrors.filter((e) => !/status of 401/.test(e));
    });

    it('keeps within a lower cost limit by paging, and shows a limit it cannot keep as a readable message', async () => {
      const strict = await startTestService({ GRAPHQL_MAX_COST: '3000' });
      extra.push(strict);
      // The server's maximum comes with its refusal; the page asks again in pages that fit.
      const paged = await open('/explore?around=region:vasterbotten&hops=2', strict.url);
      const api = await apiNetwork(service.url, { around: 'region:vasterbotten', hops: 2 });
      await expect(settled(paged.page)).resolves.toEqual({ nodes: api.nodes.length, edges: api.edges.length });
      // 2 000 nodes alone cost more than 3 000.
      const refused = await open('/explore?around=region:vasterbotten&hops=2&nodes=2000', strict.url);
      const message = refused.page.locator('#message');
      await message.waitFor();
      const text = await message.innerText();
      expect(text).toMatch(/The request is larger than the server allows/);
      expect(text).toMatch(/exceeds the maximum of 3000 \(GRAPHQL_MAX_COST\)/);
      await expect(message.getByRole('button', { name: 'Try again' }).count()).resolves.toBe(1);
      for (const watched of [paged, refused]) watched.consoleErrors = watched.consoleErrors.filter((e) => !/status of 400/.test(e));
    });

    it('shows a database that is down as a readable message (503), not a blank page', async () => {
      const down = await startTestService({ NEO4J_URI: `bolt://127.0.0.1:${await freePort()}`, NEO4J_PASSWORD: 'unused-password' });
      extra.push(down);
      const watched = await open(`/explore?around=${ECOSYSTEM}&hops=1`, down.url);
      const message = watched.page.locator('#message');
      await message.waitFor();
      await expect(message.innerText()).resolves.toMatch(/The database is not available right now/);
      watched.consoleErrors = watched.consoleErrors.filter((e) => !/status of 503/.test(e));
    });
  });
});
