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
    ['hp 0812 - 3456 - 7890 (Budi)', `hp ${MASKS.phone} (Budi)`],
    ['hp 0812 – 3456 – 7890', `hp ${MASKS.phone}`],
    ['hp 0812_3456_7890', `hp ${MASKS.phone}`],
    ['WA081234567890 atau Telp:02541234567', `WA${MASKS.phone} atau Telp:${MASKS.phone}`],
  ])('masks %j', (input, expected) => {
    expect(redactPersonalData(input)).toBe(expected);
  });

  it('leaves ordinary numbers alone', () => {
    const text = 'Lubang 3 meter di km 12, RT 04/RW 02, sejak 01/02/2025 (2 - 3 minggu), kedalaman 30 cm, KM12 arah Cikande';
    expect(redactPersonalData(text)).toBe(text);
  });
});
