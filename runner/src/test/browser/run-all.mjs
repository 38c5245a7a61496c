// Opens notebooks/03-train.ipynb in a running Jupyter Notebook (classic UI) in Chromium, runs all
// cells through the menu as a user would, and checks what the user sees: a table, a chart, the
// lineage graph and no error. Saves a full-page screenshot either way.
//
//   node run-all.mjs BASE_URL TOKEN SCREENSHOT.png
//
// Exits 0 when everything is there, else 1 naming what is missing.
import { chromium } from 'playwright-core';

const [baseUrl, token, screenshot] = process.argv.slice(2);
if (!baseUrl || !token || !screenshot) {
  console.error('usage: node run-all.mjs BASE_URL TOKEN SCREENSHOT.png');
  process.exit(2);
}
const NOTEBOOK = 'notebooks/03-train.ipynb';
const KERNEL_START = 120_000;
const RUN_ALL = 300_000; // the first cells compile Tribuo code in JShell

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  // The background-networking flags keep Chromium from calling out on a closed network.
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
});
let failure;
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
try {
  failure = await runAll(page);
} catch (e) {
  failure = e.message;
} finally {
  await fullPageScreenshot(page).catch((e) => console.error(`no screenshot: ${e.message}`));
  await browser.close();
}
if (failure) {
  console.error(`${NOTEBOOK}: ${failure}`);
  process.exit(1);
}
console.log(`${NOTEBOOK}: ran all cells; a table, a chart and the lineage graph, no error`);

/** Runs the notebook through the UI; returns what is wrong, or undefined. */
async function runAll(page) {
  // The page loads no outside resources here: wait for the notebook app, not the load event.
  await page.goto(`${baseUrl}/${NOTEBOOK}?token=${encodeURIComponent(token)}`, {
    waitUntil: 'domcontentloaded',
  });
  await page
    .waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: KERNEL_START })
    .catch(async () => {
      throw new Error(`the kernel was not idle within ${KERNEL_START / 1000} s: ${await dialogText(page)}`);
    });
  const kernel = (await page.textContent('.kernel_indicator_name'))?.trim();
  if (kernel !== 'Java (Factory)') {
    return `the notebook opened with kernel "${kernel}", not "Java (Factory)"`;
  }

  await page.click('#celllink');
  await page.click('#run_all_cells > a');
  await page
    .waitForFunction(
      () => {
        // Done when every cell has its number, or an error stopped the rest (they stay unrun).
        const prompts = [...document.querySelectorAll('.code_cell .input_prompt')];
        const ran = prompts.length > 0 && prompts.every((p) => /In\s*\[\d+\]/.test(p.textContent));
        const failed = document.querySelector('.output_error') !== null;
        return (
          (ran || failed) &&
          document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null
        );
      },
      null,
      { timeout: RUN_ALL, polling: 500 },
    )
    .catch(async () => {
      const prompts = await page.$$eval('.code_cell .input_prompt', (ps) =>
        ps.map((p) => p.textContent.trim()).join(' '),
      );
      throw new Error(`not every cell ran within ${RUN_ALL / 1000} s (${prompts})`);
    });

  const seen = await page.evaluate(() => ({
    table: document.querySelector('.output_area table') !== null,
    chart: document.querySelector('.output_area img[src^="data:image/png"]') !== null,
    lineage: document.querySelector('.output_area svg') !== null,
    errors: [...document.querySelectorAll('.output_error')].map((e) => e.textContent.trim()),
    tracebacks: [...document.querySelectorAll('.output_stderr')]
      .map((e) => e.textContent)
      .filter((t) => /Exception|Traceback|\tat /.test(t)),
  }));
  const missing = [];
  if (!seen.table) missing.push('no table (an HTML table in an output)');
  if (!seen.chart) missing.push('no chart (a data:image/png <img> in an output)');
  if (!seen.lineage) missing.push('no lineage graph (an <svg> in an output)');
  for (const e of seen.errors) missing.push(`an error output: ${e.slice(0, 500)}`);
  for (const t of seen.tracebacks) missing.push(`a traceback on stderr: ${t.slice(0, 500)}`);
  return missing.length ? missing.join('; ') : undefined;
}

/** The text of an open dialog (such as "Kernel not found"), if any. */
async function dialogText(page) {
  const dialog = await page.$('.modal-dialog');
  return dialog ? `dialog "${(await dialog.textContent()).trim().replace(/\s+/g, ' ')}"` : 'no dialog';
}

/** The notebook scrolls inside #site, so the window grows to the notebook's height first. */
async function fullPageScreenshot(page) {
  const height = await page.evaluate(() => {
    const header = document.querySelector('#header');
    const notebook = document.querySelector('#notebook');
    return (header?.offsetHeight ?? 0) + (notebook?.scrollHeight ?? 0);
  });
  await page.setViewportSize({ width: 1280, height: Math.max(900, Math.min(height + 40, 30_000)) });
  await page.screenshot({ path: screenshot, fullPage: true });
}
