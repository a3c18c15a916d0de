/**
 * Every tunable environment setting is validated by its rule in shared/config/settings.ts: a bad value fails at
 * once, naming the variable, instead of becoming NaN at the first request.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readSettings, SETTING_DEFAULTS, SETTING_RULES } from '../../shared/config/settings';
import { loadNotifierConfig } from '../../shared/notify/config';
import { photoLimitsFromEnv } from '../../shared/photos/config';
import { escalationEnv } from '../../shared/escalation/config';

describe('readSettings', () => {
  it('gives every setting its default when the environment names none (empty counts as unset)', () => {
    expect(readSettings({})).toEqual(SETTING_DEFAULTS);
    expect(readSettings({ SMS_DAILY_CAP: '' }).SMS_DAILY_CAP).toBe(SETTING_DEFAULTS.SMS_DAILY_CAP);
  });

  it('reads whole numbers as numbers', () => {
    expect(readSettings({ QUOTA_REPORTS_PER_PHONE_PER_DAY: '25', PHOTO_MAX_PER_REPORT: '0' })).toMatchObject({
      QUOTA_REPORTS_PER_PHONE_PER_DAY: 25,
      PHOTO_MAX_PER_REPORT: 0,
    });
  });

  it.each([
    ['QUOTA_REPORTS_PER_PHONE_PER_DAY', 'ten', /QUOTA_REPORTS_PER_PHONE_PER_DAY must be a whole number, got "ten"/],
    ['QUOTA_WRITES_PER_IP_PER_HOUR', '1.5', /QUOTA_WRITES_PER_IP_PER_HOUR must be a whole number, got "1.5"/],
    ['SMS_DAILY_CAP', '0', /SMS_DAILY_CAP must be at least 1, got "0"/],
    ['PHOTO_MAX_COMPLETION', '101', /PHOTO_MAX_COMPLETION must be at most 100, got "101"/],
    ['DYNAMODB_REQUEST_TIMEOUT_MS', '-5', /DYNAMODB_REQUEST_TIMEOUT_MS must be a whole number, got "-5"/],
    ['SMS_REGION', 'Jakarta', /SMS_REGION must be a region such as ap-southeast-1, got "Jakarta"/],
  ])('refuses %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => readSettings({ [name]: value })).toThrow(message);
  });

  it('names every bad variable at once', () => {
    expect(() => readSettings({ SMS_DAILY_CAP: 'x', ESCALATION_PAGE_SIZE: '0' })).toThrow(
      /Invalid environment variables: .*SMS_DAILY_CAP.*; .*ESCALATION_PAGE_SIZE/,
    );
  });

  it('has a default for every setting with a rule, and a rule for every default', () => {
    expect(Object.keys(SETTING_RULES).sort()).toEqual(Object.keys(SETTING_DEFAULTS).sort());
  });
});

describe('the config modules read through it', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('the notifier, photo and escalation settings fail with the variable name', () => {
    vi.stubEnv('TABLE_NAME', 'reports');
    vi.stubEnv('ESCALATION_TOPIC_ARN', 'arn:aws:sns:ap-southeast-3:123456789012:escalations');
    vi.stubEnv('SMS_FIRST_CONTACT_PER_DAY', 'lots');
    expect(() => loadNotifierConfig()).toThrow(/SMS_FIRST_CONTACT_PER_DAY must be a whole number, got "lots"/);
    expect(() => photoLimitsFromEnv()).toThrow(/SMS_FIRST_CONTACT_PER_DAY/);
    vi.stubEnv('SMS_FIRST_CONTACT_PER_DAY', '');
    vi.stubEnv('PHOTO_MAX_PER_REPORT', 'five');
    expect(() => photoLimitsFromEnv()).toThrow(/PHOTO_MAX_PER_REPORT must be a whole number, got "five"/);
    vi.stubEnv('PHOTO_MAX_PER_REPORT', '');
    vi.stubEnv('ESCALATION_DIGEST_MAX_BYTES', '999999999');
    expect(() => escalationEnv()).toThrow(/ESCALATION_DIGEST_MAX_BYTES must be at most 256000/);
  });

  it('the quotas fail at import (the cold start), not as NaN at the first request', async () => {
    vi.stubEnv('QUOTA_WRITES_PER_IP_PER_HOUR', 'sixty');
    await expect(import('../../shared/abuse/quotas')).rejects.toThrow(/QUOTA_WRITES_PER_IP_PER_HOUR must be a whole number, got "sixty"/);
    vi.stubEnv('QUOTA_WRITES_PER_IP_PER_HOUR', '120');
    vi.resetModules();
    const { QUOTAS } = await import('../../shared/abuse/quotas');
    expect(QUOTAS.requestsPerIp.max).toBe(120);
    expect(QUOTAS.reportsPerPhone.max).toBe(SETTING_DEFAULTS.QUOTA_REPORTS_PER_PHONE_PER_DAY);
  });
});
