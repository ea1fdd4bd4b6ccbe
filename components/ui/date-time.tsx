import { formatDateTime, toIsoString } from "@/lib/format";

/** A machine-readable <time> with the human UTC rendering. */
export function DateTime({ value, className }: { value: string | Date; className?: string }) {
  return (
    <time dateTime={toIsoString(value)} className={className}>
      {formatDateTime(value)}
    </time>
  );
}
