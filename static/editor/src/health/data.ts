// The /health/ page's boot data (health/health_pages.py) and the small pure helpers its charts use.
export type ActivityDay = { date: string; dau: number; wau: number; mau: number; stickiness: number | null };
export type Cohort = { cohort: string; size: number; active: number[]; retention: Array<number | null> };
export type LtvCohort = { cohort: string; size: number; revenue: number[]; ltv: Array<number | null> };
export type ChannelRow = { channel: string; sends: number; delivered: number; conversions: number; revenue: number;
  cost: number; roi: number | null };
export type HealthBoot = {
  activity: ActivityDay[];
  retention: { cohort: string; periods: number; cohorts: Cohort[] };
  ltv: { cohort: string; periods: number; cohorts: LtvCohort[] };
  lifecycle: { stages: Record<string, number> };
  channels: { currency: string; channels: ChannelRow[] };
};

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

/** White at 0 % to the brand blue at 100 %. */
export function heatColour(share: number): string {
  const s = Math.min(Math.max(share, 0), 1);
  const mix = (from: number, to: number) => Math.round(from + (to - from) * s);
  return `rgb(${mix(255, 79)}, ${mix(255, 91)}, ${mix(255, 213)})`;
}
