// GET /v1/stats/dashboard (src/api/routes/dashboard-stats.ts).

export interface DailyTypeCount {
  day: string;
  type: string;
  subtype: string;
  entries: number;
}

export interface DailyUnitCount {
  day: string;
  unit: string;
  type: string;
  entries: number;
}

export interface ChainDailyStats {
  chain: string;
  origin: string;
  entries: number;
  types: Record<string, number>;
  daily: DailyTypeCount[];
  units?: DailyUnitCount[];
}

export interface DashboardStats {
  days: string[];
  chains: ChainDailyStats[];
  unavailable: { chain: string; reason: string }[];
}
