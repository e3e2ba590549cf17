export interface ReportCounts {
  passed: number;
  failed: number;
  skipped: number;
  files: number;
}
export function countReports(files: string[]): ReportCounts;
