// Walks factory ui in Chromium as a team lead would, against a registry the demo made.
//
//   node ui.mjs BASE_URL OUT_DIR PLAN.json
//
// PLAN.json names what to look at (pages, a stage and metric, runs, a schedule, a hostile run).
// Every page must load with no console error; the runs table sorts by a metric; compare shows the
// differing parameters; the lineage expands a node; a failed run shows its traceback; a schedule
// pauses and resumes; nothing a notebook or a value carries runs script. Screenshots go to OUT_DIR.
// Exits 0 when all hold, else 1 naming each failure.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [baseUrl, outDir, planFile] = process.argv.slice(2);
if (!baseUrl || !outDir || !planFile) {
  console.error('usage: node ui.mjs BASE_URL OUT_DIR PLAN.json');
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const consoleErrors = [];
const dialogs = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`); });
page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });

async function open(path, shot) {
  const response = await page.goto(baseUrl + path, { waitUntil: 'load' });
  if (!response || response.status() !== 200) {
    failures.push(`${path} answered ${response ? response.status() : 'nothing'}`);
  }
  await page.waitForTimeout(150); // the page's script runs on DOMContentLoaded
  if (shot) await page.screenshot({ path: `${outDir}/${shot}.png`, fullPage: true });
}

async function check(name, fn) {
  try {
    const problem = await fn();
    if (problem) failures.push(`${name}: ${problem}`);
    else console.log(`ok: ${name}`);
  } catch (e) {
    failures.push(`${name}: ${e.message}`);
  }
}

await check('every page loads with no console error', async () => {
  for (const [shot, path] of Object.entries(plan.pages)) {
    await open(path, shot);
  }
  return consoleErrors.length ? consoleErrors.join('; ') : undefined;
});

await check('the runs table sorts by a metric', async () => {
  await open(`/runs?stage=${plan.stage}&metrics=${plan.metric}`);
  const column = async () => page.$$eval('table.runs-table tbody tr', (rows, i) =>
    rows.map((r) => r.children[i]?.textContent.trim()).filter((t) => t !== ''), await metricIndex());
  await page.click(`table.runs-table thead th a:text-is("${plan.metric}")`);
  await page.waitForLoadState('load');
  const desc = (await column()).map(Number);
  await page.click(`table.runs-table thead th a:text-is("${plan.metric}")`);
  await page.waitForLoadState('load');
  const asc = (await column()).map(Number);
  await page.screenshot({ path: `${outDir}/runs-sorted.png`, fullPage: true });
  if (desc.length < 2) return `only ${desc.length} values of ${plan.metric} to sort`;
  for (let i = 1; i < desc.length; i++) if (desc[i] > desc[i - 1]) return `not descending: ${desc}`;
  for (let i = 1; i < asc.length; i++) if (asc[i] < asc[i - 1]) return `not ascending: ${asc}`;
  if (!page.url().includes('dir=asc')) return `the address does not keep the order: ${page.url()}`;
  return undefined;
});

async function metricIndex() {
  return page.$$eval('table.runs-table thead th', (ths, m) =>
    ths.findIndex((th) => th.textContent.trim() === m), plan.metric);
}

await check('compare shows the differing parameters', async () => {
  await open(`/metrics?stage=${plan.compareStage}&metric=${plan.compareMetric}`);
  for (const id of plan.compareRuns) await page.check(`input[name=run][value="${id}"]`);
  await Promise.all([page.waitForNavigation(), page.click('button:text-is("compare")')]);
  await page.screenshot({ path: `${outDir}/compare.png`, fullPage: true });
  const differing = await page.$$eval('table.compare tr', (rows) =>
    rows.filter((r) => r.querySelector('td.differs')).map((r) => r.querySelector('th').textContent.trim()));
  if (!differing.includes(plan.differingParameter)) {
    return `parameter ${plan.differingParameter} not shown as differing (differing rows: ${differing})`;
  }
  if ((await page.$('svg.parallel')) === null) return 'no parallel-coordinates chart';
  return undefined;
});

await check('the lineage expands a node', async () => {
  await open(`/lineage?ref=${encodeURIComponent(plan.lineageRef)}`);
  const before = await page.$$eval('.lineage g.node', (n) => n.length);
  const node = await page.$('.lineage g.node.expandable');
  if (!node) return 'no node to expand';
  await Promise.all([page.waitForNavigation(), node.click()]);
  const after = await page.$$eval('.lineage g.node', (n) => n.length);
  await page.screenshot({ path: `${outDir}/lineage-expanded.png`, fullPage: true });
  if (!page.url().includes('expand=')) return `the address did not record the expansion: ${page.url()}`;
  if (after <= before) return `expanding showed no more nodes (${before} then ${after})`;
  return undefined;
});

await check('a failed run shows its traceback', async () => {
  await open(`/runs/${plan.failedRun}`, 'run-failed');
  const text = await page.$$eval('.notebook .error', (e) => e.map((x) => x.textContent).join('\n'));
  if (!text.includes(plan.tracebackText)) return `no traceback with "${plan.tracebackText}" in: ${text.slice(0, 300)}`;
  const banner = await page.textContent('.notebook');
  if (!/An Exception was encountered at/.test(banner)) return "papermill's banner is missing";
  return undefined;
});

await check('a schedule pauses and resumes', async () => {
  await open(`/schedules/${plan.schedule}`);
  await Promise.all([page.waitForNavigation(), page.click('button:text-is("Pause")')]);
  const paused = await page.textContent('.state');
  await Promise.all([page.waitForNavigation(), page.click('button:text-is("Resume")')]);
  const resumed = await page.textContent('.state');
  await page.screenshot({ path: `${outDir}/schedule.png`, fullPage: true });
  if (paused.trim() !== 'paused' || resumed.trim() !== 'active') return `states were ${paused} then ${resumed}`;
  return undefined;
});

await check('nothing a notebook or a value carries runs script', async () => {
  await open(`/runs/${plan.hostileRun}`, 'run-hostile');
  await page.waitForTimeout(500);
  const pwned = await page.evaluate(() => window.__pwned);
  const frames = await page.$$eval('iframe', (fs) => fs.map((f) => f.getAttribute('sandbox')));
  const scripts = await page.$$eval('main script', (s) => s.length);
  const jsLinks = await page.$$eval('main a[href^="javascript:" i]', (a) => a.length);
  for (const a of await page.$$('main a')) {
    if (/click me|link/.test(await a.textContent())) await a.click({ noWaitAfter: true }).catch(() => {});
  }
  await page.waitForTimeout(300);
  const pwnedAfterClicks = await page.evaluate(() => window.__pwned);
  const shown = await page.textContent('main');
  if (pwned || pwnedAfterClicks) return `script ran: ${pwned || pwnedAfterClicks}`;
  if (dialogs.length) return `dialogs opened: ${dialogs}`;
  if (scripts) return `${scripts} script elements in the page's content`;
  if (jsLinks) return `${jsLinks} javascript: links`;
  if (frames.some((s) => s !== '')) return `an iframe without a full sandbox: ${frames}`;
  if (!shown.includes("<script>window.__pwned = 'parameter'</script>")) return 'the hostile parameter is not shown as text';
  return undefined;
});

await browser.close();
if (failures.length) {
  for (const f of failures) console.error(`FAILED ${f}`);
  process.exit(1);
}
console.log('factory ui: every check passed');
