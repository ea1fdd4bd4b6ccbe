import Link from "next/link";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";

/** The primary action of the overview and the conversations list: start a new batch. */
export function CreateBatchButton() {
  return (
    <Button asChild>
      <Link href="/batches/new">
        <Plus aria-hidden="true" />
        Create a batch
      </Link>
    </Button>
  );
}
