#!/usr/bin/env node
// End-to-end test of the operator page in real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core, which never downloads a browser of its own).
//
//   node tests/e2e/operator.test.mjs http://127.0.0.1:PORT
//
// Needs a running `cbrd run` with the API on, an EMPTY index and a camera showing something it
// can learn (tests/e2e/run.sh sets all that up). Walks through what an operator does: sees the
// live label (unknown), enrolls a class from the camera, sees it listed with its thumbnail and
// recognised, renames it, deletes it. Writes target/e2e/operator.png (desktop, full page, while
// the class is listed and recognised) and target/e2e/operator-phone.png (390×844); on failure
// target/e2e/failure.png. Exit status 0 = all passed, 1 = a step failed, 2 = usage.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const OUT = path.resolve(process.env.CBRD_E2E_OUT || path.join(REPO, 'target', 'e2e'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_MS = 60_000; // hard limit per step
const WAIT_MS = 50_000; // browser-side waits, shorter so their messages win the race
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const NARROWEST = { width: 360, height: 740 };

// Labels are user input: these contain markup and quotes to prove they are shown as text.
const NAME = 'Espresso <i>cup</i> & "saucer"';
const RENAMED = "Flat white ☕ 'oat' <b>2</b>";
// With CBRD_E2E_TOKEN set, the daemon requires this bearer token: the token scenario runs.
const TOKEN = process.env.CBRD_E2E_TOKEN || '';

const base = (process.argv[2] || process.env.CBRD_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base)) {
  console.error('usage: node tests/e2e/operator.test.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`e2e: ${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM)`);
  process.exit(1);
}
fs.mkdirSync(OUT, { recursive: true });

// The whole run may not hang, whatever happens.
setTimeout(() => {
  console.error('e2e: FAILED: the whole run took over 10 minutes');
  process.exit(1);
}, 10 * 60_000).unref();

let passed = 0;
let failed = 0;
const problems = []; // uncaught page errors and CSP violations
const consoleTail = [];

class StepFailed extends Error {}

async function step(name, fn) {
  const t0 = Date.now();
  let timer;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${STEP_MS / 1000} s`)), STEP_MS);
      }),
    ]);
    passed += 1;
    console.log(`ok ${passed} - ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed += 1;
    const msg = (e && e.message ? e.message : String(e)).split('\n')[0];
    console.log(`not ok ${passed + failed} - ${name}`);
    throw new StepFailed(`${name}: ${msg}`);
  } finally {
    clearTimeout(timer);
  }
}

const byId = (id) => `[data-testid="${id}"]`;

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cbrd-e2e-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      // Without the background-networking flags Chromium keeps calling home, which floods a
      // machine without a network.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: DESKTOP,
      timeout: STEP_MS,
    });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw new StepFailed(`cannot start ${CHROMIUM}: ${e.message.split('\n')[0]}`);
  }
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (e) => problems.push(`uncaught error in the page: ${e.message}`));
  // The long-lived requests (event stream, MJPEG), for the failure report.
  const t0 = Date.now();
  const note = (what) => {
    consoleTail.push(`[net +${Date.now() - t0} ms] ${what}`);
    if (consoleTail.length > 40) consoleTail.shift();
  };
  const longLived = (url) => /v1\/(events|stream\.mjpg)/.test(url);
  page.on('request', (r) => { if (longLived(r.url())) note(`request ${r.url()}`); });
  page.on('response', (r) => { if (longLived(r.url())) note(`response ${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => { if (longLived(r.url())) note(`failed ${r.url()}: ${r.failure()?.errorText}`); });
  page.on('console', (m) => {
    const text = m.text();
    consoleTail.push(`[${m.type()}] ${text}`);
    if (consoleTail.length > 40) consoleTail.shift();
    if (/Content Security Policy/i.test(text)) problems.push(`CSP violation: ${text}`);
  });

  // Browser-side helpers.
  const text = async (id) => page.locator(byId(id)).first().textContent({ timeout: 2000 }).catch(() => null);
  async function waitText(id, expected, what) {
    try {
      await page.waitForFunction(
        ([sel, exp]) => {
          const e = document.querySelector(sel);
          return Boolean(e) && e.textContent === exp;
        },
        [byId(id), expected],
        { timeout: WAIT_MS },
      );
    } catch (_) {
      throw new Error(`${what}: expected ${JSON.stringify(expected)}, the page shows ${JSON.stringify(await text(id))}`);
    }
  }
  async function waitUntil(fn, arg, what) {
    try {
      await page.waitForFunction(fn, arg, { timeout: WAIT_MS });
    } catch (_) {
      throw new Error(what);
    }
  }
  const itemsWithLabel = (label) => page.locator(byId('class-item')).filter({
    has: page.locator(byId('class-label')).getByText(label, { exact: true }),
  });

  // The daemon requires a token: changes fail without it (and with a wrong one) and say so;
  // with it (typed once, kept for the tab) they work.
  async function tokenSteps() {
    const enrollOutcome = async () => {
      await page.locator(byId('enroll-button')).click();
      await waitUntil(([ok, bad]) => !document.querySelector(ok).hidden || !document.querySelector(bad).hidden,
        [byId('enroll-result'), byId('enroll-error')], 'neither a result nor an error after enrolling');
      await waitUntil((sel) => !document.querySelector(sel).disabled, byId('enroll-button'), 'the button stays disabled');
      const error = await page.locator(byId('enroll-error')).isVisible();
      return error ? `error: ${await text('enroll-error')}` : `ok: ${await text('enroll-result')}`;
    };
    await step('token required: the token field is offered, and nothing is shown without it', async () => {
      await page.locator(byId('auth-panel')).waitFor({ state: 'visible' });
      await waitUntil((sel) => /token required/i.test(document.querySelector(sel)?.textContent || ''),
        byId('auth-error'), 'the token field does not say that a token is required');
      // Without the token the daemon serves the page shell only: no camera picture.
      const picture = await page.evaluate((sel) => document.querySelector(sel)?.naturalWidth || 0,
        byId('live-image'));
      if (picture) throw new Error('the live view shows a camera picture without the token');
    });
    await step('enroll without the token: refused, the page asks for it, nothing listed', async () => {
      await page.locator(byId('enroll-name')).fill(NAME);
      const outcome = await enrollOutcome();
      if (!/^error: .*token/i.test(outcome)) throw new Error(`expected a token error, the page shows ${outcome}`);
      const asks = await text('auth-error');
      if (!/token required/i.test(asks || '')) throw new Error(`the token field says ${JSON.stringify(asks)}`);
      if (await page.locator(byId('class-item')).count()) throw new Error('a class was listed');
    });
    await step('enroll with a wrong token: refused as wrong', async () => {
      await page.locator(byId('token-input')).fill(`${TOKEN}-wrong`);
      const outcome = await enrollOutcome();
      if (!/^error: .*token/i.test(outcome)) throw new Error(`expected a token error, the page shows ${outcome}`);
      const says = await text('auth-error');
      if (!/wrong/i.test(says || '')) throw new Error(`the token field says ${JSON.stringify(says)}`);
    });
    await step('enroll with the token: listed and recognised', async () => {
      await page.locator(byId('token-input')).fill(TOKEN);
      const outcome = await enrollOutcome();
      if (!outcome.startsWith('ok: ')) throw new Error(`the page shows ${outcome}`);
      await itemsWithLabel(NAME).waitFor({ state: 'visible', timeout: WAIT_MS });
      await waitText('live-label', NAME, 'live label');
      // The <img> cannot send the token: the session cookie opened with it lets the picture in.
      await waitUntil((sel) => (document.querySelector(sel)?.naturalWidth || 0) > 0, byId('live-image'),
        'no camera picture with the token (the session cookie is not used)');
      const kept = await page.evaluate(() => sessionStorage.getItem('cbrd.token'));
      if (kept !== TOKEN) throw new Error('the token is not kept for the tab');
      await page.screenshot({ path: path.join(OUT, 'operator-token.png'), fullPage: true });
    });
    await step('delete with the token (after a reload: the tab keeps it)', async () => {
      await page.reload({ waitUntil: 'load' });
      const item = itemsWithLabel(NAME);
      await item.waitFor({ state: 'visible', timeout: WAIT_MS });
      await item.locator(byId('class-delete')).click();
      await item.locator(byId('class-delete-confirm')).click();
      await page.locator(byId('catalogue-empty')).waitFor({ state: 'visible' });
      await waitText('live-label', 'unknown', 'live label after the delete');
    });
    await step('no script errors and no Content-Security-Policy violations', async () => {
      if (problems.length) throw new Error(problems.join(' | '));
    });
  }

  try {
    await step('the page loads with its script and style sheet', async () => {
      const resp = await page.goto(`${base}/`, { waitUntil: 'load', timeout: WAIT_MS });
      if (!resp || resp.status() !== 200) throw new Error(`GET / answered ${resp ? resp.status() : 'nothing'}`);
      const title = await page.title();
      if (!/cbrd/i.test(title)) throw new Error(`unexpected title ${JSON.stringify(title)}`);
      const styled = await page.evaluate(() => getComputedStyle(document.body).marginTop === '0px');
      if (!styled) throw new Error('style.css is not applied');
    });

    if (TOKEN) {
      await tokenSteps();
      return;
    }

    await step('the event stream connects ("live" indicator)', async () => {
      await waitUntil((sel) => document.querySelector(sel)?.dataset.state === 'live', byId('connection'),
        `the connection indicator stays ${JSON.stringify(await text('connection-text'))}, not "live"`);
    });

    await step('the live view shows a camera picture', async () => {
      await waitUntil((sel) => {
        const img = document.querySelector(sel);
        return Boolean(img) && img.naturalWidth > 0;
      }, byId('live-image'), 'no picture in the live view (neither the MJPEG stream nor snapshots)');
    });

    await step('the live label is "unknown" with its reason (empty index)', async () => {
      await waitText('live-label', 'unknown', 'live label');
      const reason = await text('live-reason');
      if (!reason) throw new Error('no reason shown for "unknown"');
      const known = await page.locator(byId('live-overlay')).getAttribute('data-known');
      if (known !== 'false') throw new Error(`overlay data-known=${known}`);
    });

    await step('the status numbers are shown', async () => {
      await waitUntil((sel) => /\S/.test(document.querySelector(sel)?.textContent || '') && document.querySelector(sel).textContent !== '–',
        byId('status-model'), 'the model name never appears in the status');
      await waitUntil((sel) => /streaming/.test(document.querySelector(sel)?.textContent || ''), byId('status-camera'),
        'the camera state never becomes "streaming"');
      for (const id of ['status-runtime', 'status-fps', 'status-captured', 'status-dropped', 'status-classes', 'status-samples', 'status-uptime']) {
        const t = await text(id);
        if (!t || t === '–') throw new Error(`${id} is empty`);
      }
      const classes = await text('status-classes');
      if (classes !== '0') throw new Error(`status says ${classes} classes, expected 0`);
    });

    await step('the catalogue is empty', async () => {
      await page.locator(byId('catalogue-empty')).waitFor({ state: 'visible' });
      const n = await page.locator(byId('class-item')).count();
      if (n !== 0) throw new Error(`${n} classes listed, expected none`);
    });

    await step('"Enroll from camera" with a name: progress shown, button disabled, success', async () => {
      // Record what the form shows while the request runs (it may be quick).
      await page.evaluate(([button, progress]) => {
        const seen = { disabled: false, progress: false };
        window.__enrollSeen = seen;
        const b = document.querySelector(button);
        const p = document.querySelector(progress);
        const look = () => {
          if (b.disabled) seen.disabled = true;
          if (!p.hidden) seen.progress = true;
        };
        new MutationObserver(look).observe(document.body, { subtree: true, attributes: true, childList: true });
      }, [byId('enroll-button'), byId('enroll-progress')]);
      await page.locator(byId('enroll-name')).fill(NAME);
      await page.locator(byId('enroll-button')).click();
      await waitUntil(([ok, bad]) => !document.querySelector(ok).hidden || !document.querySelector(bad).hidden,
        [byId('enroll-result'), byId('enroll-error')], 'neither a result nor an error after enrolling');
      const error = await page.locator(byId('enroll-error')).isVisible();
      if (error) throw new Error(`the page shows: ${await text('enroll-error')}`);
      const seen = await page.evaluate(() => window.__enrollSeen);
      if (!seen.disabled) throw new Error('the button was not disabled during the burst');
      if (!seen.progress) throw new Error('no progress was shown during the burst');
      if (await page.locator(byId('enroll-button')).isDisabled()) throw new Error('the button stays disabled');
    });

    await step('the new class is listed, with its thumbnail and sample count', async () => {
      const item = itemsWithLabel(NAME);
      try {
        await item.waitFor({ state: 'visible', timeout: WAIT_MS });
      } catch (_) {
        const labels = await page.locator(byId('class-label')).allTextContents();
        throw new Error(`no class ${JSON.stringify(NAME)} in the catalogue (it lists ${JSON.stringify(labels)})`);
      }
      const thumb = item.locator(byId('class-thumb'));
      await thumb.scrollIntoViewIfNeeded();
      try {
        await thumb.evaluate((img) => new Promise((resolve, reject) => {
          const t0 = Date.now();
          const poll = () => {
            if (img.complete && img.naturalWidth > 0) resolve();
            else if (Date.now() - t0 > 45_000) reject(new Error('timeout'));
            else setTimeout(poll, 100);
          };
          poll();
        }));
      } catch (_) {
        throw new Error(`the thumbnail ${await thumb.getAttribute('src')} did not load`);
      }
      const alt = await thumb.getAttribute('alt');
      if (!alt || !alt.includes(NAME)) throw new Error(`thumbnail alt text ${JSON.stringify(alt)}`);
      const count = Number(await item.locator(byId('class-samples')).getAttribute('data-count'));
      if (!(count >= 1)) throw new Error(`sample count ${count}`);
      const injected = await item.locator(`${byId('class-label')} i, ${byId('class-label')} b`).count();
      if (injected) throw new Error('the label was interpreted as HTML');
    });

    await step('the class is recognised: the overlay shows its name', async () => {
      await waitText('live-label', NAME, 'live label');
      const known = await page.locator(byId('live-overlay')).getAttribute('data-known');
      if (known !== 'true') throw new Error(`overlay data-known=${known}`);
      if (!/score \d/.test((await text('live-score')) || '')) throw new Error('no score shown');
      if (await page.locator('#live-label i').count()) throw new Error('the overlay label was interpreted as HTML');
    });

    await step('screenshots (desktop full page; phone 390×844) and no sideways scrolling at 360 px', async () => {
      const desktop = path.join(OUT, 'operator.png');
      await page.screenshot({ path: desktop, fullPage: true });
      await page.setViewportSize(NARROWEST);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) throw new Error(`the page is ${overflow} px wider than a 360 px screen`);
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: path.join(OUT, 'operator-phone.png'), fullPage: true });
      await page.setViewportSize(DESKTOP);
      console.log(`# screenshot: ${desktop}`);
    });

    await step('rename the class: new name in the catalogue and on the live label', async () => {
      const item = itemsWithLabel(NAME);
      await item.locator(byId('class-rename')).click();
      const input = item.locator(byId('rename-input'));
      await input.waitFor({ state: 'visible' });
      await input.fill(RENAMED);
      await item.locator(byId('rename-save')).click();
      try {
        await itemsWithLabel(RENAMED).waitFor({ state: 'visible', timeout: WAIT_MS });
      } catch (_) {
        const err = await page.locator(byId('class-error')).allTextContents();
        throw new Error(`the catalogue does not show ${JSON.stringify(RENAMED)} ${err.join(' ')}`);
      }
      if (await itemsWithLabel(NAME).count()) throw new Error('the old name is still listed');
      await waitText('live-label', RENAMED, 'live label after the rename');
    });

    await step('delete the class (with confirmation): gone, label back to unknown', async () => {
      const item = itemsWithLabel(RENAMED);
      await item.locator(byId('class-delete')).click();
      const question = await item.locator(byId('delete-question')).textContent();
      if (!question || !question.includes(RENAMED)) throw new Error(`confirmation asks ${JSON.stringify(question)}`);
      await item.locator(byId('class-delete-confirm')).click();
      try {
        await page.locator(byId('class-item')).first().waitFor({ state: 'detached', timeout: WAIT_MS });
      } catch (_) {
        const err = await page.locator(byId('class-error')).allTextContents();
        throw new Error(`the class is still listed ${err.join(' ')}`);
      }
      await page.locator(byId('catalogue-empty')).waitFor({ state: 'visible' });
      await waitText('live-label', 'unknown', 'live label after the delete');
    });

    await step('no script errors and no Content-Security-Policy violations', async () => {
      if (problems.length) throw new Error(problems.join(' | '));
    });
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
    console.error(`e2e: FAILED: ${e.message}`);
    const shot = path.join(OUT, 'failure.png');
    await page.screenshot({ path: shot, fullPage: true }).then(
      () => console.error(`e2e: the page at the failure: ${shot}`),
      () => {},
    );
    if (problems.length) console.error(`e2e: page problems: ${problems.join(' | ')}`);
    if (consoleTail.length) console.error(`e2e: browser console (last lines):\n  ${consoleTail.join('\n  ')}`);
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (e) {
  failed += 1;
  console.error(`e2e: FAILED: ${e && e.message ? e.message : e}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
