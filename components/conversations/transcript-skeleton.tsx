import { LoadingRegion } from "@/components/layout/page-header-skeleton";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

const TURNS = 6;

/** The transcript's shape (alternating sides) while its turns load, so nothing jumps. */
export function TranscriptSkeleton() {
  return (
    <LoadingRegion label="Loading the transcript">
      <div className="flex flex-col gap-4" aria-hidden="true">
        {Array.from({ length: TURNS }, (_, index) => {
          const isUser = index % 2 === 0;
          return (
            <div key={index} className={cn("flex gap-3", isUser ? "flex-row-reverse" : "flex-row")}>
              <Skeleton className="size-8 shrink-0 rounded-full" />
              <div className={cn("flex w-full max-w-[75%] flex-col gap-1", isUser ? "items-end" : "items-start")}>
                <Skeleton className="h-3 w-16" />
                <Skeleton className={cn("h-16", isUser ? "w-2/3" : "w-full")} />
              </div>
            </div>
          );
        })}
      </div>
    </LoadingRegion>
  );
}
