// Watches a running run in factory ui as a person leaves the pages open: the run's page shows its
// cell progress moving and turns to succeeded by itself; the runs table turns the run's row to
// succeeded without the page being reloaded.
//
//   node live.mjs BASE_URL RUN_ID OUT_DIR
//
// Exits 0 when both pages followed the run, else 1 naming what did not.
import { chromium } from 'playwright-core';

const [baseUrl, runId, outDir] = process.argv.slice(2);
if (!baseUrl || !runId || !outDir) {
  console.error('usage: node live.mjs BASE_URL RUN_ID OUT_DIR');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
try {
  const table = await browser.newPage();
  let tableLoads = 0;
  table.on('load', () => tableLoads++);
  await table.goto(`${baseUrl}/runs?stage=slow`);
  const row = `table.runs-table tr:has(a[href="/runs/${runId}"])`;
  if ((await table.textContent(row)).indexOf('running') < 0) failures.push('the runs table did not show the run running');

  const run = await browser.newPage();
  await run.goto(`${baseUrl}/runs/${runId}`);
  const seen = new Set();
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const progress = await run.$('.progress');
      if (progress) seen.add((await progress.textContent()).trim());
      if (await run.$('.status.succeeded')) break;
    } catch (e) {
      // the page reloads itself when the run ends: read it again once it has
      if (!/context was destroyed|navigation/i.test(e.message)) throw e;
    }
    await run.waitForTimeout(300);
  }
  await run.screenshot({ path: `${outDir}/run-live-ended.png`, fullPage: true });
  if (!(await run.$('.status.succeeded'))) failures.push('the run page did not turn to succeeded by itself');
  if (seen.size < 2) failures.push(`the run page showed no progress moving: ${[...seen]}`);

  await table.waitForFunction(
    (sel) => document.querySelector(sel)?.textContent.includes('succeeded'), row, { timeout: 15_000 })
    .catch(() => failures.push('the runs table did not turn the row to succeeded'));
  if (tableLoads !== 1) failures.push(`the runs table reloaded the page (${tableLoads} loads) instead of its rows`);
  await table.screenshot({ path: `${outDir}/runs-live.png`, fullPage: true });
  console.log(`progress seen: ${[...seen].join(' | ')}`);
} finally {
  await browser.close();
}
if (failures.length) {
  for (const f of failures) console.error(`FAILED ${f}`);
  process.exit(1);
}
console.log('live: both pages followed the run to its end');
