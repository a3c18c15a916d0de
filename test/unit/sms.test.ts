import { describe, expect, it } from 'vitest';
import jurisdiction from '../../config/jurisdictions/kabupaten-serang.json';
import { GSM7_BASIC, GSM7_EXTENSION, smsEncoding, smsSegments } from '../../shared/domain/sms/segments';
import {
  CITIZEN_SMS,
  CITIZEN_SMS_KINDS,
  SMS_LANGS,
  SMS_PLACEHOLDERS,
  citizenSmsKind,
  renderCitizenSms,
  shortenedName,
  smsSafeName,
  type CitizenSmsKind,
  type CitizenSmsVars,
  type SmsLang,
} from '../../shared/domain/sms/templates';

describe('smsEncoding and smsSegments', () => {
  it('has the whole GSM 03.38 default alphabet (127 characters besides escape) and extension table', () => {
    expect([...GSM7_BASIC]).toHaveLength(127);
    expect(new Set(GSM7_BASIC).size).toBe(127);
    for (const c of '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r') {
      expect(smsEncoding(c)).toBe('GSM-7');
    }
    for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') expect(smsEncoding(c)).toBe('GSM-7');
    for (const c of '^{}\\[~]|€') {
      expect(GSM7_EXTENSION).toContain(c);
      expect(smsSegments(c)).toEqual({ encoding: 'GSM-7', units: 2, segments: 1 });
    }
  });

  it.each(['`', 'ç', 'á', 'í', '\u2019', '\u201C', '\u2014', '\u00A0', '\t', 'ā', '\u0308'])(
    'sends %j as UCS-2',
    (c) => {
      expect(smsEncoding(`Jalan ${c} rusak`)).toBe('UCS-2');
    },
  );

  it('counts 160 GSM characters as one segment and 161 as two', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('charges two septets for each extension character', () => {
    expect(smsSegments(`${'a'.repeat(158)}€`)).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments(`${'a'.repeat(159)}€`)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSegments('[x]').units).toBe(5);
  });

  it('never splits an escape sequence across two segments', () => {
    // 152 septets, then € (2) would straddle the 153 boundary: it moves to the next segment
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(smsSegments(text)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
  });

  it('switches to UCS-2 with a limit of 70 for one emoji, Arabic or Javanese character', () => {
    for (const c of ['😀', 'ع', 'ꦗ']) {
      expect(smsEncoding(c)).toBe('UCS-2');
      const base = 'a'.repeat(70 - c.length);
      expect(smsSegments(base + c)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
      expect(smsSegments(`${base}a${c}`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    }
  });

  it('counts a surrogate pair as two UCS-2 units and never splits it', () => {
    expect(smsSegments('😀')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
    expect(smsSegments('😀'.repeat(35)).segments).toBe(1);
    expect(smsSegments('😀'.repeat(36)).segments).toBe(2);
    // 66 units, then a pair would straddle the 67 boundary: it moves to the next segment
    const text = `${'ع'.repeat(66)}😀${'ع'.repeat(66)}`;
    expect(smsSegments(text)).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
    expect(smsSegments('ع'.repeat(134)).segments).toBe(2);
    expect(smsSegments('ع'.repeat(135)).segments).toBe(3);
  });

  it('counts an empty message as one send', () => {
    expect(smsSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 1 });
  });
});

const longest = (names: string[]) => names.reduce((a, b) => (b.length > a.length ? b : a));
const LONGEST: Record<SmsLang, { category: string; district: string; unit: string; agency: string }> = {
  id: {
    category: longest(jurisdiction.categories.map((c) => c.name.id)),
    district: longest(jurisdiction.districts.map((d) => d.name.id)),
    unit: longest(jurisdiction.units.map((u) => u.name.id)),
    agency: longest(jurisdiction.agencies.map((a) => a.name.id)),
  },
  en: {
    category: longest(jurisdiction.categories.map((c) => c.name.en)),
    district: longest(jurisdiction.districts.map((d) => d.name.en)),
    unit: longest(jurisdiction.units.map((u) => u.name.en)),
    agency: longest(jurisdiction.agencies.map((a) => a.name.en)),
  },
};
const CODE = '7KQ4-M9XP';
const TRACK_URL = `${jurisdiction.publicBaseUrl}/r/${CODE}`;

function varsFor(lang: SmsLang, over: Partial<CitizenSmsVars> = {}): CitizenSmsVars {
  const n = LONGEST[lang];
  return {
    code: CODE,
    trackUrl: TRACK_URL,
    serviceName: jurisdiction.serviceName,
    categoryName: n.category,
    districtName: n.district,
    unitName: n.unit,
    agencyName: n.agency,
    originalCode: 'AB12-CD34',
    ...over,
  };
}

const ALL = CITIZEN_SMS_KINDS.flatMap((kind) => SMS_LANGS.map((lang) => ({ kind, lang })));
/** the name a kind is expected to mention, when the template has one */
const NAME_OF: Partial<Record<CitizenSmsKind, 'category' | 'unit' | 'agency'>> = {
  received: 'category',
  verified: 'unit',
  referred: 'agency',
  in_progress: 'unit',
};

describe('citizen SMS templates', () => {
  it('uses the expected tracking URL and the longest configured names', () => {
    expect(TRACK_URL).toBe('https://sicentang.serangkab.go.id/r/7KQ4-M9XP');
    expect(LONGEST.id.agency).toBe('DPUPR Provinsi Banten (jalan provinsi)');
    expect(LONGEST.en.agency).toBe('Banten Province public works (provincial road)');
  });

  it.each(ALL)('$kind ($lang) fits one GSM-7 segment with the longest names, kept in full', ({ kind, lang }) => {
    const text = renderCitizenSms(kind, lang, varsFor(lang));
    expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(text.startsWith('Si Centang: ')).toBe(true);
    expect(text).toContain(CODE);
    expect(text).toContain(TRACK_URL);
    const name = NAME_OF[kind];
    if (name) expect(text).toContain(LONGEST[lang][name]);
    if (kind === 'received') expect(text).toContain(LONGEST[lang].district);
    if (kind === 'duplicate') expect(text).toContain('AB12-CD34');
  });

  it.each(ALL)('$kind ($lang) fits one segment with every configured name', ({ kind, lang }) => {
    const variations: Partial<CitizenSmsVars>[] = [
      ...jurisdiction.categories.flatMap((c) =>
        jurisdiction.districts.map((d) => ({ categoryName: c.name[lang], districtName: d.name[lang] })),
      ),
      ...jurisdiction.units.map((u) => ({ unitName: u.name[lang] })),
      ...jurisdiction.agencies.map((a) => ({ agencyName: a.name[lang] })),
    ];
    for (const over of variations) {
      expect(smsSegments(renderCitizenSms(kind, lang, varsFor(lang, over))).segments).toBe(1);
    }
  });

  it.each(ALL)('$kind ($lang) is one segment without any optional value', ({ kind, lang }) => {
    const text = renderCitizenSms(kind, lang, { code: CODE, trackUrl: TRACK_URL, serviceName: 'Si Centang' });
    expect(smsSegments(text).segments).toBe(1);
    expect(text).not.toMatch(/\{|\}|undefined/);
  });

  it('sends the tracking code exactly as given', () => {
    expect(renderCitizenSms('received', 'id', varsFor('id', { code: 'ab-12', trackUrl: 'https://x.id/r/ab-12' }))).toContain(
      'Kode: ab-12.',
    );
  });

  it('sends the rejection as a fixed phrase pointing to the tracking page', () => {
    expect(renderCitizenSms('rejected', 'id', varsFor('id'))).toBe(
      `Si Centang: Laporan ${CODE} tidak dapat kami tindak lanjuti. Alasannya ada di ${TRACK_URL}`,
    );
    expect(renderCitizenSms('rejected', 'en', varsFor('en'))).toBe(
      `Si Centang: Report ${CODE} could not be accepted. See the reason at ${TRACK_URL}`,
    );
  });

  it('defaults to Indonesian', () => {
    expect(renderCitizenSms('closed', undefined, varsFor('id'))).toBe(renderCitizenSms('closed', 'id', varsFor('id')));
    expect(renderCitizenSms('closed', 'fr' as SmsLang, varsFor('id'))).toBe(renderCitizenSms('closed', 'id', varsFor('id')));
  });

  it('keeps every template plain ASCII, with known placeholders only, and a barest variant of code and URL', () => {
    for (const kind of CITIZEN_SMS_KINDS) {
      for (const lang of SMS_LANGS) {
        const variants = CITIZEN_SMS[kind][lang];
        for (const v of variants) {
          expect(v).toMatch(/^[\x20-\x7e]+$/);
          expect(v.replace(/\{\w+\}/g, '')).not.toMatch(/[{}[\]~^|\\`]/);
          for (const [, slot] of v.matchAll(/\{(\w+)\}/g)) expect(SMS_PLACEHOLDERS).toContain(slot);
          expect(v).toContain('{code}');
          expect(v).toContain('{url}');
        }
        const barest = variants[variants.length - 1]!;
        expect([...barest.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()).toEqual(['code', 'url']);
      }
    }
  });

  it('fits every kind with a 20-character code and an 80-character URL', () => {
    const code = 'ABCDEFGHJK-MNPQRSTUV';
    const trackUrl = `https://${'x'.repeat(80 - 'https://'.length - 3 - code.length)}/r/${code}`;
    expect(code).toHaveLength(20);
    expect(trackUrl).toHaveLength(80);
    for (const { kind, lang } of ALL) {
      const text = renderCitizenSms(kind, lang, varsFor(lang, { code, trackUrl, originalCode: code }));
      expect(smsSegments(text).segments).toBe(1);
      expect(text).toContain(code);
      expect(text).toContain(trackUrl);
    }
  });

  it('refuses a code or URL that is not one, rather than sending it', () => {
    expect(() => renderCitizenSms('received', 'id', varsFor('id', { code: 'Hubungi 0812 sekarang' }))).toThrow(TypeError);
    expect(() => renderCitizenSms('duplicate', 'id', varsFor('id', { originalCode: 'lihat catatan' }))).toThrow(TypeError);
    expect(() => renderCitizenSms('received', 'id', varsFor('id', { trackUrl: 'javascript:alert(1)' }))).toThrow(TypeError);
    expect(() => renderCitizenSms('received', 'id', varsFor('id', { trackUrl: `https://${'x'.repeat(90)}` }))).toThrow(
      TypeError,
    );
  });
});

describe('names that do not fit', () => {
  const JAVANESE_UNIT = 'ꦧꦶꦣꦁꦧꦶꦤꦩꦂꦒ'; // "Bidang Bina Marga" in Javanese script
  const ARABIC_UNIT = 'قسم الطرق والجسور';

  it.each([
    ['Javanese', JAVANESE_UNIT],
    ['Arabic', ARABIC_UNIT],
  ])('drops a %s-script unit name and still sends one segment', (_, unitName) => {
    for (const lang of SMS_LANGS) {
      for (const kind of ['verified', 'in_progress'] as const) {
        const text = renderCitizenSms(kind, lang, varsFor(lang, { unitName }));
        const size = smsSegments(text);
        expect(size.segments).toBe(1);
        expect(size.encoding).toBe('GSM-7');
        expect(text).not.toContain(unitName);
        expect(text).toContain(CODE);
        expect(text).toContain(TRACK_URL);
      }
    }
  });

  it('keeps a non-Latin name when the message still fits one UCS-2 segment (70)', () => {
    const text = renderCitizenSms('in_progress', 'id', {
      code: 'A1',
      trackUrl: 'https://s.id/r/A1',
      serviceName: 'SC',
      unitName: 'ꦧꦶꦣꦁ',
    });
    expect(text).toContain('ꦧꦶꦣꦁ');
    expect(smsSegments(text)).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(smsSegments(text).units).toBeLessThanOrEqual(70);
  });

  it('shortens a name by dropping its parenthetical before dropping it', () => {
    const agencyName = 'Balai Besar Pelaksanaan Jalan Nasional Banten (jalan nasional dan jembatan)';
    const text = renderCitizenSms('referred', 'id', varsFor('id', { agencyName }));
    expect(text).toBe(
      `Si Centang: Laporan ${CODE} kami teruskan ke Balai Besar Pelaksanaan Jalan Nasional Banten. Pantau: ${TRACK_URL}`,
    );
    expect(smsSegments(text).segments).toBe(1);
  });

  it('leaves out a name too long even when shortened', () => {
    const agencyName = 'Kementerian Pekerjaan Umum Direktorat Jenderal Bina Marga Balai Besar Pelaksanaan Jalan Nasional';
    const text = renderCitizenSms('referred', 'en', varsFor('en', { agencyName }));
    expect(text).toBe(`Si Centang: Report ${CODE} was referred to the responsible agency. Track: ${TRACK_URL}`);
  });

  it('falls back from category and district together to one of them', () => {
    const categoryName = 'Kerusakan jalan kabupaten, jembatan, gorong-gorong dan trotoar';
    const text = renderCitizenSms('received', 'id', varsFor('id', { categoryName }));
    expect(text).toBe(`Si Centang: Laporan diterima: Waringin Kurung. Kode: ${CODE}. Pantau: ${TRACK_URL}`);
  });

  it('folds typographic marks and diacritics GSM-7 lacks, so the message stays GSM-7', () => {
    expect(smsSafeName('Dinas PU \u2013 \u201CBina Marga\u201D')).toBe('Dinas PU - "Bina Marga"');
    expect(smsSafeName('Peñerangan  Jalan\u00A0Çiruas ç ā')).toBe('Peñerangan Jalan Çiruas c a');
    expect(smsSafeName(' Bidang\nBina\tMarga ')).toBe('Bidang Bina Marga');
    expect(smsSafeName('e\u0304')).toBe('e');
    expect(smsSafeName('   ')).toBeUndefined();
    const text = renderCitizenSms('verified', 'id', varsFor('id', { unitName: 'Seksi \u201CJalan\u201D \u2013 Bina Marga' }));
    expect(smsSegments(text).encoding).toBe('GSM-7');
    expect(text).toContain('Seksi "Jalan" - Bina Marga');
    expect(shortenedName('BBPJN (jalan nasional)')).toBe('BBPJN');
  });

  it('drops a non-GSM service name prefix before giving up on the message', () => {
    const text = renderCitizenSms('closed', 'id', varsFor('id', { serviceName: 'ꦱꦶꦕꦼꦤ꧀ꦠꦁ' }));
    expect(text.startsWith('Laporan ')).toBe(true);
    expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });
});

describe('no free text', () => {
  it('carries nothing the vars type does not name, even when smuggled in', () => {
    const smuggled = {
      ...varsFor('id'),
      note: 'RAHASIA catatan petugas',
      reason: 'RAHASIA alasan',
      description: 'RAHASIA deskripsi',
    } as unknown as CitizenSmsVars;
    for (const { kind, lang } of ALL) expect(renderCitizenSms(kind, lang, smuggled)).not.toContain('RAHASIA');
  });

  it('refuses free-text keys at compile time', () => {
    const withNote = { ...varsFor('id'), note: 'x' };
    // @ts-expect-error a note is not an SMS variable
    expect(() => renderCitizenSms('resolved', 'id', withNote)).not.toThrow();
    // @ts-expect-error nor is a reason
    renderCitizenSms('rejected', 'id', { code: CODE, trackUrl: TRACK_URL, serviceName: 'Si Centang', reason: 'x' });
    // @ts-expect-error escalations are not sent to citizens
    expect(() => renderCitizenSms('escalated', 'id', varsFor('id'))).toThrow(TypeError);
  });

  it('has no escalated kind at run time either', () => {
    expect(CITIZEN_SMS_KINDS).not.toContain('escalated');
    expect(() => renderCitizenSms('escalated' as CitizenSmsKind, 'id', varsFor('id'))).toThrow(TypeError);
  });
});

describe('citizenSmsKind', () => {
  it.each([
    [null, 'received', 'received'],
    ['received', 'verified', 'verified'],
    ['received', 'rejected', 'rejected'],
    ['verified', 'rejected', 'rejected'],
    ['received', 'duplicate', 'duplicate'],
    ['in_progress', 'referred', 'referred'],
    ['verified', 'in_progress', 'in_progress'],
    ['in_progress', 'resolved', 'resolved'],
    ['resolved', 'in_progress', 'reopened'],
    ['resolved', 'closed', 'closed'],
    [null, 'verified', undefined],
  ] as const)('%s -> %s sends %s', (from, to, kind) => {
    expect(citizenSmsKind(from, to)).toBe(kind);
  });
});
