import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalog, type SigningScheme, sign } from '@hookguard/core';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ENV } from '../scripts/demo/demo-env.mjs';
import { startExample } from '../scripts/demo/example-process.mjs';
import { startListen as startListenProcess } from './support/listen-process.js';

// The "done when": `hookguard listen stripe github --forward-to <the example app>`
// forwards valid deliveries, refuses tampered ones, and the inspector page shows both with
// their traces, in a real headless Chromium (Debian's `chromium`, driven by playwright-core;
// `pnpm test`'s first step installs it). The docs' screenshots are taken here: into
// docs/images/ with HOOKGUARD_SCREENSHOTS=docs, otherwise into a temporary directory, so a
// test run leaves the working tree as it found it.

const IMAGES =
  process.env.HOOKGUARD_SCREENSHOTS === 'docs'
    ? fileURLToPath(new URL('../docs/images/', import.meta.url))
    : `${mkdtempSync(join(tmpdir(), 'hookguard-screenshots-'))}/`;
/** Where Debian's `chromium` package puts its launcher. */
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
/** The demo secrets the example app and the listener share; never real ones. */
const SECRETS = [DEMO_ENV.STRIPE_WEBHOOK_SECRET, DEMO_ENV.GITHUB_WEBHOOK_SECRET];

function chromiumPath(): string {
  const found = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(
      `no Chromium at ${CHROMIUM_CANDIDATES.join(' or ')}: install Debian's chromium package (apt-get install -y chromium; pnpm test's first step, scripts/test/prepare-servers.mjs, does it).`,
    );
  }
  return found;
}

function startListen(args: string[]) {
  return startListenProcess(args, DEMO_ENV);
}

/** The provider's sample delivery, signed with the demo secret, as the vendor sends it. */
function delivery(id: 'stripe' | 'github'): {
  path: string;
  headers: Record<string, string>;
  body: string;
} {
  const entry = catalog.find((candidate) => candidate.id === id);
  if (entry === undefined) throw new Error(`no provider ${id}`);
  const values = Object.fromEntries(
    entry.settings.map((setting) => [
      setting.option,
      (DEMO_ENV as Record<string, string>)[setting.env] ?? '',
    ]),
  );
  const scheme: SigningScheme = entry.create(values);
  const signed = sign(scheme as never, entry.sample(Date.now()) as never) as {
    headers: Record<string, string>;
    body: string | Uint8Array;
  };
  return {
    path: entry.route,
    headers: signed.headers,
    body: Buffer.from(signed.body).toString('utf8'),
  };
}

/** The text as a user reads it: laid out, hidden parts left out (not the DOM's textContent). */
function rendered(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is what is shown.
  return locator.innerText();
}

/** The few DOM types the in-page check uses: this project's TypeScript has no DOM library. */
interface PageElement {
  readonly parentElement: PageElement | null;
  checkVisibility(): boolean;
}
interface PageGlobals {
  readonly document: {
    readonly body: PageElement;
    createTreeWalker(
      root: PageElement,
      show: number,
    ): { nextNode(): { parentElement: PageElement | null; textContent: string | null } | null };
  };
  getComputedStyle(element: PageElement): { color: string; backgroundColor: string };
}

/** Text whose colour contrasts less than 4.5:1 with the background it is drawn on (WCAG AA). */
function lowContrastText(page: Page) {
  return page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
    const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT
    const parse = (color: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (/rgba?\(([^)]+)\)/.exec(color)?.[1] ?? '0,0,0,0')
        .split(/[,\s/]+/)
        .filter((part) => part !== '')
        .map(Number);
      return { r, g, b, a };
    };
    const channel = (value: number) => {
      const v = value / 255;
      return v <= 0.039_28 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) =>
      0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const backgroundOf = (element: PageElement | null) => {
      for (let at = element; at !== null; at = at.parentElement) {
        const color = parse(getComputedStyle(at).backgroundColor);
        if (color.a > 0) return color;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const failures: { text: string; ratio: number }[] = [];
    const walker = document.createTreeWalker(document.body, SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const element = node.parentElement;
      const text = (node.textContent ?? '').trim();
      if (element === null || text === '' || !element.checkVisibility()) continue;
      const [light, dark] = [
        luminance(parse(getComputedStyle(element).color)),
        luminance(backgroundOf(element)),
      ].sort((a, b) => b - a) as [number, number];
      const ratio = (light + 0.05) / (dark + 0.05);
      if (ratio < 4.5) failures.push({ text: text.slice(0, 40), ratio });
    }
    return failures;
  });
}

describe('hookguard listen stripe github --forward-to the example app, in Chromium', () => {
  let app: Awaited<ReturnType<typeof startExample>>;
  let listener: Awaited<ReturnType<typeof startListen>>;
  let browser: Browser;
  let page: Page;
  const send = async (request: { path: string; headers: Record<string, string>; body: string }) => {
    const response = await fetch(`${listener.url}${request.path}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    return { status: response.status, body: await response.text() };
  };

  beforeAll(async () => {
    const executablePath = chromiumPath();
    app = await startExample('express', DEMO_ENV);
    listener = await startListen(['stripe', 'github', '--forward-to', app.url]);
    browser = await chromium.launch({ executablePath });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    mkdirSync(IMAGES, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await listener?.stop();
    await app?.stop();
  });

  it('shows a valid and a tampered delivery live, with their verdicts, traces and a re-send', async () => {
    await page.goto(`${listener.url}/`);
    await expect.poll(() => page.locator('#connection').textContent()).toContain('Live');
    await expect.poll(() => page.locator('#setup-forward').textContent()).toBe(`${app.url}/`);

    // The page is open before anything arrives: both appear through the event stream.
    const valid = delivery('stripe');
    const accepted = await send(valid);
    expect(accepted.status, accepted.body).toBe(200);
    expect(JSON.parse(accepted.body)).toMatchObject({ provider: 'stripe' });
    const signed = delivery('github');
    const tampered = { ...signed, body: signed.body.replace('100', '1') };
    const refused = await send(tampered);
    expect([refused.status, JSON.parse(refused.body).error.code]).toEqual([
      401,
      'invalid_signature',
    ]);

    const rows = page.locator('#delivery-rows tr');
    await expect.poll(() => rows.count()).toBe(2);
    const stripeRow = page.locator('#delivery-rows tr[data-id="1"]');
    const githubRow = page.locator('#delivery-rows tr[data-id="2"]');
    await expect
      .poll(() => rendered(stripeRow))
      .toMatch(/stripe\s+Accepted\s+0\s+committed\s+answered 200/);
    await expect
      .poll(() => rendered(githubRow))
      .toMatch(/github\s+Refused: invalid_signature\s+—\s+not claimed\s+not sent to the app/);
    // Newest first; the live region said what arrived.
    expect(await rows.first().getAttribute('data-id')).toBe('2');
    expect(await page.locator('#announcer').textContent()).toBe(
      'Delivery 2, github: refused with invalid_signature (401).',
    );
    await page.screenshot({ path: `${IMAGES}listen-deliveries.png` });

    // Opened from the keyboard: the trace button is a button, and the trace takes focus.
    await page.getByRole('button', { name: 'Trace of delivery 2 (github)' }).focus();
    await page.keyboard.press('Enter');
    const trace = page.locator('#trace');
    await expect.poll(() => trace.isVisible()).toBe(true);
    expect(await page.locator(':focus').getAttribute('id')).toBe('trace-heading');
    const text = await rendered(trace);
    expect(text).toContain('Trace of delivery 2: github, refused with invalid_signature (401)');
    expect(text).toMatch(
      /failed:\s+signature: \[hookguard\] github: the x-hub-signature-256 header does not match/,
    );
    expect(text).toContain(`String to sign (${Buffer.byteLength(tampered.body)} bytes)`);
    expect(text).toContain('Signature: received and expected, side by side');
    expect(text).toContain('Key 0: does not match');
    expect(text).toContain('Expected values are masked');
    // What the sender sent is shown; what hookguard expected instead is only a prefix.
    const sent = (tampered.headers['x-hub-signature-256'] as string).replace('sha256=', '');
    expect(text).toContain(sent);
    expect(text).toMatch(/digest \(hex\): [0-9a-f]{4}… \(64 characters\)/);
    await trace.screenshot({ path: `${IMAGES}listen-trace.png` });

    // Re-sent as received: the example app has handled this Stripe event, and says so.
    await page.getByRole('button', { name: 'Re-send delivery 1 to the app' }).click();
    await expect
      .poll(() => page.locator('#action-result').textContent())
      .toBe('Re-sent delivery 1 as delivery 3; the app answered 401.');
    await expect
      .poll(() => rendered(page.locator('#delivery-rows tr[data-id="3"]')))
      .toMatch(/re-send of #1[\s\S]*stripe\s+Accepted[\s\S]*answered 401/);
    expect(await page.getByRole('button', { name: 'Re-send delivery 2 to the app' }).count()).toBe(
      0,
    );

    // A signed test event from the page goes through the same checks to the app.
    await page.getByLabel('Provider').selectOption('github');
    await page.getByRole('button', { name: 'Send test event' }).click();
    await expect
      .poll(() => page.locator('#test-result').textContent())
      .toMatch(/^Sent a github test event: delivery 4, accepted; the app answered 200\.$/);

    // No secret of the listener's reached the page.
    const html = await page.content();
    for (const secret of SECRETS) expect(html).not.toContain(secret);
  });

  it('shows a page opened later every earlier delivery, and is accessible: landmarks, labels, names, AA contrast', async () => {
    await page.reload();
    await expect.poll(() => page.locator('#delivery-rows tr').count()).toBe(4);
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('hookguard listen');
    expect(await page.getByRole('table', { name: 'Deliveries, newest first' }).count()).toBe(1);
    const deliveries = page.getByRole('table', { name: 'Deliveries, newest first' });
    expect(await deliveries.getByRole('columnheader').allTextContents()).toEqual([
      '#',
      'Time',
      'Provider',
      'Verdict',
      'Key',
      'Replay',
      'App',
      'Actions',
    ]);
    expect(await page.getByRole('combobox', { name: 'Provider' }).count()).toBe(1);
    // Every button has a name a screen reader can read.
    for (const button of await page.getByRole('button').all())
      expect((await button.getAttribute('aria-label')) ?? (await button.textContent())).not.toBe(
        '',
      );
    expect(await lowContrastText(page)).toEqual([]);
    // The first Tab stop is the skip link, and it leads to the deliveries.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to the deliveries');
  });
});
