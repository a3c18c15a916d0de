/** Where a new report belongs (the location decides), and the geohash cells the nearby search reads. */
import { describe, expect, it } from 'vitest';
import { geohash } from '../../shared/domain/geohash';
import { cellAndNeighbours, coveredRadiusMeters, geohashBounds } from '../../shared/domain/geohash-cells';
import { DomainError } from '../../shared/domain/errors';
import { toProblemError } from '../../shared/http/error-table';
import { ProblemError, toProblem } from '../../shared/http/problem';
import { locator } from '../../shared/location/configured-locator';
import { placeReport } from '../../shared/location/place-report';

const CIRUAS = { lat: -6.1149, lon: 106.2412 };
const CILEGON = { lat: -6.0006, lon: 106.0217 };

function refusal(fn: () => unknown): ProblemError {
  try {
    fn();
  } catch (err) {
    // the refusal as the HTTP answer it becomes, through the error table
    if (err instanceof DomainError) return toProblemError(err);
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('placing a report', () => {
  it('takes the kecamatan from the location and keeps a different choice for staff', () => {
    expect(placeReport({ district: 'anyar', location: CIRUAS }, locator, 'id')).toEqual({ district: 'ciruas', districtSource: 'location', citizenDistrict: 'anyar' });
    expect(placeReport({ district: 'ciruas', location: CIRUAS }, locator, 'id')).toEqual({ district: 'ciruas', districtSource: 'location' });
    expect(placeReport({ location: CIRUAS }, locator, 'id')).toEqual({ district: 'ciruas', districtSource: 'location' });
  });

  it('keeps the citizen’s choice when there is no location, or no boundaries', () => {
    expect(placeReport({ district: 'kopo' }, locator, 'id')).toEqual({ district: 'kopo', districtSource: 'citizen' });
    expect(placeReport({ district: 'kopo', location: CILEGON }, undefined, 'id')).toEqual({ district: 'kopo', districtSource: 'citizen' });
  });

  it('refuses a neighbour with a 422 naming it and where to report, in the request language', () => {
    const id = toProblem(refusal(() => placeReport({ district: 'anyar', location: CILEGON }, locator, 'id')), 'id');
    expect(id).toMatchObject({ status: 422, neighbour: { code: 'kota-cilegon', name: 'Kota Cilegon', kind: 'kota' }, reportTo: expect.stringContaining('Dinas PUPR Kota Cilegon') });
    expect(id.detail).toBe(
      'Lokasi ini berada di Kota Cilegon, di luar wilayah Kabupaten Serang. Silakan laporkan ke Dinas PUPR Kota Cilegon, atau SP4N-LAPOR! (lapor.go.id).',
    );
    const en = toProblem(refusal(() => placeReport({ location: CILEGON }, locator, 'en')), 'en');
    expect(en.detail).toMatch(/^This location is in Cilegon City, outside Serang Regency\./);
    expect(en.errors).toEqual([{ field: 'location', message: en.detail }]);
  });

  it('refuses a point outside everything as a bad location (400)', () => {
    const p = toProblem(refusal(() => placeReport({ district: 'anyar', location: { lat: -6.9, lon: 107.6 } }, locator, 'en')), 'en');
    expect(p).toMatchObject({ status: 400, errors: [{ field: 'location', message: 'Location is outside the service area' }] });
  });
});

describe('geohash cells around a point', () => {
  it('decodes a cell to bounds that contain the points it encodes', () => {
    const [s, w, n, e] = geohashBounds(geohash(-6.0092, 106.3769));
    expect(s).toBeLessThanOrEqual(-6.0092);
    expect(n).toBeGreaterThan(-6.0092);
    expect(w).toBeLessThanOrEqual(106.3769);
    expect(e).toBeGreaterThan(106.3769);
  });

  it('gives the cell and its eight neighbours, all distinct, each adjacent', () => {
    const cells = cellAndNeighbours(-6.0092, 106.3769);
    expect(cells).toHaveLength(9);
    expect(new Set(cells).size).toBe(9);
    expect(cells[0]).toBe(geohash(-6.0092, 106.3769));
    const [s, w, n, e] = geohashBounds(cells[0]!);
    // a point just across each edge lies in one of the nine
    for (const [lat, lon] of [[s - 1e-6, w + 1e-4], [n + 1e-6, w + 1e-4], [s + 1e-4, w - 1e-6], [s + 1e-4, e + 1e-6], [n + 1e-6, e + 1e-6]] as const) {
      expect(cells).toContain(geohash(lat, lon));
    }
  });

  it('covers the configured radii at this latitude', () => {
    expect(coveredRadiusMeters(-6)).toBeGreaterThan(250);
    expect(coveredRadiusMeters(-6)).toBeLessThan(700);
  });
});
