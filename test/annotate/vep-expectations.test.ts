import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runPrecis } from '../helpers/cli.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

/**
 * VEP's own expected CSQ for records of its test VCF (ensembl-vep t/OutputFactory_VCF.t,
 * run on the Ensembl test cache of the same chr21 region and release as test.gff.gz),
 * as `transcript: [Consequence, EXON, HGVSc, cDNA_position, CDS_position,
 * Protein_position, DISTANCE, STRAND]`. precis reads the GFF3 without a FASTA, so coding
 * SNVs are coding_sequence_variant where VEP (with the sequence) says missense_variant;
 * everything else needs no sequence and must be equal.
 */
const VEP: Record<string, Record<string, string[]>> = {
  '25585733': {
    ENST00000307301: ['3_prime_UTR_variant', '11/11', 'ENST00000307301.11:c.*18G>A', '1122', '', '', '', '-1'],
    ENST00000352957: ['missense_variant', '10/10', 'ENST00000352957.8:c.991G>A', '1033', '991', '331', '', '-1'],
    ENST00000567517: ['upstream_gene_variant', '', '', '', '', '', '2407', '-1'],
  },
  // APP: VEP lists cDNA, CDS and protein positions of ten coding transcripts, two of them 5′-incomplete
  // (cds_start_NF): their CDS positions count the bases missing from the first codon
  '25982445': {
    ENST00000346798: ['missense_variant', '', '', '1157', '1123', '375', '', '-1'],
    ENST00000348990: ['missense_variant', '', '', '1045', '898', '300', '', '-1'],
    ENST00000354192: ['missense_variant', '', '', '857', '730', '244', '', '-1'],
    ENST00000357903: ['missense_variant', '', '', '1233', '1066', '356', '', '-1'],
    ENST00000358918: ['missense_variant', '', '', '1170', '1123', '375', '', '-1'],
    ENST00000359726: ['missense_variant', '', '', '985', '793', '265', '', '-1'],
    ENST00000415997: ['missense_variant', '', '', '326', '328', '110', '', '-1'],
    ENST00000439274: ['missense_variant', '', '', '989', '955', '319', '', '-1'],
    ENST00000440126: ['missense_variant', '', '', '1317', '1051', '351', '', '-1'],
    ENST00000448850: ['missense_variant', '', '', '830', '832', '278', '', '-1'],
  },
};
// the APP expectations come from VEP's default field list, without EXON and HGVSc
const FIELDS = ['Feature', 'Consequence', 'EXON', 'HGVSc', 'cDNA_position', 'CDS_position', 'Protein_position', 'DISTANCE', 'STRAND'];

describeShared('VEP\'s expectations on its chr21 test data', () => {
  it('gives the same transcripts, positions, HGVSc, distances and strands as VEP', () => {
    const dir = sharedPath('annotation-reference', 'vep-grch38-chr21');
    const r = runPrecis(['annotate', join(dir, 'test.vcf'), '-g', join(dir, 'test.gff.gz'), '--no-bundle', '--no-cache', '--fields', FIELDS.join(','), '-q']);
    expect(r.status).toBe(0);
    for (const [pos, expected] of Object.entries(VEP)) {
      const line = r.stdout.split('\n').find((l) => l.split('\t')[1] === pos)!;
      const csq = /CSQ=([^;\t]*)/.exec(line)![1]!.split(',').map((e) => e.split('|'));
      const mine = Object.fromEntries(csq.map(([feature, ...rest]) => [feature!.replace(/\.\d+$/, ''), rest]));
      expect(Object.keys(mine).sort()).toEqual(Object.keys(expected).sort());
      for (const [tx, want] of Object.entries(expected)) {
        const got = [...mine[tx]!];
        // without the sequence a coding SNV is coding_sequence_variant
        if (want[0] === 'missense_variant') expect(got[0]).toBe('coding_sequence_variant');
        else expect(got[0]).toBe(want[0]);
        const skip = (i: number): boolean => i === 0 || (pos === '25982445' && (i === 1 || i === 2));
        expect({ tx, fields: got.map((v, i) => (skip(i) ? '' : v)) }).toEqual({ tx, fields: want.map((v, i) => (skip(i) ? '' : v)) });
      }
    }
  });
  it('flags the 5′-incomplete and 3′-incomplete CDS as VEP does (FLAGS), from the GTF\'s tags or a first CDS phase that is not 0', () => {
    const dir = sharedPath('annotation-reference', 'vep-grch38-chr21');
    // VEP: ENST00000415997 cds_start_NF&cds_end_NF, ENST00000448850 cds_start_NF, the other eight APP transcripts none
    const vep: Record<string, string> = { ENST00000415997: 'cds_start_NF&cds_end_NF', ENST00000448850: 'cds_start_NF' };
    const flags = (gff: string): Record<string, string> => {
      const r = runPrecis(['annotate', join(dir, 'test.vcf'), '-g', join(dir, gff), '--no-bundle', '--no-cache', '--fields', 'Feature,FLAGS', '-q']);
      const line = r.stdout.split('\n').find((l) => l.split('\t')[1] === '25982445')!;
      const entries = /CSQ=([^;\t]*)/.exec(line)![1]!.split(',').map((e) => e.split('|'));
      return Object.fromEntries(entries.filter(([, f]) => f !== '').map(([t, f]) => [t!.replace(/\.\d+$/, ''), f!]));
    };
    expect(flags('test.gtf.gz')).toEqual(vep);
    // the GFF3 carries no tags: the phase of the first CDS piece still shows the 5′ end incomplete
    expect(flags('test.gff.gz')).toEqual({ ENST00000415997: 'cds_start_NF', ENST00000448850: 'cds_start_NF' });
  });
  it('calls VEP\'s variant types at MRPL39 21:25587758 as VEP does (ensembl-vep t/Runner.t), and picks as VEP\'s rank,length order', () => {
    const dir = sharedPath('annotation-reference', 'vep-grch38-chr21');
    const tmp = mkdtempSync(join(tmpdir(), 'precis-vep-'));
    // VEP's inputs in VCF form (its `21 25587758 25587758 G/- +` deletion is NG>N here, N standing for the base before)
    const records = [
      ['svd', 25585655, 'N', '<DEL>', 'END=25607517'], ['svp', 25585655, 'N', '<DUP>', 'END=25607517'], ['del', 25587757, 'NG', 'N', '.'],
      ['snv', 25587758, 'G', 'A', '.'], ['ins', 25587758, 'G', 'GT', '.'], ['multi', 25587758, 'GTA', 'TCC', '.'], ['unbal', 25587758, 'GTA', 'TC', '.'],
    ];
    writeFileSync(join(tmp, 'types.vcf'), `##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n${records.map(([id, pos, ref, alt, info]) => `21\t${pos}\t${id}\t${ref}\t${alt}\t.\t.\t${info}`).join('\n')}\n`);
    const r = runPrecis(['annotate', join(tmp, 'types.vcf'), '-g', join(dir, 'test.gff.gz'), '--no-bundle', '--no-cache', '-O', 'j', '-q']);
    expect(r.status).toBe(0);
    type C = { transcript: string; terms: string[]; exon?: string; cdnaPosition?: string; cdsPosition?: string; proteinPosition?: string; distance?: number };
    const rows = new Map(r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; consequences: C[] }).map((x) => [x.id, x.consequences]));
    const on = (id: string, tx: string): C => rows.get(id)!.find((c) => c.transcript.startsWith(`${tx}.`))!;
    const pos = (c: C): string[] => [c.terms.join('&'), c.exon ?? '', c.cdnaPosition ?? '', c.cdsPosition ?? '', c.proteinPosition ?? ''];
    // VEP (with the sequence): missense 1043/1001/334 T/M; precis reads no FASTA here, so coding_sequence_variant
    expect(pos(on('snv', 'ENST00000307301'))).toEqual(['coding_sequence_variant', '10/11', '1043', '1001', '334']);
    expect(on('snv', 'ENST00000567517').distance).toBe(4432);
    expect(on('snv', 'ENST00000352957').terms).toEqual(['intron_variant']);
    expect(pos(on('del', 'ENST00000307301'))).toEqual(['frameshift_variant', '10/11', '1043', '1001', '334']);
    expect(pos(on('ins', 'ENST00000307301'))).toEqual(['frameshift_variant', '10/11', '1042-1043', '1000-1001', '334']);
    expect(pos(on('multi', 'ENST00000307301')).slice(2)).toEqual(['1041-1043', '999-1001', '333-334']);
    expect(pos(on('unbal', 'ENST00000307301'))).toEqual(['frameshift_variant', '10/11', '1041-1043', '999-1001', '333-334']);
    expect(on('svd', 'ENST00000307301').terms).toEqual(['transcript_ablation']);
    expect(on('svp', 'ENST00000307301').terms).toEqual(['transcript_amplification']);
    // --pick on 21:25716535 A>G: the GFF3 marks no canonical transcript, so VEP's order falls to rank, then length
    writeFileSync(join(tmp, 'pick.vcf'), '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n21\t25716535\tpick\tA\tG\t.\t.\t.\n');
    const picked = runPrecis(['annotate', join(tmp, 'pick.vcf'), '-g', join(dir, 'test.gff.gz'), '--no-bundle', '--no-cache', '-O', 'j', '-q', '--pick']);
    expect((JSON.parse(picked.stdout) as { consequences: C[] }).consequences.map((c) => c.transcript)).toEqual(['ENST00000480456.5']);
  });
  it('writes VEP\'s HGVSc for 21:25606454 G>C (t/Runner.t: ENST00000419219.1:c.275C>G) on the three MRPL39 transcripts VEP calls', () => {
    const dir = sharedPath('annotation-reference', 'vep-grch38-chr21');
    const tmp = mkdtempSync(join(tmpdir(), 'precis-vep-'));
    writeFileSync(join(tmp, 'h.vcf'), '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n21\t25606454\ttest\tG\tC\t.\t.\t.\n');
    const r = runPrecis(['annotate', join(tmp, 'h.vcf'), '-g', join(dir, 'test.gff.gz'), '--no-bundle', '--no-cache', '-O', 'j', '-q']);
    const hgvsc = Object.fromEntries((JSON.parse(r.stdout) as { consequences: { transcript: string; hgvsc?: string }[] }).consequences.map((c) => [c.transcript.replace(/\.\d+$/, ''), c.hgvsc]));
    expect(hgvsc.ENST00000419219).toBe('ENST00000419219.1:c.275C>G');
    // VEP's GVF output names missense_variant on these three (the GFF3's ENST00000419219_1 is a test copy)
    for (const t of ['ENST00000419219', 'ENST00000352957', 'ENST00000307301']) expect(hgvsc[t]).toMatch(/:c\.275C>G$/);
  });
});
