import type { VcfHeader, VcfRecord, VcfStage } from '../vcf/index.js';
import { VERSION } from '../version.js';
import type { PgxData } from './data.js';
import { callAll, createEngine, type CallOptions, type PgxEngine } from './engine.js';
import type { GeneReport } from './gene-report.js';
import type { OutsideCall } from './outside-calls.js';
import { outsideReport } from './outside-report.js';
import { GenotypeExtractor, type ExtractOptions, type SampleSpec } from './reader-stage.js';
import { Recommender, type DrugReport } from './recommend.js';
import { PrecisError } from '../util/errors.js';

export interface PgxOptions extends CallOptions {
  samples?: SampleSpec;
  gvcfBlocksAsRef: boolean;
  outsideCalls?: Map<string, OutsideCall>;
  /** restrict to these genes */
  genes?: string[];
  /** match CPIC/DPWG recommendations (on by default) */
  recommendations: boolean;
  onWarning?: (msg: string) => void;
}

export interface SamplePgx {
  sample: string;
  genes: GeneReport[];
  drugs: DrugReport[];
}

export interface PgxResult {
  tool: { name: 'precis'; version: string };
  input: string;
  genomeBuild: string | null;
  data: { definitions: string; guidelines: string | null; source: string };
  options: { absentAsRef: boolean; gvcfBlocksAsRef: boolean; allMatches: boolean; combinations: boolean; outsideCalls: string[] };
  records: { read: number; used: number };
  warnings: string[];
  guidelines: Record<string, { name: string; source: string; url: string; pmids: string[]; genes: string[] }>;
  samples: SamplePgx[];
}

export const PGX_STAGE_DEFAULTS: PgxOptions = {
  allMatches: false,
  combinations: false,
  absentAsRef: false,
  gvcfBlocksAsRef: false,
  researchCyp2d6: false,
  maxMissingChecks: 64,
  recommendations: true,
};

/**
 * The pgx work on one VCF as a stage: collects the genotypes at the PGx positions while
 * the file streams, then calls, phenotypes and matches recommendations at the end.
 */
export function createPgxStage(data: PgxData, options: Partial<PgxOptions> = {}): VcfStage<PgxResult> & { engine: PgxEngine } {
  const opts: PgxOptions = { ...PGX_STAGE_DEFAULTS, ...options };
  const engine = createEngine(data, opts.genes);
  const warnings: string[] = [];
  const warn = (m: string): void => {
    warnings.push(m);
    opts.onWarning?.(m);
  };
  const extractOpts: ExtractOptions = { samples: opts.samples, gvcfBlocksAsRef: opts.gvcfBlocksAsRef, onWarning: warn };
  const extractor = new GenotypeExtractor(engine.index, extractOpts);
  return {
    name: 'pgx',
    engine,
    begin(header: VcfHeader, source: string) {
      extractor.begin(header, source);
    },
    accept(rec: VcfRecord) {
      extractor.accept(rec);
    },
    end(): PgxResult {
      const ex = extractor.end();
      if (ex.recordsUsed === 0 && !opts.absentAsRef) {
        throw new PrecisError('LOW_OVERLAP', 'the VCF has none of the PGx definition positions (GRCh38)', {
          file: ex.source,
          hint: 'check the genome build and that the file covers the PGx genes; --absent-as-ref reads absent positions as reference',
        });
      }
      for (const m of ex.refMismatches.slice(0, 5)) warn(`${m.chrom}:${m.pos}: REF ${m.vcfRef} differs from the definition's ${m.definitionRef}; the record was not used`);
      if (ex.refMismatches.length > 5) warn(`${ex.refMismatches.length - 5} more REF mismatches`);
      const calls = callAll(engine, ex, opts);
      const hlaAlleles = (gene: string): string[] => {
        const set = new Set<string>();
        for (const g of data.guidelines) for (const r of g.recommendations) {
          const v = (r.lookupKey as Record<string, unknown>)[gene];
          const m = typeof v === 'string' ? /^(\*\d+:\d+) (positive|negative)$/.exec(v) : null;
          if (m) set.add(m[1]!);
        }
        return [...set].sort();
      };
      const tablesFor = (gene: string) => data.genes.find((g) => g.gene === gene)?.phenotypes ?? data.outsideGenes[gene];
      const recommender = new Recommender(data.guidelines);
      const samples: SamplePgx[] = ex.samples.map((sample, s) => {
        let genes = calls[s]!;
        if (opts.outsideCalls) {
          for (const call of opts.outsideCalls.values()) {
            const rep = outsideReport(call, tablesFor(call.gene), call.gene.startsWith('HLA-') ? hlaAlleles(call.gene) : []);
            const i = genes.findIndex((g) => g.gene === call.gene);
            if (i >= 0) {
              if (s === 0 && genes[i]!.called) warn(`${call.gene}: the outside call replaces the call from the VCF`);
              genes = genes.slice();
              genes[i] = rep;
            } else genes = [...genes, rep];
          }
        }
        const drugs = opts.recommendations ? recommender.recommend(genes) : [];
        return { sample, genes, drugs };
      });
      const guidelines: PgxResult['guidelines'] = {};
      for (const g of data.guidelines) guidelines[g.id] = { name: g.name, source: g.source, url: g.url, pmids: g.pmids, genes: g.genes };
      return {
        tool: { name: 'precis', version: VERSION },
        input: ex.source,
        genomeBuild: ex.genomeBuild,
        data: { definitions: data.manifest.definitionsVersion, guidelines: data.manifest.guidelinesVersion, source: data.manifest.source },
        options: { absentAsRef: opts.absentAsRef, gvcfBlocksAsRef: opts.gvcfBlocksAsRef, allMatches: opts.allMatches, combinations: opts.combinations, outsideCalls: opts.outsideCalls ? [...opts.outsideCalls.keys()] : [] },
        records: { read: ex.recordsRead, used: ex.recordsUsed },
        warnings,
        guidelines,
        samples,
      };
    },
  };
}
