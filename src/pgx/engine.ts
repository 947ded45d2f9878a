import { callGene, type GeneCallOptions } from './call-gene.js';
import type { GeneDefinition, PgxData } from './data.js';
import type { GeneReport } from './gene-report.js';
import { compileGene, type GeneModel } from './matcher.js';
import { SlotIndex } from './positions.js';
import type { ExtractedGenotypes } from './reader-stage.js';
import { buildGeneInput } from './sample-input.js';

/** Genes PharmCAT does not call from VCF; they come from outside calls. */
export const OUTSIDE_ONLY_GENES = new Set(['CYP2D6']);

/** Gene models compiled on first use (a run restricted to a few genes compiles only those). */
export class LazyModels {
  private readonly defs: Map<string, GeneDefinition>;
  private readonly compiled = new Map<string, GeneModel>();

  constructor(defs: GeneDefinition[]) {
    this.defs = new Map(defs.map((d) => [d.gene, d]));
  }

  get(gene: string): GeneModel | undefined {
    let m = this.compiled.get(gene);
    if (!m) {
      const def = this.defs.get(gene);
      if (!def) return undefined;
      this.compiled.set(gene, (m = compileGene(def)));
    }
    return m;
  }
}

export interface PgxEngine {
  data: PgxData;
  index: SlotIndex;
  models: LazyModels;
  genes: GeneDefinition[];
}

/** Compiles the definitions once; `genes` restricts the genes called. */
export function createEngine(data: PgxData, genes?: string[]): PgxEngine {
  const wanted = genes ? new Set(genes) : null;
  const defs = data.genes.filter((g) => (wanted ? wanted.has(g.gene) : true));
  const index = new SlotIndex(defs);
  return { data, index, models: new LazyModels(defs), genes: defs };
}

export interface CallOptions extends GeneCallOptions {
  absentAsRef: boolean;
  /** call CYP2D6 from the VCF (research; PharmCAT reports it only from outside calls) */
  researchCyp2d6: boolean;
}

/** Named-allele calls for every sample and VCF-called gene. */
export function callAll(engine: PgxEngine, ex: ExtractedGenotypes, opts: CallOptions): GeneReport[][] {
  const out: GeneReport[][] = [];
  const genes = engine.genes.filter((g) => opts.researchCyp2d6 || !OUTSIDE_ONLY_GENES.has(g.gene));
  const slotsOf = new Map(genes.map((g) => [g.gene, engine.index.geneSlots(g.gene)]));
  const idsOf = new Map(genes.map((g) => [g.gene, Int32Array.from(slotsOf.get(g.gene)!.map((x) => x.index))]));
  // Samples with identical genotypes over a gene get the same (immutable) report: in a
  // cohort most genes take few distinct genotype patterns.
  const memo = new Map<string, Map<string, GeneReport>>(genes.map((g) => [g.gene, new Map()]));
  for (let s = 0; s < ex.samples.length; s++) {
    const reports: GeneReport[] = [];
    for (const g of genes) {
      const slots = slotsOf.get(g.gene)!;
      const cache = memo.get(g.gene)!;
      const key = ex.store.signature(idsOf.get(g.gene)!, s);
      let rep = cache.get(key);
      if (!rep) {
        const inp = buildGeneInput(g, slots, ex.store, s, opts);
        rep = callGene(engine.models.get(g.gene)!, slots, inp, opts);
        if (cache.size < 100_000) cache.set(key, rep);
      }
      reports.push(rep);
    }
    out.push(reports);
  }
  return out;
}
