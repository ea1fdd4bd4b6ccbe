import type { Metadata } from "next";
import Link from "next/link";
import { MessagesSquare } from "lucide-react";
import { CreateBatchButton } from "@/components/batch/create-batch-button";
import { ConversationPagination } from "@/components/conversations/conversation-pagination";
import { ConversationList } from "@/components/conversations/conversation-list";
import { ImportButton } from "@/components/import/import-button";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { requireSessionUser } from "@/lib/auth";
import { listConversations, type ConversationSummary } from "@/lib/conversations";
import { HTTP_STATUS_BY_CODE, isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Conversations" };
export const dynamic = "force-dynamic";

interface ConversationsPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function ConversationsPage({ searchParams }: ConversationsPageProps) {
  const user = await requireSessionUser();
  const { cursor: rawCursor } = await searchParams;
  const cursor = typeof rawCursor === "string" && rawCursor !== "" ? rawCursor : undefined;

  const page = await loadPage(user.id, cursor);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Conversations"
        description="Every training conversation you have generated, newest first."
        action={
          <>
            <ImportButton />
            <CreateBatchButton />
          </>
        }
      />
      {page.kind === "invalid-cursor" ? (
        <Alert variant="warning">
          <AlertTitle>This page link no longer works</AlertTitle>
          <AlertDescription>
            <p>It may have been copied incompletely.</p>
            <Link href="/conversations" className="font-medium text-foreground underline underline-offset-4">
              Go to the first page
            </Link>
          </AlertDescription>
        </Alert>
      ) : page.items.length === 0 ? (
        cursor === undefined ? (
          <EmptyState
            icon={MessagesSquare}
            title="No conversations yet"
            description="Create a batch to generate your first conversations; they will be listed here."
            action={<CreateBatchButton />}
          />
        ) : (
          <EmptyState
            icon={MessagesSquare}
            title="No more conversations"
            description="You have reached the end of the list."
            action={
              <Button asChild variant="outline">
                <Link href="/conversations">First page</Link>
              </Button>
            }
          />
        )
      ) : (
        <>
          <ConversationList items={page.items} />
          <ConversationPagination isFirstPage={cursor === undefined} nextCursor={page.nextCursor} />
        </>
      )}
    </div>
  );
}

type PageResult = { kind: "ok"; items: ConversationSummary[]; nextCursor: string | null } | { kind: "invalid-cursor" };

async function loadPage(userId: string, cursor: string | undefined): Promise<PageResult> {
  try {
    const { items, nextCursor } = await listConversations({ userId, cursor });
    return { kind: "ok", items, nextCursor };
  } catch (err) {
    // A hand-edited or truncated ?cursor= is the reader's problem to fix, not a server fault.
    if (cursor !== undefined && isAppError(err) && HTTP_STATUS_BY_CODE[err.code] === 400)
      return { kind: "invalid-cursor" };
    throw err;
  }
}
