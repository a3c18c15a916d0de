/** Masking phone numbers, e-mail addresses and NIK in the text that is published. */
import { describe, expect, it } from 'vitest';
import { MASKS, redactPersonalData } from '../../shared/privacy/redact';

describe('redactPersonalData', () => {
  it.each([
    ['hubungi Budi 0812-7777-1234 kalau perlu', `hubungi Budi ${MASKS.phone} kalau perlu`],
    ['WA +62 812 7777 1234.', `WA ${MASKS.phone}.`],
    ['telp (0254) 123456 atau 6281277771234', `telp ${MASKS.phone} atau ${MASKS.phone}`],
    ['email budi.santoso@example.co.id ya', `email ${MASKS.email} ya`],
    ['NIK 3604012345678901 pemilik rumah', `NIK ${MASKS.nik} pemilik rumah`],
    ['NIK 360401.234567.8901', `NIK ${MASKS.nik}`],
  ])('masks %j', (input, expected) => {
    expect(redactPersonalData(input)).toBe(expected);
  });

  it('leaves ordinary numbers alone', () => {
    const text = 'Lubang 3 meter di km 12, RT 04/RW 02, sejak 2025, kedalaman 30 cm';
    expect(redactPersonalData(text)).toBe(text);
  });
});
