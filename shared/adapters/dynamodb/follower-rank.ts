/**
 * The sort key that ranks reports by how many people follow them (`gsi13-followers`, partition `statusKey`):
 * the count, zero-padded so strings sort as numbers, then creation time and code so equal counts stay in a stable
 * order and every key is unique. Sparse: a report nobody follows has none.
 */
export const followerSortKey = (count: number, report: { createdAt: string; id: string }) =>
  `${String(count).padStart(6, '0')}#${report.createdAt}#${report.id}`;

export const followerCountOf = (report: { followerCount?: number; followers?: string[] }) =>
  (report.followerCount ?? 0) + new Set(report.followers ?? []).size;
