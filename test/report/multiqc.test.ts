import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeMultiqc } from '../../src/report/write.js';
import { describeWithTool } from '../helpers/shared.js';
import { runTool } from '../helpers/cli.js';
import { reportDocument, sampleReport } from './fixture.js';

describeWithTool('multiqc', 'MultiQC custom content', () => {
  it('MultiQC picks up precis_mqc.json and shows the general-stats columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-mqc-'));
    const inDir = join(dir, 'in');
    await writeMultiqc(reportDocument([sampleReport('S1'), sampleReport('S2')]), inDir);
    const out = join(dir, 'out');
    runTool('multiqc', ['-f', '-q', '--no-ansi', '-o', out, inDir]);
    const files = readdirSync(join(out, 'multiqc_data'));
    const gs = readFileSync(join(out, 'multiqc_data', files.find((f) => f.startsWith('multiqc_general_stats'))!), 'utf8');
    const [head, ...rows] = gs.trim().split('\n');
    expect(head).toMatch(/prs_percentile/);
    expect(head).toMatch(/pgx_actionable/);
    expect(head).toMatch(/prs_match_rate/);
    expect(rows.map((r) => r.split('\t')[0]).sort()).toEqual(['S1', 'S2']);
    const html = readFileSync(join(out, 'multiqc_report.html'), 'utf8');
    expect(html).toContain('precis');
  });
});
