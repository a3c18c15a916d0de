/**
 * The views the native API answers with, as zod schemas: the OpenAPI document's response bodies
 * (shared/http/openapi.ts) and the types of the view functions that build them. Only the document generator and
 * the tests import these values; a function imports the types alone (`import type`), so no answer schema is built,
 * or bundled, at a cold start: the functions never validate their own answers, and building these schemas cost
 * every function several milliseconds of its start-up. The e2e tests check every answer against the document.
 *
 * Request schemas stay beside the code that parses them: those the functions do need. The problem answer's schema
 * is the HTTP door's own (shared/http/problem-schema.ts).
 */
import * as z from 'zod/mini';
import { jurisdiction } from '../config/jurisdiction';
import { meta } from './schema-meta';
import { reportStatusSchema } from './report-fields';

export const photoViewSchema = meta(
  z.object({
    id: z.string(),
    kind: meta(z.enum(['report', 'completion']), { description: 'report: sent by the citizen; completion: the officer\'s "after" photo' }),
    url: meta(z.url(), { description: 'The photo (JPEG, longest side at most 1600 px); the link expires after a few minutes' }),
    thumbnailUrl: meta(z.url(), { description: 'A thumbnail (JPEG, longest side at most 320 px); expires like url' }),
    width: z.number().check(z.int()),
    height: z.number().check(z.int()),
    createdAt: z.iso.datetime(),
    pendingReview: meta(z.optional(z.boolean()), { description: 'Staff only: a citizen photo sent after verification, not public until approved' }),
  }),
  { id: 'Photo' },
);
export type PhotoView = z.infer<typeof photoViewSchema>;

export const photoRefusalSchema = meta(
  z.object({
    at: z.iso.datetime(),
    reason: meta(z.string(), { description: 'too-large, not-an-allowed-image, too-many-pixels, undecodable or limit-reached' }),
    message: z.object({ id: z.string(), en: z.string() }),
  }),
  { id: 'PhotoRefusal' },
);
export type PhotoRefusal = z.infer<typeof photoRefusalSchema>;

export const photoUploadGrantSchema = meta(
  z.object({
    photoId: z.string(),
    url: meta(z.url(), { description: 'POST a multipart/form-data form here: every entry of `fields`, then the file as `file` (last)' }),
    fields: z.record(z.string(), z.string()),
    expiresAt: z.iso.datetime(),
    maxBytes: z.number().check(z.int()),
  }),
  { id: 'PhotoUploadGrant' },
);
export type PhotoUploadGrant = z.infer<typeof photoUploadGrantSchema>;

export const publicReportSchema = meta(
  z.object({
    id: meta(z.string(), { example: '7KQ4-M9XP' }),
    status: reportStatusSchema,
    category: z.string(),
    district: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    dueAt: meta(z.optional(z.iso.datetime()), { description: 'When the next step is expected' }),
    expectedAt: z.optional(z.iso.datetime()),
    description: meta(z.optional(z.string()), { description: 'Shown once the report is verified' }),
    address: z.optional(z.string()),
    location: z.optional(z.object({ lat: z.number(), lon: z.number() })),
    reporterName: z.optional(z.string()),
    photos: meta(z.optional(z.array(photoViewSchema)), { description: 'Shown once the report is verified' }),
    escalated: z.boolean(),
    photoRefusals: meta(z.optional(z.array(photoRefusalSchema)), {
      description: "The reporter's photos that were refused, and why (a refused photo is deleted)",
    }),
    followerCount: meta(z.number().check(z.int()), {
      description: 'People following the report for SMS updates (by phone, and reporters of its duplicates)',
    }),
    history: z.array(
      z.object({
        at: z.iso.datetime(),
        type: z.string(),
        from: z.optional(z.string()),
        to: z.optional(z.string()),
        note: z.optional(z.string()),
      }),
    ),
  }),
  { id: 'PublicReport' },
);
export type PublicReport = z.infer<typeof publicReportSchema>;

export const publicListItemSchema = meta(
  z.object({
    id: z.string(),
    status: reportStatusSchema,
    category: z.string(),
    district: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    description: z.optional(z.string()),
    location: z.optional(z.object({ lat: z.number(), lon: z.number() })),
    followerCount: z.number().check(z.int()),
  }),
  { id: 'PublicReportListItem' },
);
export type PublicListItem = z.infer<typeof publicListItemSchema>;

export const createdReportSchema = meta(
  z.object({
    id: meta(z.string(), { description: 'Tracking code, as sent by SMS', example: '7KQ4-M9XP' }),
    status: z.literal('received'),
    createdAt: z.iso.datetime(),
    dueAt: meta(z.optional(z.iso.datetime()), { description: 'When verification is due' }),
    trackUrl: meta(z.url(), { description: 'The tracking page; for a confidential report it carries the view key' }),
    viewKey: meta(z.optional(z.string()), {
      description: 'Confidential reports only: send as ?k= with GET /v1/reports/{id} to follow the report; given once',
    }),
    uploadToken: meta(z.string(), { description: 'Send as X-Upload-Token to POST /v1/reports/{id}/photos; given once, valid 24 h' }),
    uploadTokenExpiresAt: z.iso.datetime(),
    privacyNotice: meta(z.string(), { description: 'What is kept about the reporter, why, and for how long (UU 27/2022)' }),
    photoNotice: meta(z.string(), { description: 'How to add photos: the upload token is shown once and lasts 24 h' }),
  }),
  { id: 'CreatedReport' },
);
export type CreatedReport = z.infer<typeof createdReportSchema>;

export const repeatedReportSchema = meta(
  z.object({
    id: meta(z.string(), { description: 'Tracking code of the report the first submission made', example: '7KQ4-M9XP' }),
    status: meta(reportStatusSchema, { description: 'Its status now' }),
    createdAt: z.iso.datetime(),
    trackUrl: meta(z.url(), { description: 'The tracking page (a confidential report needs the view key from the first answer)' }),
    repeated: meta(z.literal(true), { description: 'This submission was already received; no new report, no new SMS' }),
    notice: z.string(),
  }),
  { id: 'RepeatedReport' },
);
export type RepeatedReport = z.infer<typeof repeatedReportSchema>;

export const followResultSchema = meta(
  z.object({
    reportId: z.string(),
    following: z.literal(true),
    followerCount: meta(z.number().check(z.int()), { description: 'People following the report now (by phone, and reporters of its duplicates)' }),
  }),
  { id: 'FollowResult' },
);

export const staffReportSchema = meta(
  z.catchall(
    z.object({
      id: z.string(),
      version: z.number().check(z.int()),
      status: z.string(),
      category: z.string(),
      district: z.string(),
      unit: z.optional(z.string()),
      priority: z.string(),
      description: z.string(),
      publicDescription: z.string(),
      location: z.optional(z.object({ lat: z.number(), lon: z.number() })),
      address: z.optional(z.string()),
      confidential: z.boolean(),
      reporter: z.object({
        anonymous: z.boolean(),
        phone: z.optional(z.string()),
        name: z.optional(z.string()),
        email: z.optional(z.string()),
        language: z.string(),
        contactHidden: meta(z.optional(z.boolean()), { description: 'Contact exists but is shown only on request: GET with ?reveal=contact (audited)' }),
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    dueAt: z.optional(z.iso.datetime()),
    verifiedAt: z.optional(z.iso.datetime()),
    resolvedAt: z.optional(z.iso.datetime()),
    closedAt: z.optional(z.iso.datetime()),
    expectedAt: z.optional(z.iso.datetime()),
    autoCloseAt: meta(z.optional(z.iso.datetime()), { description: 'A resolved report closes by itself then, unless reopened' }),
    duplicateOf: z.optional(z.string()),
    agency: z.optional(z.string()),
    followers: meta(z.optional(z.array(z.string())), { description: 'Reports marked as duplicates of this one; their reporters get its SMS' }),
    overdue: z.boolean(),
    escalationLevel: z.number().check(z.int()),
    allowedMoves: z.array(z.string()),
    photos: z.array(photoViewSchema),
    suggestedLocation: z.optional(z.object({ lat: z.number(), lon: z.number(), source: z.string(), photoId: z.string() })),
    history: z.array(z.record(z.string(), z.unknown())),
    smsDeliveries: meta(z.array(z.record(z.string(), z.unknown())), { description: 'Each SMS attempt: sent, skipped (opted out, daily cap) or failed; never the number' }),
    districtSource: meta(z.optional(z.enum(['location', 'citizen'])), { description: 'Whether the location (boundary lookup) or the citizen decided the kecamatan' }),
    citizenDistrict: meta(z.optional(z.string()), { description: 'The kecamatan the citizen chose, when the location says otherwise' }),
    followerCount: meta(z.optional(z.number().check(z.int())), { description: 'Numbers following the report by phone' }),
    likelyDuplicates: meta(
      z.optional(
        z.array(
          z.object({
            id: z.string(),
            status: z.string(),
            district: z.string(),
            createdAt: z.string(),
            distanceMeters: z.number(),
            followerCount: z.number(),
            description: z.string(),
          }),
        ),
      ),
      { description: 'A report waiting for triage: open reports of the same category close by and recent (GET only)' },
    ),
    citizenFeedback: meta(
      z.optional(
        z.object({
          answer: z.enum(['confirmed', 'rejected']),
          at: z.iso.datetime(),
          by: z.enum(['reporter', 'follower']),
          channel: z.literal('sms'),
          resolvedAt: z.optional(z.iso.datetime()),
        }),
      ),
      { description: "The citizen's last answer to the resolution SMS: YA (confirmed) or TIDAK (rejected)" },
    ),
    citizenReopenings: meta(z.optional(z.number().check(z.int())), { description: 'How many times citizens reopened the report by SMS' }),
    }),
    z.unknown(),
  ),
  { id: 'StaffReport' },
);
export type StaffReport = z.infer<typeof staffReportSchema>;

export const staffListItemSchema = meta(
  z.object({
    id: z.string(),
    status: z.string(),
    category: z.string(),
    district: z.string(),
    unit: z.optional(z.string()),
    priority: z.string(),
    createdAt: z.iso.datetime(),
    dueAt: z.optional(z.iso.datetime()),
    overdue: z.boolean(),
    escalationLevel: z.number().check(z.int()),
    followerCount: meta(z.number().check(z.int()), { description: 'Numbers following the report by phone' }),
  }),
  { id: 'StaffReportListItem' },
);
export type StaffListItem = z.infer<typeof staffListItemSchema>;

export const locationViewSchema = meta(
  z.object({
    inJurisdiction: meta(z.boolean(), { description: `In ${jurisdiction.name.en} (the sea within the snap distance of its coast included)` }),
    district: z.nullable(
      z.object({ code: z.string(), officialCode: meta(z.string(), { description: 'Kemendagri code, e.g. 36.04.05' }), name: z.string() }),
    ),
    neighbour: z.nullable(
      z.object({
        code: z.string(),
        name: z.string(),
        kind: z.enum(['kabupaten', 'kota']),
        reportTo: meta(z.string(), { description: 'Where to report instead' }),
      }),
    ),
  }),
  { id: 'LocationLookup' },
);
export type LocationView = z.infer<typeof locationViewSchema>;

export const nearbyItemSchema = meta(
  z.extend(publicListItemSchema, {
    distanceMeters: meta(z.number().check(z.int()), { description: 'From the given point, rounded to the metre' }),
  }),
  { id: 'NearbyReport' },
);

export const open311KeySchema = meta(
  z.object({
    id: z.string(),
    name: z.string(),
    requestsPerHour: z.number().check(z.int()),
    createdAt: z.iso.datetime(),
    createdBy: z.optional(z.string()),
    revokedAt: z.optional(z.iso.datetime()),
  }),
  { id: 'Open311Key' },
);

export const issuedOpen311KeySchema = meta(
  z.extend(open311KeySchema, { key: meta(z.string(), { description: 'The API key; shown this once, stored only as a hash' }) }),
  { id: 'IssuedOpen311Key' },
);
