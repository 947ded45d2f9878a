import { createHash } from 'node:crypto';
import { distributionChart, histogramChart, waterfallChart } from './charts.js';
import { esc, fmt, pct, safeUrl } from './escape.js';
import type { CohortSummary, DrugGuidance, ReportDocument, SampleReport, VariantView } from './model.js';

/**
 * One self-contained HTML file per sample: inline CSS and SVG, one small inline script
 * (table sorting) allowed by hash in a Content-Security-Policy that forbids everything
 * else — so even text that slipped past escaping could not run or fetch anything.
 */

const STYLE = `
:root{--ink:#1d1d1f;--muted:#5f6368;--line:#d9dde3;--accent:#1f5f99;--warn:#b3261e;--ok:#2e7d32}
*{box-sizing:border-box}li,p,h1{overflow-wrap:anywhere}td{overflow-wrap:break-word}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:#fff}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;border-bottom:2px solid var(--line);padding-bottom:4px;margin-top:36px}h3{font-size:16px;margin:20px 0 6px}
.banner{background:#fff4e5;border:1px solid #f0c36d;padding:10px 14px;border-radius:6px;margin:12px 0}
.muted{color:var(--muted)}.tag{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#eef2f7;margin-right:4px}
.tag.hi{background:#fde7e9;color:var(--warn)}.tag.ok{background:#e6f4ea;color:var(--ok)}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:14px}th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}th[data-sort]{cursor:pointer}th[data-sort]:after{content:" \\2195";color:var(--muted)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(270px,1fr));gap:12px}.card{border:1px solid var(--line);border-radius:8px;padding:12px}
.card h3{margin-top:0}.chart{max-width:100%;height:auto;font-size:11px}.chart text{font-family:inherit}
nav a{margin-right:12px}code{background:#f6f8fa;padding:0 3px;border-radius:3px}
@media print{nav,.noprint{display:none}main{max-width:none;padding:0}h2{break-after:avoid}table,svg{break-inside:avoid}}
`;

const SORT_SCRIPT = `document.querySelectorAll('table.sortable th[data-sort]').forEach(function(th){th.addEventListener('click',function(){var t=th.closest('table'),b=t.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th),n=th.getAttribute('data-sort')==='num',d=th.getAttribute('data-dir')==='asc'?-1:1;th.setAttribute('data-dir',d===1?'asc':'desc');Array.prototype.slice.call(b.rows).sort(function(x,y){var a=x.cells[i].textContent,c=y.cells[i].textContent;if(n){a=parseFloat(a.replace(/[^0-9eE.+-]/g,''));c=parseFloat(c.replace(/[^0-9eE.+-]/g,''));a=isNaN(a)?-Infinity:a;c=isNaN(c)?-Infinity:c;return (a-c)*d}return a.localeCompare(c)*d}).forEach(function(r){b.appendChild(r)})})});`;

function page(title: string, body: string): string {
  const hash = createHash('sha256').update(SORT_SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main><script>${SORT_SCRIPT}</script></body></html>
`;
}

function groupByDrug(drugs: DrugGuidance[]): [string, DrugGuidance[]][] {
  const m = new Map<string, DrugGuidance[]>();
  for (const d of drugs) {
    const list = m.get(d.drug);
    if (list) list.push(d);
    else m.set(d.drug, [d]);
  }
  return [...m.entries()];
}

function guidanceRows(drugs: DrugGuidance[]): string {
  if (drugs.length === 0) return '<p class="muted">No guideline recommendation matched the called phenotypes.</p>';
  const rows = drugs
    .map((d) => {
      const url = safeUrl(d.url);
      const key = Object.entries(d.lookupKey)
        .map(([g, v]) => `${esc(g)}: ${esc(v)}`)
        .join('; ');
      const flags = [d.dosingChange ? '<span class="tag hi">dose change</span>' : '', d.alternateDrug ? '<span class="tag hi">alternative drug</span>' : ''].join('');
      return `<tr><td><strong>${esc(d.drug)}</strong></td><td>${esc(d.source)}</td><td>${key}</td><td>${esc(d.classification ?? '—')}</td><td>${esc(d.population ?? '—')}</td><td>${flags}${d.implication ? ` ${esc(d.implication)}` : ''}</td><td>${url ? `<a href="${esc(url)}">guideline</a>` : '—'}</td></tr>`;
    })
    .join('');
  return `<table class="sortable"><thead><tr><th data-sort="text">Drug</th><th data-sort="text">Source</th><th>Matched on</th><th data-sort="text">Strength</th><th>Population</th><th>Action</th><th>Link</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function variantRows(vs: VariantView[]): string {
  const rows = vs
    .map(
      (v) =>
        `<tr><td>${esc(v.chrom)}:${esc(v.pos)}</td><td>${esc(v.ref)}&gt;${esc(v.alt)}</td><td>${esc(v.genotype)}</td><td>${esc(v.gene ?? '—')}</td><td>${esc(v.consequence ?? '—')}</td><td>${esc(v.impact ?? '—')}</td><td>${esc(v.hgvsc ?? '')}${v.hgvsp ? `<br>${esc(v.hgvsp)}` : ''}</td><td>${esc(v.clinvar ?? '—')}</td><td class="num">${esc(v.frequency === null ? '—' : fmt(v.frequency, 5))}</td></tr>`,
    )
    .join('');
  return `<table class="sortable"><thead><tr><th data-sort="text">Position</th><th>Change</th><th>GT</th><th data-sort="text">Gene</th><th data-sort="text">Consequence</th><th data-sort="text">Impact</th><th>HGVS</th><th data-sort="text">ClinVar</th><th data-sort="num">Pop. AF</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderSampleHtml(doc: ReportDocument, s: SampleReport): string {
  const p = doc.provenance;
  const parts: string[] = [];
  parts.push(`<header><h1>precis report: ${esc(s.sample)}</h1>
<p class="muted">precis ${esc(p.precisVersion)} · ${esc(p.date)} · genome build ${esc(p.input.genomeBuild ?? 'not declared')} · input ${esc(p.input.path)}</p>
<div class="banner" id="disclaimer"><strong>Research use only.</strong> ${esc(doc.disclaimer)}</div>
<nav class="noprint"><a href="#summary">Summary</a><a href="#pgx">Pharmacogenomics</a><a href="#prs">Polygenic scores</a><a href="#risk">Risk model</a><a href="#variants">Variants</a><a href="#methods">Methods</a></nav></header>`);

  // Summary first: what may change care, then what merely informs.
  const sm = s.summary;
  parts.push(`<section id="summary"><h2>Summary</h2><div class="cards">
<div class="card"><h3>Drug guidance with an action</h3>${sm.actionableDrugs.length ? `<ul>${groupByDrug(sm.actionableDrugs).map(([drug, ds]) => `<li><strong>${esc(drug)}</strong> (${ds.map((d) => `${esc(d.source)}${d.classification && d.classification !== 'N/A' ? ` ${esc(d.classification)}` : ''}`).join(', ')}): ${[...new Set(ds.flatMap((d) => Object.entries(d.lookupKey).map(([g, v]) => `${g} ${v}`)))].map(esc).join(', ')}</li>`).join('')}</ul>` : '<p class="muted">None from the genes called.</p>'}</div>
<div class="card"><h3>Polygenic scores in the top 10%</h3>${sm.highRiskScores.length ? `<ul>${sm.highRiskScores.map((x) => `<li>${esc(x.id)}${x.trait ? ` (${esc(x.trait)})` : ''}: percentile ${esc(fmt(x.percentile, 1))}</li>`).join('')}</ul>` : `<p class="muted">${s.prs ? 'None.' : 'Not computed.'}</p>`}</div>
<div class="card"><h3>Pathogenic / likely pathogenic (ClinVar)</h3>${sm.pathogenicVariants.length ? `<ul>${sm.pathogenicVariants.map((v) => `<li>${esc(v.gene ?? '')} ${esc(v.chrom)}:${esc(v.pos)} ${esc(v.ref)}&gt;${esc(v.alt)} — ${esc(v.clinvar)}</li>`).join('')}</ul>` : `<p class="muted">${s.variants ? 'None found in the annotated variants.' : 'Annotation not run.'}</p>`}</div>
${s.risk ? `<div class="card"><h3>10-year risk (model)</h3><p><strong>${esc(pct(s.risk.risk))}</strong>${s.risk.baseline && s.risk.baseline.risk !== null ? ` · ${esc(s.risk.baseline.name)}: ${esc(pct(s.risk.baseline.risk))}` : ''}</p></div>` : ''}
</div>${s.warnings.length ? `<h3>Warnings</h3><ul>${s.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}</section>`);

  // PGx
  if (s.pgx) {
    const genes = s.pgx.genes
      .map(
        (g) =>
          `<tr><td><strong>${esc(g.gene)}</strong></td><td>${g.called ? esc(g.diplotypes.join(' or ')) : '<span class="tag">not called</span>'}</td><td>${esc(g.phenotype ?? '—')}</td><td>${esc(g.activityScore ?? '—')}</td><td>${esc(g.status)}${g.source !== 'vcf' ? ` <span class="tag">${esc(g.source)}</span>` : ''}</td><td class="num">${esc(g.missingPositions)}</td><td>${esc(g.reason ?? '')}</td></tr>`,
      )
      .join('');
    const notCalled = s.pgx.genes.filter((g) => !g.called);
    parts.push(`<section id="pgx"><h2>Pharmacogenomics</h2>
<table class="sortable"><thead><tr><th data-sort="text">Gene</th><th>Diplotype</th><th data-sort="text">Phenotype</th><th>Activity</th><th data-sort="text">Call status</th><th data-sort="num">Missing positions</th><th>Note</th></tr></thead><tbody>${genes}</tbody></table>
<h3>Drug recommendations</h3>${guidanceRows(s.pgx.drugs)}
${notCalled.length ? `<h3>Not called, and why</h3><ul>${notCalled.map((g) => `<li><strong>${esc(g.gene)}</strong>: ${esc(g.reason ?? 'no call')}</li>`).join('')}</ul>` : ''}</section>`);
  } else parts.push('<section id="pgx"><h2>Pharmacogenomics</h2><p class="muted">Not run.</p></section>');

  // PRS
  if (s.prs) {
    const cards = s.prs.scores
      .map((x) => {
        const top = x.topVariants.length
          ? `<table><thead><tr><th>Variant</th><th>Effect allele</th><th class="num">Weight</th><th class="num">Dosage</th><th class="num">Contribution</th></tr></thead><tbody>${x.topVariants
              .map((v) => `<tr><td>${esc(v.rsid ?? v.variant)}</td><td>${esc(v.effectAllele)}</td><td class="num">${esc(fmt(v.weight, 5))}</td><td class="num">${esc(fmt(v.dosage, 2))}</td><td class="num">${esc(fmt(v.contribution, 5))}</td></tr>`)
              .join('')}</tbody></table>`
          : '';
        return `<div class="card score"><h3>${esc(x.id)}${x.trait ? ` — ${esc(x.trait)}` : ''} ${x.highRisk ? '<span class="tag hi">top 10%</span>' : ''}</h3>
<p>Score ${esc(fmt(x.sum, 5))} · Z ${esc(fmt(x.z, 2))} · percentile ${esc(fmt(x.percentile, 1))} · variants used ${esc(fmt(x.variantsUsed, 0))} · match rate ${esc(pct(x.matchRate))}</p>
${distributionChart(x)}${top}</div>`;
      })
      .join('');
    parts.push(`<section id="prs"><h2>Polygenic scores</h2><p class="muted">Percentiles are against the reference distribution named under each chart; a score is a population-level association, not a diagnosis.</p>${cards}</section>`);
  } else parts.push('<section id="prs"><h2>Polygenic scores</h2><p class="muted">Not run.</p></section>');

  // Risk
  if (s.risk) {
    const r = s.risk;
    parts.push(`<section id="risk"><h2>Risk model</h2>
<p>Model <code>${esc(r.model)}</code> (backend ${esc(r.backend)}): predicted 10-year risk <strong>${esc(pct(r.risk))}</strong>${r.baseline ? `; deterministic baseline ${esc(r.baseline.name)}: <strong>${esc(pct(r.baseline.risk))}</strong>${r.baseline.note ? ` <span class="muted">(${esc(r.baseline.note)})</span>` : ''}` : ''}.</p>
${waterfallChart(r)}
<p class="muted">Exact SHAP values against the model's background cohort: E[f] ${esc(fmt(r.baseValue, 4))} + Σφ = f(x) ${esc(fmt(r.risk, 4))}; completeness residual ${esc(fmt(r.residual, 2))}.</p>
<table><thead><tr><th>Feature</th><th>Value</th><th class="num">φ (SHAP)</th></tr></thead><tbody>${r.contributions.map((c) => `<tr><td>${esc(c.feature)}</td><td>${esc(typeof c.value === 'number' ? fmt(c.value, 3) : (c.value ?? '—'))}</td><td class="num">${esc(fmt(c.phi, 5))}</td></tr>`).join('')}</tbody></table></section>`);
  } else parts.push('<section id="risk"><h2>Risk model</h2><p class="muted">Not run (needs a clinical table: --clinical).</p></section>');

  // Variants
  if (s.variants) {
    parts.push(`<section id="variants"><h2>Notable variants</h2><p class="muted">ClinVar pathogenic/likely pathogenic, and HIGH/MODERATE-impact variants carried by this sample (${esc(s.variants.length)}).</p>${s.variants.length ? variantRows(s.variants) : '<p class="muted">None.</p>'}</section>`);
  } else parts.push('<section id="variants"><h2>Notable variants</h2><p class="muted">Annotation not run.</p></section>');

  parts.push(methods(doc));
  return page(`precis report — ${s.sample}`, parts.join('\n'));
}

function methods(doc: ReportDocument): string {
  const p = doc.provenance;
  const data = p.data
    .map((d) => `<tr><td>${esc(d.name)}</td><td>${esc(d.version)}</td><td>${esc(d.source ?? '')}</td><td>${esc(d.license ?? '')}</td></tr>`)
    .join('');
  return `<section id="methods"><h2>Methods and provenance</h2>
<p>Command: <code>${esc(p.command)}</code></p>
<p>Stages run: ${p.stages.map((x) => `<span class="tag">${esc(x)}</span>`).join('')} · samples in input: ${esc(p.input.samples)} · records read: ${esc(p.input.records)}${p.model ? ` · model ${esc(p.model.name)} ${esc(p.model.version)}` : ''}${p.backend ? ` · backend ${esc(p.backend)}` : ''}</p>
<table><thead><tr><th>Data</th><th>Version</th><th>Source</th><th>Licence</th></tr></thead><tbody>${data}</tbody></table>
${doc.warnings.length ? `<h3>Warnings</h3><ul>${doc.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}
<p class="banner"><strong>Research use only.</strong> ${esc(doc.disclaimer)}</p></section>`;
}

export function renderCohortHtml(doc: ReportDocument, cohort: CohortSummary, links: Map<string, string>): string {
  const parts: string[] = [];
  parts.push(`<h1>precis cohort summary</h1><p class="muted">${esc(cohort.samples)} samples · precis ${esc(doc.provenance.precisVersion)} · ${esc(doc.provenance.date)}</p>
<div class="banner" id="disclaimer"><strong>Research use only.</strong> ${esc(doc.disclaimer)}</div>`);
  parts.push(`<h2>Samples</h2><table class="sortable"><thead><tr><th data-sort="text">Sample</th><th data-sort="num">Actionable drug guidance</th><th data-sort="num">Pathogenic variants</th><th data-sort="num">High-risk scores</th></tr></thead><tbody>${cohort.actionablePerSample
    .map((r) => {
      const href = links.get(r.sample);
      return `<tr><td>${href ? `<a href="${esc(href)}">${esc(r.sample)}</a>` : esc(r.sample)}</td><td class="num">${esc(r.actionable)}</td><td class="num">${esc(r.pathogenic)}</td><td class="num">${esc(r.highRisk)}</td></tr>`;
    })
    .join('')}</tbody></table>`);
  if (cohort.scores.length) parts.push(`<h2>Score distributions</h2>${cohort.scores.map((s) => histogramChart(s.values, `${s.id} (mean ${fmt(s.mean, 4)}, sd ${fmt(s.sd, 4)})`)).join('')}`);
  if (cohort.phenotypeFrequencies.length)
    parts.push(`<h2>PGx phenotype frequencies</h2><table class="sortable"><thead><tr><th data-sort="text">Gene</th><th data-sort="text">Phenotype</th><th data-sort="num">Samples</th></tr></thead><tbody>${cohort.phenotypeFrequencies
      .map((f) => `<tr><td>${esc(f.gene)}</td><td>${esc(f.phenotype)}</td><td class="num">${esc(f.count)}</td></tr>`)
      .join('')}</tbody></table>`);
  parts.push(methods(doc));
  return page('precis cohort summary', parts.join('\n'));
}
