import { describe, expect, it } from 'vitest';
import { renderSampleHtml } from '../../src/report/html.js';
import { esc, safeUrl } from '../../src/report/escape.js';
import { reportDocument, sampleReport } from './fixture.js';

describe('HTML report', () => {
  it('escapes every input-derived string', () => {
    expect(esc('<script>alert(1)</script>&"\'')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;');
    const evil = '<script>window.__pwned=1</script>';
    const s = sampleReport(evil);
    s.variants![0]!.gene = `<img src=x onerror="window.__pwned=2">`;
    const html = renderSampleHtml(reportDocument([s]), s);
    expect(html).not.toContain(evil);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
  });

  it('drops non-http links', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('https://cpicpgx.org/x')).toBe('https://cpicpgx.org/x');
  });

  it('is self-contained: no external resource references', () => {
    const s = sampleReport('S1');
    const html = renderSampleHtml(reportDocument([s]), s);
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).toMatch(/Content-Security-Policy/);
    for (const id of ['summary', 'pgx', 'prs', 'risk', 'variants', 'methods', 'disclaimer']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('Research use only');
  });
});
