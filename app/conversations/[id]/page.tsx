import { Suspense, cache } from "react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { StatusBadge } from "@/components/conversations/status-badge";
import { Transcript } from "@/components/conversations/transcript";
import { TranscriptSkeleton } from "@/components/conversations/transcript-skeleton";
import { PageHeader } from "@/components/layout/page-header";
import { DateTime } from "@/components/ui/date-time";
import { requireSessionUser } from "@/lib/auth";
import { getConversationSummary, listConversationTurns, type ConversationSummary } from "@/lib/conversations";
import { ErrorCode, isAppError } from "@/lib/errors";
import { pluralize } from "@/lib/format";
import { isUuid } from "@/lib/uuid";

export const dynamic = "force-dynamic";

interface ConversationPageProps {
  params: Promise<{ id: string }>;
}

/**
 * The conversation, or null when it does not exist or belongs to someone else (the two are
 * indistinguishable on purpose). cache() shares one query between metadata and the page.
 */
const loadConversation = cache(async (id: string): Promise<ConversationSummary | null> => {
  if (!isUuid(id)) return null;
  const user = await requireSessionUser();
  try {
    return await getConversationSummary({ userId: user.id, id });
  } catch (err) {
    if (isAppError(err) && err.code === ErrorCode.NOT_FOUND) return null;
    throw err;
  }
});

export async function generateMetadata({ params }: ConversationPageProps): Promise<Metadata> {
  const conversation = await loadConversation((await params).id);
  return { title: conversation?.title ?? "Page not found" };
}

/*
 * No loading.tsx for this segment on purpose: a loading boundary sends the page's first
 * bytes (and so HTTP 200) before the lookup runs, and a missing conversation would then
 * show "not found" with status 200. The lookup runs first, so notFound() still answers 404;
 * only the transcript streams in behind its skeleton.
 */
export default async function ConversationPage({ params }: ConversationPageProps) {
  const conversation = await loadConversation((await params).id);
  if (conversation === null) notFound();

  const facts = [conversation.topic, conversation.persona, conversation.emotion].filter((fact): fact is string =>
    Boolean(fact),
  );
  const description = [
    ...facts.map((fact, index) => <span key={`fact-${index}`}>{fact}</span>),
    <span key="turns" className="tabular-nums">
      {pluralize(conversation.turnCount, "turn")}
    </span>,
    <span key="created">
      Created <DateTime value={conversation.createdAt} className="tabular-nums" />
    </span>,
  ];

  return (
    <div className="space-y-6">
      <Link
        href="/conversations"
        className="inline-flex items-center gap-1 rounded-sm text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        All conversations
      </Link>
      <PageHeader
        title={conversation.title}
        description={
          <span className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
            {description.map((part, index) => (
              <span key={index} className="inline-flex items-center gap-x-1.5">
                {index > 0 ? <span aria-hidden="true">·</span> : null}
                {part}
              </span>
            ))}
          </span>
        }
        action={<StatusBadge status={conversation.status} />}
      />
      <Suspense fallback={<TranscriptSkeleton />}>
        <ConversationTranscript id={conversation.id} />
      </Suspense>
    </div>
  );
}

async function ConversationTranscript({ id }: { id: string }) {
  const user = await requireSessionUser();
  const turns = await listConversationTurns({ userId: user.id, id });
  if (turns.length === 0) {
    return (
      <p className="rounded-lg border border-dashed px-6 py-10 text-center text-sm text-muted-foreground">
        This conversation has no turns.
      </p>
    );
  }
  return <Transcript turns={turns} />;
}
