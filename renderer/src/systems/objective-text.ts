// Objectives as people write them: the core's canonical text of 30 days is "4w2d"; this says
// "30d" (whole days, else whole hours, else whole minutes, else the core's text).
export function objectiveText(d: { text: string; seconds: number }): string {
  const { seconds } = d;
  if (seconds > 0 && seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds > 0 && seconds % 3_600 === 0) return `${seconds / 3_600}h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60}m`;
  return d.text;
}
