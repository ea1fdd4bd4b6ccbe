import { Badge, type BadgeProps } from "@/components/ui/badge";

type Variant = NonNullable<BadgeProps["variant"]>;

// Unknown statuses fall back to neutral rather than guessing a colour.
const VARIANT_BY_STATUS: Record<string, Variant> = {
  // "completed" is what nearly every row says: keep it quiet so the exceptions stand out.
  completed: "secondary",
  draft: "outline",
  approved: "success",
  rejected: "destructive",
  archived: "outline",
};

/** A conversation's status word in a colour that matches what it means; the word itself carries the meaning. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge variant={VARIANT_BY_STATUS[status] ?? "outline"} className="capitalize">
      {status.replaceAll("_", " ")}
    </Badge>
  );
}
