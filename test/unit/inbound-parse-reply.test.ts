/** The reply parser on replies as people really type them. */
import { describe, expect, it } from 'vitest';
import { findTrackingCode, parseReply } from '../../shared/domain/inbound/parse-reply';

const CODE = '7KQ4-M9XP';

describe('keywords', () => {
  it.each([
    ['CEK 7KQ4-M9XP', 'status', 'id'],
    ['cek 7kq4-m9xp', 'status', 'id'],
    ['Check 7KQ4-M9XP please', 'status', 'en'],
    ['status 7KQ4M9XP', 'status', undefined],
    ['YA', 'confirm', 'id'],
    ['ya', 'confirm', 'id'],
    ['Iya pak sudah bagus', 'confirm', 'id'],
    ['sudah beres, terima kasih', 'confirm', 'id'],
    ['YES', 'confirm', 'en'],
    ['TIDAK', 'reject', 'id'],
    ['tdk masih rusak', 'reject', 'id'],
    ['Belum, airnya masih menggenang', 'reject', 'id'],
    ['gak ada perubahan', 'reject', 'id'],
    ['No, still broken', 'reject', 'en'],
    ['BERHENTI', 'stop', 'id'],
    ['stop', 'stop', 'en'],
    ['MULAI', 'start', 'id'],
    ['Start', 'start', 'en'],
  ])('%s → %s', (body, kind, language) => {
    const command = parseReply(body);
    expect(command.kind).toBe(kind);
    expect(command.language).toBe(language);
  });

  it.each([
    ['TDIAK', 'reject'],
    ['tidka 7KQ4-M9XP', 'reject'],
    ['TIDA', 'reject'],
    ['tidakk', 'reject'],
    ['berhnti', 'stop'],
    ['BERHENTII', 'stop'],
    ['brhenti', 'stop'],
    ['mulia', 'start'],
    ['STRAT', 'start'],
    ['statsu 7KQ4M9XP', 'status'],
    ['STATUZ', 'status'],
    ['chek 7KQ4-M9XP', 'status'],
    ['Sudha', 'confirm'],
  ])('forgives the typo %s (→ %s)', (body, kind) => {
    expect(parseReply(body).kind).toBe(kind);
  });

  it('forgives punctuation, extra spaces, line breaks and greetings before the keyword', () => {
    expect(parseReply('  Halo pak,\n\n CEK   7KQ4-M9XP !!! ')).toMatchObject({ kind: 'status', code: CODE });
    expect(parseReply('"ya."')).toMatchObject({ kind: 'confirm' });
    expect(parseReply('Selamat pagi, tidak... masih bocor')).toMatchObject({ kind: 'reject' });
    expect(parseReply('TIDAK!!!7KQ4-M9XP')).toMatchObject({ kind: 'reject', code: CODE });
  });

  it('reads a keyword glued to its code', () => {
    expect(parseReply('CEK7KQ4M9XP')).toMatchObject({ kind: 'status', code: CODE });
    expect(parseReply('ya7kq4-m9xp')).toMatchObject({ kind: 'confirm', code: CODE });
  });

  it('does not take a keyword from the middle of a sentence', () => {
    expect(parseReply('saya tidak tahu ini nomor apa')).toEqual({ kind: 'unknown' });
    expect(parseReply('kenapa jalannya belum diperbaiki')).toEqual({ kind: 'unknown' });
  });

  it.each(['', '   ', '???', 'Terima kasih', 'OK', 'halo', 'jalan di depan rumah saya rusak', '12345', 'TI', 'Terserah'])(
    'leaves %j unknown (help)',
    (body) => {
      expect(parseReply(body).kind).toBe('unknown');
    },
  );

  it.each([
    // a word one slip from a keyword, in a sentence: another word (SUSAH is not SUDAH, TOP is not STOP)
    'Susah lewat jalan ini pak, masih berlubang',
    'Top pak, makasih',
    // an exclamation, or a sign the work did not hold, after a confirming word
    'Ya ampun jalannya masih rusak',
    'Ya Allah masih rusak',
    'Sudah 3 minggu belum diperbaiki',
    'Udah seminggu masih rusak',
    // "it is fine" written with a rejecting word
    'Gak apa-apa pak, terima kasih sudah diperbaiki',
    'Tidak masalah, terima kasih',
    'No problem, thanks',
    // a question that starts like the opt-in
    'Mulai kapan dikerjakan?',
  ])('does not read the sentence %j as an answer (it gets the help text)', (body) => {
    expect(parseReply(body).kind).toBe('unknown');
  });

  it('still reads a keyword with the words people add to it', () => {
    expect(parseReply('Ya sudah bagus sekarang')).toEqual({ kind: 'confirm', keyword: 'YA', language: 'id' });
    expect(parseReply('Tidak, masih sama saja pak')).toEqual({ kind: 'reject', keyword: 'TIDAK', language: 'id' });
    expect(parseReply('Tidak, sekarang makin parah')).toEqual({ kind: 'reject', keyword: 'TIDAK', language: 'id' });
    expect(parseReply('Stop kirim sms').kind).toBe('stop');
    expect(parseReply('mulai lagi').kind).toBe('start');
  });

  it('does not stretch a short keyword to a different word', () => {
    // one letter away from YA / NO / CEK, but other words
    expect(parseReply('YAH').kind).toBe('unknown');
    expect(parseReply('NOW').kind).toBe('unknown');
    expect(parseReply('CEO').kind).toBe('unknown');
  });
});

describe('codes', () => {
  it.each([
    ['CEK 7KQ4-M9XP', CODE],
    ['cek 7kq4m9xp', CODE],
    ['CEK 7KQ4 M9XP', CODE],
    ['cek kode 7KQ4–M9XP ya', CODE],
    ['YA 7KQ4-M9XP sudah rata jalannya', CODE],
    ['TIDAK masih berlubang, kode 7kq4-m9xp', CODE],
  ])('finds the code in %j', (body, code) => {
    expect(parseReply(body).code).toBe(code);
  });

  it('leaves the code out when there is none, or when the keyword needs none', () => {
    expect(parseReply('YA').code).toBeUndefined();
    expect(parseReply('TIDAK masih rusak').code).toBeUndefined();
    expect(parseReply(`STOP ${CODE}`).code).toBeUndefined();
  });

  it('does not read letters outside the code alphabet as a code', () => {
    // O, 0, I, 1, L and U are not in the alphabet
    expect(parseReply('CEK 7KQ4-M9X0').code).toBeUndefined();
    expect(parseReply('cek berlubang').code).toBeUndefined();
  });

  it('takes no plain word, or two plain words, for a code: a code without a digit is read with its dash', () => {
    expect(findTrackingCode(['SEKARANG', '7KQ4M9XP'])).toBe(CODE);
    expect(findTrackingCode(['SEKARANG'])).toBeUndefined();
    expect(findTrackingCode(['SAMA', 'SAJA'])).toBeUndefined();
    expect(findTrackingCode(['SAMA-SAJA'])).toBe('SAMA-SAJA');
    expect(findTrackingCode(['7KQ4', 'M9XP'])).toBe(CODE);
  });

  it('reads a code of any report, whoever it belongs to: ownership is the use case’s question', () => {
    // a code of another number's report parses the same; decideReply refuses it (see inbound-decide-reply.test.ts)
    expect(parseReply('YA 2345-6789')).toMatchObject({ kind: 'confirm', code: '2345-6789' });
  });
});
