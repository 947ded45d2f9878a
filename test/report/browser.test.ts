import { mkdtempSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { renderSampleHtml } from '../../src/report/html.js';
import { describeWithTool } from '../helpers/shared.js';
import { reportDocument, sampleReport } from './fixture.js';
import { gunzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { REPO_ROOT, runPrecis } from '../helpers/cli.js';

describeWithTool('chromium', 'HTML report in headless Chromium', () => {
  it('loads with no console errors and no network, shows the sections, runs no injected script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-browser-'));
    const s = sampleReport('<script>window.__pwned=1</script>');
    s.variants![0]!.clinvar = '<script>window.__pwned=2</script>';
    s.pgx!.genes[0]!.phenotype = '"><img src=x onerror="window.__pwned=3">';
    const file = join(dir, 'report.html');
    writeFileSync(file, renderSampleHtml(reportDocument([s]), s));

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(pathToFileURL(file).href);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      for (const id of ['summary', 'pgx', 'prs', 'risk', 'variants', 'methods']) expect(await page.locator(`#${id}`).count()).toBe(1);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('h1').innerText()).toContain('<script>window.__pwned=1</script>');
      // sorting script runs under the CSP
      await page.locator('#variants th[data-sort]').first().click();
      expect(errors).toEqual([]);
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(existsSync(shot) && statSync(shot).size > 1000).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('a VCF with <script> in its sample names and INFO values gives a report that runs nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-browser-vcf-'));
    const demo = gunzipSync(readFileSync(join(REPO_ROOT, 'data', 'demo', 'demo.vcf.gz'))).toString('utf8');
    const evil = demo
      .replace(/^##fileformat=VCFv4.2\n/, '##fileformat=VCFv4.2\n##INFO=<ID=NOTE,Number=1,Type=String,Description="<script>window.__pwned=5</script>">\n')
      .replace('\tDEMO1\t', '\t<script>window.__pwned=1</script>\t')
      .replace(/\tPASS\t\.\t/g, '\tPASS\tNOTE=<script>window.__pwned=2</script>\t');
    const vcf = join(dir, 'evil.vcf');
    writeFileSync(vcf, evil);
    const r = runPrecis(['report', vcf, '--no-risk', '-o', join(dir, 'out') + '/', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const pages = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBe(4);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      for (const f of pages) {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        await page.goto(pathToFileURL(join(dir, 'out', f)).href);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(errors).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
