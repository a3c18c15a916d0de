import { describe, expect, it } from 'vitest';
import { maskPhone } from '../../shared/privacy/mask-phone';

describe('maskPhone', () => {
  it('keeps the country code, three national digits and the last four', () => {
    expect(maskPhone('+6281234567890')).toBe('+62812****7890');
  });

  it('masks as many digits as the number is long', () => {
    expect(maskPhone('+628123456789')).toBe('+62812***6789');
    expect(maskPhone('+62812345678')).toBe('+62812**5678');
  });

  it('still masks one digit at the 8-digit threshold', () => {
    expect(maskPhone('+6281234567')).toBe('+62812*4567');
  });

  it('masks every national digit of a number shorter than 8 digits', () => {
    expect(maskPhone('+621234567')).toBe('+62*******');
    expect(maskPhone('+62')).toBe('+62');
  });

  it('keeps no country code of a non-Indonesian number', () => {
    expect(maskPhone('+14155550123')).toBe('+141****0123');
  });

  it('never throws on garbage and never shows it whole', () => {
    expect(maskPhone('')).toBe('+');
    expect(maskPhone('abc')).toBe('+');
    expect(maskPhone('12345')).toBe('+*****');
  });
});
