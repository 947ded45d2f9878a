import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, runPrecis, runTool } from '../helpers/cli.js';
import { describeShared, describeWithTool, sharedPath } from '../helpers/shared.js';

// parsed --gff models are cached; keep that cache out of the home directory
process.env.PRECIS_CACHE_DIR ??= mkdtempSync(join(tmpdir(), 'precis-annotate-cache-'));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'precis-annotate-'));
});

const demo = (): string => sharedPath('annotation-reference', 'vep-grch38-chr21', 'test.vcf');
const samd11 = (f: string): string => sharedPath('annotation-reference', 'bcftools-csq', 'cases', 'ENST00000341065', f);

describeShared('precis annotate (CLI)', () => {
  it('annotates the demo VCF with the embedded bundle and no flags', () => {
    const r = runPrecis(['annotate', demo()]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.some((l) => l.startsWith('##INFO=<ID=CSQ,') && l.includes('Format: Allele|Consequence|IMPACT|SYMBOL|Gene|'))).toBe(true);
    const records = lines.filter((l) => l !== '' && !l.startsWith('#'));
    expect(records).toHaveLength(132);
    for (const l of records) expect(l.split('\t')[7]).toMatch(/CSQ=/);
    expect(r.stdout).toContain('MRPL39');
    expect(r.stdout).toMatch(/^##precisVersion=/m);
    expect(r.stdout).toMatch(/^##precisCommand=/m);
    // --no-version drops the version and command lines, not the data provenance
    const quiet = runPrecis(['annotate', demo(), '--no-version']);
    expect(quiet.stdout).not.toMatch(/^##precis(Version|Command)=/m);
    expect(quiet.stdout).toMatch(/^##precisAnnotate=<geneModels=/m);
  });

  it('JSON Lines: one object per variant and ALT with the documented shape; --pick keeps one consequence', () => {
    const r = runPrecis(['annotate', demo(), '-O', 'j', '--pick']);
    expect(r.status).toBe(0);
    const objs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs).toHaveLength(132);
    for (const o of objs) {
      expect(Object.keys(o)).toEqual(expect.arrayContaining(['chrom', 'pos', 'ref', 'alt', 'consequences', 'mostSevere', 'clinvar', 'frequencies', 'custom']));
      expect((o.consequences as unknown[]).length).toBe(1);
      expect((o.consequences as { picked: boolean }[])[0]!.picked).toBe(true);
    }
    const withFreq = objs.filter((o) => o.frequencies !== null);
    expect(withFreq.length).toBeGreaterThan(100);
  });

  it('writes the summary document for the report', () => {
    const out = join(dir, 'demo.vcf');
    const sum = join(dir, 'demo.summary.json');
    const r = runPrecis(['annotate', demo(), '-o', out, '--summary', sum]);
    expect(r.status).toBe(0);
    const s = JSON.parse(readFileSync(sum, 'utf8')) as { schemaVersion: string; researchUseOnly: boolean; summary: { records: number; alleles: number; byImpact: Record<string, number> }; provenance: { geneModels: { release: string } }; notable: unknown[] };
    expect(s.schemaVersion).toBe('1.0');
    expect(s.researchUseOnly).toBe(true);
    expect(s.summary.records).toBe(132);
    expect(Object.values(s.summary.byImpact).reduce((a, b) => a + b, 0)).toBe(132);
    expect(s.provenance.geneModels.release).toMatch(/Ensembl 84/);
  });

  it('usage and data errors: one line, right exit code, no output file left behind', () => {
    const out = join(dir, 'never.vcf');
    const a = runPrecis(['annotate', demo(), '--pick', '--per-gene', '-o', out]);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/^precis: error: .*--pick and --per-gene/m);
    const b = runPrecis(['annotate', join(dir, 'missing.vcf'), '-o', out]);
    expect(b.status).toBe(1);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    const badGff = join(dir, 'bad.gff3');
    writeFileSync(badGff, '##gff-version 3\nchr1\tx\tgene\t10\n');
    const c = runPrecis(['annotate', demo(), '-g', badGff, '-o', out]);
    expect(c.status).toBe(1);
    expect(c.stderr).toMatch(/bad\.gff3:2: expected 9 tab-separated/);
    expect(c.stderr).not.toMatch(/\n\s+at /);
    const bad = join(dir, 'bad.vcf');
    writeFileSync(bad, `${readFileSync(demo(), 'utf8')}21\tnotanumber\t.\tA\tG\t.\t.\t.\tGT\t0|1\n`);
    const d = runPrecis(['annotate', bad, '-o', out]);
    expect(d.status).toBe(1);
    expect(d.stderr).toMatch(/bad\.vcf:140: POS "notanumber"/);
    expect(existsSync(out)).toBe(false);
  });

  it('a record with the wrong number of sample columns is an error even where no genotype is read (no codon, no FASTA)', () => {
    const out = join(dir, 'never-columns.vcf');
    const bad = join(dir, 'columns.vcf');
    // HG00096 is the one sample: this record carries two
    writeFileSync(bad, `${readFileSync(demo(), 'utf8')}21\t25585800\t.\tA\tG\t.\t.\t.\tGT\t0|1\t1|1\n`);
    for (const args of [['-o', out], ['-O', 'j', '-o', out]]) {
      const r = runPrecis(['annotate', bad, ...args]);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual(['precis: error: ' + bad + ':140: expected 10 columns (9 + 1 samples), found 11']);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('REF mismatches against the FASTA: warned and counted, or fatal with --strict-ref', () => {
    const vcf = join(dir, 'mismatch.vcf');
    writeFileSync(vcf, '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t18826\t.\tT\tA\t.\t.\t.\n1\t18826\t.\tG\tA\t.\t.\t.\n');
    const args = ['annotate', vcf, '-g', samd11('ENST00000341065.gff'), '-f', samd11('ENST00000341065.fa'), '--no-bundle'];
    const ok = runPrecis([...args, '-O', 'j']);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toMatch(/REF T differs from the FASTA \(G\)/);
    const [first, second] = ok.stdout.trim().split('\n').map((l) => JSON.parse(l) as { refMismatch?: boolean; consequences: { terms: string[] }[] });
    expect(first!.refMismatch).toBe(true);
    expect(first!.consequences[0]!.terms).toEqual(['coding_sequence_variant']);
    expect(second!.consequences[0]!.terms).toEqual(['missense_variant']);
    const strict = runPrecis([...args, '--strict-ref']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/mismatch\.vcf:3: REF T does not match the reference FASTA/);
  });

  it('contig names: RefSeq accessions match plain names; contigs the gene models lack are warned about and counted', () => {
    const vcf = join(dir, 'contigs.vcf');
    writeFileSync(vcf, '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nNC_000001.11\t18826\t.\tG\tA\t.\t.\t.\nchrUn_KI270302v1\t10\t.\tA\tC\t.\t.\t.\nchrUn_KI270302v1\t20\t.\tA\tC\t.\t.\t.\n');
    const summary = join(dir, 'contigs.json');
    const r = runPrecis(['annotate', vcf, '-g', samd11('ENST00000341065.gff'), '-f', samd11('ENST00000341065.fa'), '--no-bundle', '-O', 'j', '--summary', summary]);
    expect(r.status).toBe(0);
    const [refseq, unplaced] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { chrom: string; mostSevere: string });
    // NC_000001.11 is GRCh38's chromosome 1: the GFF's and FASTA's `1`
    expect([refseq!.chrom, refseq!.mostSevere]).toEqual(['NC_000001.11', 'missense_variant']);
    expect(unplaced!.mostSevere).toBe('intergenic_variant');
    expect(r.stderr).toMatch(/^precis: warning: 2 allele\(s\) on contig\(s\) the gene models do not cover \(chrUn_KI270302v1\)/m);
    const s = JSON.parse(readFileSync(summary, 'utf8')) as { summary: { unknownContig: number; unknownContigs: string[] } };
    expect([s.summary.unknownContig, s.summary.unknownContigs]).toEqual([2, ['chrUn_KI270302v1']]);
    expect(runPrecis(['annotate', vcf, '-g', samd11('ENST00000341065.gff'), '--no-bundle', '-q', '-o', join(dir, 'q.vcf')]).stderr).toBe('');
  });

  it('a FASTA that names its contigs unlike the gene models is warned about and counted, not passed over in silence', () => {
    // the case's FASTA under another contig name: the gene models' contig 1 has no sequence
    const fa = join(dir, 'renamed.fa');
    writeFileSync(fa, readFileSync(samd11('ENST00000341065.fa'), 'utf8').replace(/^>\S+/, '>contig_7'));
    const vcf = join(dir, 'renamed.vcf');
    writeFileSync(vcf, '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t18826\t.\tG\tA\t.\t.\t.\n1\t18827\t.\tC\tT\t.\t.\t.\n');
    const summary = join(dir, 'renamed.json');
    const r = runPrecis(['annotate', vcf, '-g', samd11('ENST00000341065.gff'), '-f', fa, '--no-bundle', '-O', 'j', '--summary', summary]);
    expect(r.status).toBe(0);
    const first = JSON.parse(r.stdout.split('\n')[0]!) as { consequences: { terms: string[]; aminoAcids?: string }[] };
    // without the sequence, the coding change is known only as such
    expect(first.consequences[0]!.terms).toEqual(['coding_sequence_variant']);
    expect(r.stderr).toMatch(/^precis: warning: 2 allele\(s\) on contig\(s\) that \S+renamed\.fa does not hold \(1\): annotated without codons, amino acids or HGVSp; .*\(its own: contig_7\)/m);
    const s = JSON.parse(readFileSync(summary, 'utf8')) as { summary: { noReferenceSequence: number; noReferenceContigs: string[] } };
    expect([s.summary.noReferenceSequence, s.summary.noReferenceContigs]).toEqual([2, ['1']]);
    // with the FASTA's own names, no warning
    const ok = runPrecis(['annotate', vcf, '-g', samd11('ENST00000341065.gff'), '-f', samd11('ENST00000341065.fa'), '--no-bundle', '-O', 'j']);
    expect(ok.stderr).not.toMatch(/does not hold/);
    expect((JSON.parse(ok.stdout.split('\n')[0]!) as { consequences: { terms: string[] }[] }).consequences[0]!.terms).toEqual(['missense_variant']);
  });

  it('--synonyms: a VEP synonym table makes names one contig that no built-in alias does, on one thread or two', () => {
    // the case's contig renamed as Ensembl names an unplaced scaffold; the VCF uses UCSC's name for it
    const gff = join(dir, 'syn.gff3');
    writeFileSync(gff, readFileSync(samd11('ENST00000341065.gff'), 'utf8').replace(/^1\t/gm, 'KI270721.1\t'));
    const fa = join(dir, 'syn.fa');
    writeFileSync(fa, readFileSync(samd11('ENST00000341065.fa'), 'utf8').replace(/^>\S+/, '>KI270721.1'));
    const vcf = join(dir, 'syn.vcf');
    writeFileSync(vcf, '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr11_KI270721v1_random\t18826\t.\tG\tA\t.\t.\t.\n');
    const synonyms = sharedPath('annotation-reference', 'vep-grch38-chr21', 'chr_synonyms.txt');
    expect(readFileSync(synonyms, 'utf8')).toMatch(/^KI270721\.1\tchr11_KI270721v1_random$/m);
    const mostSevere = (extra: string[], env?: Record<string, string>): [string, string] => {
      const r = runPrecis(['annotate', vcf, '-g', gff, '-f', fa, '--no-bundle', '--no-cache', '-O', 'j', ...extra], { env });
      expect(r.status).toBe(0);
      return [(JSON.parse(r.stdout.split('\n')[0]!) as { mostSevere: string }).mostSevere, r.stderr];
    };
    const [without, warned] = mostSevere([]);
    expect(without).toBe('intergenic_variant');
    expect(warned).toMatch(/contig\(s\) the gene models do not cover \(chr11_KI270721v1_random\)/);
    expect(mostSevere(['--synonyms', synonyms])).toEqual(['missense_variant', '']);
    expect(mostSevere(['--synonyms', synonyms, '--threads', '2'], { PRECIS_ANNOTATE_JOB_BYTES: '64' })[0]).toBe('missense_variant');
    const missing = runPrecis(['annotate', vcf, '-g', gff, '--no-bundle', '--synonyms', join(dir, 'nope.txt')]);
    expect([missing.status, missing.stderr.trim().split('\n').length]).toEqual([1, 1]);
    expect(missing.stderr).toMatch(/nope\.txt.*no such file/);
  });

  it("a vcfanno [[postannotation]] block is not read, and one warning says so", () => {
    const toml = join(dir, 'post.toml');
    writeFileSync(toml, `[[annotation]]\nfile="${demo()}"\nfields=["ID"]\nops=["self"]\nnames=["demo_id"]\n\n[[postannotation]]\nfields=["demo_id"]\nop="lua:demo_id"\nname="again"\ntype="String"\n`);
    const r = runPrecis(['annotate', demo(), '--no-consequences', '--no-bundle', '--sources', toml, '--fields', 'Allele,demo_id', '-o', join(dir, 'post.vcf')]);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^precis: warning: \S+post\.toml: \[\[postannotation\]\] \(line 7\) not read: precis reads only \[\[annotation\]\] blocks/)]);
    // a config that names nothing is said to, once
    const empty = join(dir, 'empty.toml');
    writeFileSync(empty, '# nothing yet\n');
    const e = runPrecis(['annotate', demo(), '--no-consequences', '--no-bundle', '--sources', empty, '-o', join(dir, 'empty.vcf')]);
    expect([e.status, e.stderr.trim()]).toEqual([0, expect.stringMatching(/^precis: warning: \S+empty\.toml: names no sources/)]);
  });

  it("the opt-in VEP fields TSL, CCDS, ENSP and VARIANT_CLASS carry the GFF3's values and the ALT's class", () => {
    const r = runPrecis(['annotate', demo(), '--fields', 'Allele,Feature,TSL,CCDS,ENSP,VARIANT_CLASS']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^##INFO=<ID=CSQ,.*Format: Allele\|Feature\|TSL\|CCDS\|ENSP\|VARIANT_CLASS">$/m);
    // expected straight from the bundle's GFF3 text: transcript_support_level and the CDS lines' protein_id
    const gff = gunzipSync(readFileSync(join(REPO_ROOT, 'data', 'annotate', 'grch38-chr21.genes.gff3.gz'))).toString('utf8');
    const tsl = new Map([...gff.matchAll(/ID=transcript:([^;\n]+);[^\n]*transcript_support_level=(\d)/g)].map((m) => [m[1]!, m[2]!]));
    const ensp = new Map(
      [...gff.matchAll(/\tCDS\t[^\n]*Parent=([^;\n]+);[^\n]*protein_id=(ENSP\d+)/g)].flatMap((m) => m[1]!.split(',').map((p) => [p.replace('transcript:', ''), m[2]!] as [string, string])),
    );
    let checked = 0;
    const classes = new Set<string>();
    for (const line of r.stdout.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      for (const entry of /CSQ=([^;\t]*)/.exec(line)![1]!.split(',')) {
        const [, feature, t, , p, cls] = entry.split('|');
        classes.add(cls!);
        if (!feature) continue;
        const id = feature.replace(/\.\d+$/, '');
        expect(`${id} ${t} ${p}`).toBe(`${id} ${tsl.get(id) ?? ''} ${ensp.get(id) ?? ''}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
    // VEP's test VCF holds SNVs only (csq-format.test.ts covers the other classes)
    expect([...classes]).toEqual(['SNV']);
  });

  it('custom sources from a JSON config appear in CSQ via --fields', () => {
    const conf = join(dir, 'sources.json');
    const d = sharedPath('annotation-reference', 'vep-grch38-chr21');
    writeFileSync(conf, JSON.stringify({ custom: [{ file: join(d, 'test.bed.gz'), columns: [4], ops: ['concat'], names: ['bedname'] }] }));
    const r = runPrecis(['annotate', demo(), '--sources', conf, '--pick', '--fields', 'Allele,Consequence,bedname', '-t', '21:25585733']);
    expect(r.status).toBe(0);
    const rec = r.stdout.split('\n').find((l) => l.startsWith('21\t25585733'))!;
    expect(rec).toMatch(/CSQ=T\|[a-z_&]+\|test1&test2/);
  });

  it('without --fields, the custom sources\' names follow the default CSQ fields', () => {
    const conf = join(dir, 'sources-default.json');
    const d = sharedPath('annotation-reference', 'vep-grch38-chr21');
    writeFileSync(conf, JSON.stringify({ custom: [{ file: join(d, 'test.bed.gz'), columns: [4], ops: ['concat'], names: ['bedname'] }] }));
    const r = runPrecis(['annotate', demo(), '--sources', conf, '--pick', '-t', '21:25585733']);
    expect(r.status).toBe(0);
    const format = /^##INFO=<ID=CSQ,.*Format: ([^"]+)">$/m.exec(r.stdout)![1]!.split('|');
    expect(format.at(-1)).toBe('bedname');
    expect(format.length).toBe(33);
    const csq = /CSQ=([^;\t]+)/.exec(r.stdout.split('\n').find((l) => l.startsWith('21\t25585733'))!)![1]!.split('|');
    expect(csq).toHaveLength(33);
    expect(csq.at(-1)).toBe('test1&test2');
  });

  it('a custom source name that is a CSQ field precis fills, or that breaks the CSQ format, is refused', () => {
    const d = sharedPath('annotation-reference', 'vep-grch38-chr21');
    for (const name of ['AF', 'my score', 'a|b']) {
      const conf = join(dir, `bad-name-${name.length}.json`);
      writeFileSync(conf, JSON.stringify({ custom: [{ file: join(d, 'test.bed.gz'), columns: [4], ops: ['concat'], names: [name] }] }));
      const r = runPrecis(['annotate', demo(), '--sources', conf]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`custom source name "${name}"`);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a source with no data lines (empty, or headers only) is warned about, and matches nothing', () => {
    const freq = join(dir, 'no-rows.vcf');
    writeFileSync(freq, '##fileformat=VCFv4.2\n##INFO=<ID=AF,Number=A,Type=Float,Description="AF">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n');
    const bed = join(dir, 'no-rows.bed');
    writeFileSync(bed, '');
    const conf = join(dir, 'no-rows.json');
    writeFileSync(conf, JSON.stringify({ custom: [{ file: bed, columns: [4], ops: ['max'], names: ['score'] }] }));
    const r = runPrecis(['annotate', demo(), '--no-bundle', '--no-consequences', '--frequencies', freq, '--sources', conf, '--fields', 'Allele,AF,score']);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      `precis: warning: ${freq}: no data lines (empty, or headers only): the fields it gives stay empty`,
      `precis: warning: ${bed}: no data lines (empty, or headers only): the fields it gives stay empty`,
    ]);
    for (const l of r.stdout.split('\n').filter((x) => x !== '' && !x.startsWith('#'))) expect(l).toMatch(/CSQ=[^|;,]+\|\|(,[^|;,]+\|\|)*(;|\t|$)/);
    expect(runPrecis(['annotate', demo(), '--no-bundle', '--no-consequences', '--frequencies', freq, '-q']).stderr).toBe('');
  });

  it('re-annotating a VCF that already has a CSQ: one CSQ header line, one CSQ value per record', () => {
    const once = join(dir, 'once.vcf');
    expect(runPrecis(['annotate', demo(), '-o', once]).status).toBe(0);
    const r = runPrecis(['annotate', once, '--fields', 'Allele,Consequence,SYMBOL']);
    expect(r.status).toBe(0);
    const csqHeaders = r.stdout.split('\n').filter((l) => l.startsWith('##INFO=<ID=CSQ,'));
    expect(csqHeaders).toHaveLength(1);
    expect(csqHeaders[0]).toContain('Format: Allele|Consequence|SYMBOL">');
    for (const l of r.stdout.split('\n').filter((x) => x !== '' && !x.startsWith('#'))) {
      const info = l.split('\t')[7]!;
      expect(info.match(/(^|;)CSQ=/g)).toHaveLength(1);
      expect(/CSQ=([^;]*)/.exec(info)![1]!.split(',')[0]!.split('|')).toHaveLength(3);
    }
  });

  interface JsonConsequence {
    transcript: string | null;
    terms: string[];
    distance?: number;
  }
  const consequencesOf = (stdout: string): { pos: number; alt: string; consequences: JsonConsequence[] }[] =>
    stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { pos: number; alt: string; consequences: JsonConsequence[] });
  const isFlank = (c: JsonConsequence): boolean => c.terms.includes('upstream_gene_variant') || c.terms.includes('downstream_gene_variant');

  it('--distance UP,DOWN limits upstream and downstream entries, as VEP does; the other entries stay as they were', () => {
    const all = consequencesOf(runPrecis(['annotate', demo(), '-O', 'j', '-q']).stdout);
    const near = consequencesOf(runPrecis(['annotate', demo(), '-O', 'j', '-q', '--distance', '2000,500']).stdout);
    expect(near).toHaveLength(all.length);
    const flanks = (list: typeof all, term: string): number[] => list.flatMap((a) => a.consequences.filter((c) => c.terms.includes(term)).map((c) => c.distance!));
    // the demo has flanking entries from 7 bp to ~4.9 kb
    expect(flanks(all, 'upstream_gene_variant').length).toBeGreaterThan(20);
    expect(flanks(near, 'upstream_gene_variant')).toEqual(flanks(all, 'upstream_gene_variant').filter((d) => d <= 2000));
    expect(flanks(near, 'downstream_gene_variant')).toEqual(flanks(all, 'downstream_gene_variant').filter((d) => d <= 500));
    expect(flanks(near, 'downstream_gene_variant').length).toBeGreaterThan(0);
    for (let i = 0; i < all.length; i++) {
      expect(near[i]!.consequences.filter((c) => !isFlank(c) && c.transcript !== null)).toEqual(all[i]!.consequences.filter((c) => !isFlank(c) && c.transcript !== null));
    }
    const none = consequencesOf(runPrecis(['annotate', demo(), '-O', 'j', '-q', '--distance', '0']).stdout);
    expect(none.flatMap((a) => a.consequences).filter(isFlank)).toEqual([]);
    for (const bad of ['-5', '1,2,3', 'far']) {
      const r = runPrecis(['annotate', demo(), '--distance', bad]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`precis: error: --distance expects a number of bases, or UPSTREAM,DOWNSTREAM, got "${bad}"`]);
    }
  });

  it('fields written without HGVS are the same as with it (HGVS is then not computed)', () => {
    const fields = ['Allele', 'Consequence', 'Feature', 'EXON', 'INTRON', 'cDNA_position', 'CDS_position', 'Protein_position', 'Amino_acids', 'Codons', 'DISTANCE', 'FLAGS', 'PICK'];
    const full = ['Allele', 'Consequence', 'IMPACT', 'SYMBOL', 'Gene', 'Feature_type', 'Feature', 'BIOTYPE', 'EXON', 'INTRON', 'HGVSc', 'HGVSp', 'cDNA_position', 'CDS_position', 'Protein_position', 'Amino_acids', 'Codons', 'Existing_variation', 'DISTANCE', 'STRAND', 'FLAGS', 'PICK'];
    const csqs = (stdout: string): string[] => stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => /CSQ=([^;\t]*)/.exec(l)![1]!);
    let indels = 0;
    let proteins = 0;
    const vcfs = readdirSync(samd11('.')).filter((f) => f.endsWith('.vcf'));
    expect(vcfs.length).toBeGreaterThan(10);
    for (const v of vcfs) {
      const base = ['annotate', samd11(v), '-g', samd11('ENST00000341065.gff'), '-f', samd11('ENST00000341065.fa'), '--no-bundle', '-q'];
      const withHgvs = runPrecis([...base, '--fields', full.join(',')]);
      const without = runPrecis([...base, '--fields', fields.join(',')]);
      expect(withHgvs.status).toBe(0);
      proteins += withHgvs.stdout.split('|ENSP00000349216:p.').length - 1;
      indels += withHgvs.stdout.split('\n').filter((l) => /^1\t\d+\t[^\t]*\t[ACGT]+\t[ACGT]+/.test(l) && l.split('\t')[3]!.length !== l.split('\t')[4]!.length).length;
      const projected = csqs(withHgvs.stdout).map((csq) => csq.split(',').map((e) => fields.map((f) => e.split('|')[full.indexOf(f)]).join('|')).join(','));
      expect(csqs(without.stdout)).toEqual(projected);
    }
    expect(indels).toBeGreaterThan(3);
    expect(proteins).toBeGreaterThan(3);
  });
});

describeShared('precis annotate output in real clients', () => {
  describeWithTool('bcftools', 'real clients read precis output', () => {
    it('bgzip + tabix index readable by bcftools view and tabix', () => {
      const out = join(dir, 'demo.vcf.gz');
      const r = runPrecis(['annotate', demo(), '-O', 'z', '-o', out, '-W']);
      expect(r.status).toBe(0);
      expect(runTool('bcftools', ['view', '-H', out]).trim().split('\n')).toHaveLength(132);
      const region = runTool('tabix', [out, '21:25585733-25587758']).trim().split('\n');
      expect(region.map((l) => l.split('\t')[1])).toEqual(['25585733', '25587701', '25587758']);
    });

    it('bcftools +split-vep extracts Consequence, SYMBOL, Feature, HGVSc, HGVSp as precis wrote them', () => {
      const out = join(dir, 'samd11.vcf');
      const args = ['annotate', samd11('splice-acceptor-donor1.vcf'), '-g', samd11('ENST00000341065.gff'), '-f', samd11('ENST00000341065.fa'), '--no-bundle'];
      expect(runPrecis([...args, '-o', out]).status).toBe(0);
      const json = runPrecis([...args, '-O', 'j']);
      const fmt = '%POS\\t%ALT\\t%Consequence\\t%SYMBOL\\t%Feature\\t%HGVSc\\t%HGVSp\\n';
      const split = runTool('bcftools', ['+split-vep', out, '-f', fmt, '-d', '-A', 'tab']).trim().split('\n');
      const expected = json.stdout.trim().split('\n').flatMap((l) => {
        const o = JSON.parse(l) as { pos: number; alt: string; consequences: { terms: string[]; gene: string; transcript: string | null; hgvsc?: string; hgvsp?: string }[] };
        return o.consequences.map((c) => [o.pos, o.alt, c.terms.join('&'), c.gene || '.', c.transcript ?? '.', c.hgvsc ?? '.', c.hgvsp ?? '.'].join('\t'));
      });
      expect(split).toEqual(expected);
      expect(split.some((l) => /ENSP00000349216:p\.Arg474Lys/.test(l))).toBe(true);
      // the same command reads VEP's own CSQ
      // (the VEP 76 fixture lacks ##fileformat, which bcftools requires: add it on the way in)
      const vepText = `##fileformat=VCFv4.1\n${readFileSync(sharedPath('annotation-reference', 'annotated-fixtures', 'vep76_GRCh37_hgvs_1.vep.vcf'), 'utf8')}`;
      const vep = runTool('bcftools', ['+split-vep', '-', '-f', '%Consequence\\t%SYMBOL\\t%Feature\\t%HGVSc\\n', '-d'], Buffer.from(vepText));
      expect(vep).toMatch(/downstream_gene_variant\tCPSF3L\tENST00000531377/);
    });
  });
});

it('without a FASTA, an indel of a multi-allelic record is placed and HGVS-shifted within its REF (embedded chr21 bundle)', () => {
  // VEP's chr21 test record: ATTT>ATT,AT,C on two minus-strand transcripts, whose acceptor
  // is at lower coordinates; the T run is 25585771-25585773, so its 3′-most place is 25585771
  const vcf = join(dir, 'multi.vcf');
  writeFileSync(vcf, '##fileformat=VCFv4.2\n##contig=<ID=21>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n21\t25585770\t.\tATTT\tATT,AT,C\t.\t.\t.\n');
  const r = runPrecis(['annotate', vcf, '-O', 'j', '-q']);
  expect(r.status).toBe(0);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { alt: string; consequences: { transcript: string; terms: string[]; hgvsc?: string }[] });
  const of = (alt: string, tx: string) => rows.find((x) => x.alt === alt)!.consequences.find((c) => c.transcript === tx)!;
  expect(of('ATT', 'ENST00000307301.11')).toMatchObject({ hgvsc: 'ENST00000307301.11:c.1059-17del', terms: ['splice_polypyrimidine_tract_variant', 'intron_variant'] });
  expect(of('AT', 'ENST00000352957.8')).toMatchObject({ hgvsc: 'ENST00000352957.8:c.970-18_970-17del' });
});
