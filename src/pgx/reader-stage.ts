import { GenotypeScanner, contigKey, selectSamples, type VcfHeader, type VcfRecord, type VcfStage } from '../vcf/index.js';
import { PrecisError } from '../util/errors.js';
import { GenotypeStore } from './genotypes.js';
import type { PgxSlot, SlotIndex } from './positions.js';
import { recordAlleleMap } from './representation.js';

export interface SampleSpec {
  list?: string;
  file?: string;
  force?: boolean;
}

export interface ExtractOptions {
  samples?: SampleSpec;
  /** read gVCF reference blocks (ALT only <NON_REF>/<*>, INFO/END) as 0/0 at the positions they cover */
  gvcfBlocksAsRef: boolean;
  onWarning?: (msg: string) => void;
}

export interface ExtractedGenotypes {
  source: string;
  samples: string[];
  store: GenotypeStore;
  /** records that touched at least one PGx position */
  recordsUsed: number;
  recordsRead: number;
  refMismatches: { chrom: string; pos: number; vcfRef: string; definitionRef: string }[];
  genomeBuild: string | null;
}

const isBlockAlt = (a: string): boolean => a === '<NON_REF>' || a === '<*>';

/**
 * Reads the genotypes at the PGx positions of every sample in one pass. Records are
 * placed on definition positions by sequence (see representation.ts); split multi-allelic
 * records merge into one genotype; PS phase sets are kept.
 */
export class GenotypeExtractor implements VcfStage<ExtractedGenotypes> {
  readonly name = 'pgx-genotypes';
  private readonly index: SlotIndex;
  private readonly opts: ExtractOptions;
  private scanner!: GenotypeScanner;
  private store!: GenotypeStore;
  private samples: string[] = [];
  private select: Int32Array | null = null;
  private source = '';
  private build: string | null = null;
  private lastChrom = '';
  private lastList: PgxSlot[] | undefined;
  private recordsUsed = 0;
  private recordsRead = 0;
  private recordsWithoutGt = 0;
  private readonly mismatches: ExtractedGenotypes['refMismatches'] = [];

  constructor(index: SlotIndex, opts: ExtractOptions) {
    this.index = index;
    this.opts = opts;
  }

  begin(header: VcfHeader, source: string): void {
    this.source = source;
    this.build = header.build ?? null;
    if (header.samples.length === 0) {
      throw new PrecisError('BAD_DATA', 'the VCF has no sample columns; pgx calls genotypes per sample', { file: source, hint: 'pass a VCF with FORMAT/GT and at least one sample' });
    }
    if (header.build === 'GRCh37') {
      throw new PrecisError('BUILD_MISMATCH', 'the VCF is GRCh37; the PGx definitions are GRCh38', { file: source, hint: 'lift the VCF over to GRCh38 first' });
    }
    const sel = selectSamples(header.samples, this.opts.samples ?? {}, (u) => this.opts.onWarning?.(`ignoring unknown sample(s): ${u.join(', ')}`));
    if (sel.names.length === 0) throw new PrecisError('USAGE', 'no samples left after -s/-S');
    this.samples = sel.names;
    this.select = sel.identity ? null : sel.select;
    this.scanner = new GenotypeScanner(header.samples.length, this.select);
    this.store = new GenotypeStore(this.index.slots.length, sel.names.length);
  }

  accept(rec: VcfRecord): void {
    this.recordsRead++;
    if (rec.chrom !== this.lastChrom) {
      this.lastChrom = rec.chrom;
      this.lastList = this.index.contig(contigKey(rec.chrom));
    }
    const list = this.lastList;
    if (!list) return;
    const pos = rec.pos;
    const ref = rec.ref;
    const alts = rec.alts;
    const block = alts.length > 0 && alts.every(isBlockAlt);
    const end = block ? rec.end : pos + ref.length - 1;
    const hits = this.index.overlapping(list, pos, end);
    if (hits.length === 0) return;
    let g: ReturnType<GenotypeScanner['scan']> | null = null;
    let ps: Int32Array | null | undefined;
    for (const slot of hits) {
      let map: Int32Array | null;
      let onlyRef = false;
      if (block && slot.pos > pos) {
        if (!this.opts.gvcfBlocksAsRef) continue;
        map = new Int32Array(alts.length + 1).fill(-1);
        map[0] = 0;
        onlyRef = true;
      } else {
        map = recordAlleleMap(slot, pos, ref, alts);
        if (map === null) {
          if (slot.pos === pos && ref.length === slot.ref.length && ref !== slot.ref) this.mismatches.push({ chrom: rec.chrom, pos, vcfRef: ref, definitionRef: slot.ref });
          continue;
        }
      }
      if (g === null) {
        g = this.scanner.scan(rec);
        if (!g.hasGt) {
          this.recordsWithoutGt++;
          return;
        }
        ps = this.phaseSets(rec);
      }
      this.store.merge(slot.index, g, map, ps ?? null, onlyRef);
    }
    if (g !== null) this.recordsUsed++;
  }

  private phaseSets(rec: VcfRecord): Int32Array | null {
    if (!rec.formatKeys.includes('PS')) return null;
    const values = rec.formatValues('PS');
    const out = new Int32Array(this.samples.length);
    values.forEach((v, col) => {
      const slot = this.select === null ? col : this.select[col]!;
      if (slot >= 0 && slot < out.length) out[slot] = this.store.phaseSetId(v);
    });
    return out;
  }

  end(): ExtractedGenotypes {
    if (this.recordsUsed === 0 && this.recordsWithoutGt > 0) {
      throw new PrecisError('BAD_DATA', `the ${this.recordsWithoutGt} record(s) at PGx positions have no FORMAT/GT`, { file: this.source, hint: 'pgx reads genotypes (GT); a sites-only or dosage-only VCF cannot be called' });
    }
    return { source: this.source, samples: this.samples, store: this.store, recordsUsed: this.recordsUsed, recordsRead: this.recordsRead, refMismatches: this.mismatches, genomeBuild: this.build };
  }
}
