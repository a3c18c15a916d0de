/** The parts of GET /v1/stats (OpenAPI schema `Statistics`) this page reads. */
export interface Duration {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
  medianDays: number | null;
  p90Days: number | null;
}

export interface Stage {
  done: number;
  onTime: number;
  share: number | null;
}

export interface Figures {
  totals: { received: number; verified: number; resolved: number; openNow?: number; overdueNow?: number };
  durations: { toVerify: Duration; toStart: Duration; toResolve: Duration };
  onTime: { received: Stage; verified: Stage; inProgress: Stage; all: Stage };
}

export interface Named {
  code: string;
  name: string;
}

export interface Statistics extends Figures {
  from: string;
  to: string;
  byDistrict: Array<Figures & { district: Named }>;
  byUnit: Array<Figures & { unit: Named }>;
  monthly: Array<Figures & { month: string }>;
}
