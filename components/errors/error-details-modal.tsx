"use client";

/**
 * The error-details modal: a plain-words Summary and the Technical details (searchable stack
 * and context, and for an API error the request and its response), with Copy and Report
 * issue. Loaded lazily by ErrorDetailsHost the first time an error is opened, so pages do not
 * ship it up front.
 */
import * as React from "react";
import { AlertTriangle, Bug, Check, Copy, ShieldCheck } from "lucide-react";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { DateTime } from "@/components/ui/date-time";
import { clientEnv } from "@/lib/client-env";
import { notificationManager } from "@/components/notifications/notification-manager";
import { copyText } from "./copy-text";
import {
  adviceFor,
  buildErrorDetails,
  buildReportMailto,
  detailsJson,
  errorFingerprint,
  kindLabel,
  requestLines,
  responseLines,
  searchLines,
  type ErrorDetailsView,
} from "./error-details-data";
import type { ErrorDetailsEntry } from "./error-details-store";
import { HighlightedText } from "./highlighted-text";

export interface ErrorDetailsModalProps {
  entry: ErrorDetailsEntry;
  open: boolean;
  onClose: () => void;
  /** Overrides for tests and previews; the app uses clientEnv. */
  supportEmail?: string;
  appVersion?: string;
}

function ErrorDetailsModal({
  entry,
  open,
  onClose,
  supportEmail = clientEnv.supportEmail,
  appVersion = clientEnv.appVersion,
}: ErrorDetailsModalProps) {
  const view = React.useMemo(() => buildErrorDetails(entry.error, entry.extra), [entry]);

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <DialogContent
        size="xl"
        onCloseAutoFocus={(event) => {
          // Opened from code (a toast, a boundary), not a Dialog.Trigger: send focus back ourselves.
          const opener = entry.opener;
          if (opener && opener.isConnected) {
            event.preventDefault();
            opener.focus();
          }
        }}
      >
        {/* Keyed by the opening so a second error starts on Summary with an empty search. */}
        <ErrorDetailsBody key={entry.key} view={view} supportEmail={supportEmail} appVersion={appVersion} />
      </DialogContent>
    </Dialog>
  );
}

interface BodyProps {
  view: ErrorDetailsView;
  supportEmail: string;
  appVersion: string;
}

function ErrorDetailsBody({ view, supportEmail, appVersion }: BodyProps) {
  const { details, redactedCount } = view;
  const [manualCopy, setManualCopy] = React.useState<string | null>(null);
  const [copied, setCopied] = React.useState(false);
  const reportHref = React.useMemo(
    () => buildReportMailto(details, { supportEmail, appVersion }),
    [details, supportEmail, appVersion],
  );

  async function handleCopy() {
    const json = detailsJson(view, appVersion);
    if (await copyText(json)) {
      setManualCopy(null);
      setCopied(true);
      notificationManager.success("Error details copied", { description: "Paste them into your message to support." });
    } else {
      setManualCopy(json);
      notificationManager.info("Copy the details by hand", {
        description: "Your browser blocked copying. The details are selected below: press Ctrl+C (⌘C on a Mac).",
      });
    }
  }

  return (
    <>
      <DialogHeader>
        <DialogTitle>
          <AlertTriangle aria-hidden="true" className="text-destructive" />
          Error details
        </DialogTitle>
        <DialogDescription>
          {details.userMessage}
          {details.subject ? ` (${details.subject})` : ""}
        </DialogDescription>
        <p className="flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="redaction-notice">
          <ShieldCheck aria-hidden="true" className="size-3.5" />
          {redactedCount === 0
            ? "No secrets were found in these details."
            : `${redactedCount} ${redactedCount === 1 ? "value was" : "values were"} hidden because ${redactedCount === 1 ? "it looks" : "they look"} like a secret.`}
        </p>
      </DialogHeader>

      <Tabs defaultValue="summary">
        <TabsList aria-label="Error details views">
          <TabsTrigger value="summary">Summary</TabsTrigger>
          <TabsTrigger value="technical">Technical details</TabsTrigger>
        </TabsList>
        <TabsContent value="summary">
          <SummaryTab view={view} />
        </TabsContent>
        <TabsContent value="technical">
          <TechnicalTab view={view} />
        </TabsContent>
      </Tabs>

      {manualCopy !== null && <ManualCopy text={manualCopy} />}

      {/* While the modal is open Radix hides the toasts from screen readers, so the result is said here too. */}
      <p role="status" className="sr-only" data-testid="copy-status">
        {copied
          ? "Error details copied to the clipboard."
          : manualCopy !== null
            ? "Copying was blocked: the details are selected below."
            : ""}
      </p>

      <DialogFooter>
        <Button variant="outline" onClick={() => void handleCopy()}>
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          Copy details
        </Button>
        <Button variant="outline" asChild>
          <a href={reportHref}>
            <Bug aria-hidden="true" />
            Report issue
          </a>
        </Button>
      </DialogFooter>
    </>
  );
}

function Field({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-0.5 sm:grid-cols-[10rem_1fr] sm:gap-3">
      <dt className="font-medium">{term}</dt>
      <dd className="min-w-0 break-words text-muted-foreground">{children}</dd>
    </div>
  );
}

function SummaryTab({ view }: { view: ErrorDetailsView }) {
  const { details } = view;
  return (
    <dl className="grid gap-3 text-sm">
      <Field term="What happened">{details.userMessage}</Field>
      <Field term="Error id">
        <code className="font-mono">{details.errorId}</code>
      </Field>
      <Field term="Type">{kindLabel(details.category)}</Field>
      <Field term="Recoverable">
        {details.isRecoverable ? "Yes: trying again can work." : "No: trying the same thing again will not help."}
      </Field>
      {details.timestamp && (
        <Field term="When it happened">
          <DateTime value={details.timestamp} />
        </Field>
      )}
      {details.batchId && (
        <Field term="Batch">
          <code className="font-mono">{details.batchId}</code>
        </Field>
      )}
      {details.itemId && (
        <Field term="Item">
          <code className="font-mono">{details.itemId}</code>
        </Field>
      )}
      <Field term="What you can do">{adviceFor(details)}</Field>
    </dl>
  );
}

function TechnicalTab({ view }: { view: ErrorDetailsView }) {
  const { details } = view;
  const [query, setQuery] = React.useState("");
  const [appFramesOnly, setAppFramesOnly] = React.useState(false);
  const searchId = React.useId();
  const framesId = React.useId();
  const lines = searchLines(details, query, appFramesOnly);
  const searching = query.trim() !== "";

  return (
    <div className="grid gap-4 text-sm">
      <dl className="grid gap-3">
        <Field term="Code">
          <code className="font-mono">{details.code}</code>
        </Field>
        <Field term="Name">{details.name}</Field>
        <Field term="Message">{details.message}</Field>
        <Field term="Fingerprint">
          <code className="font-mono">{errorFingerprint(details)}</code>
        </Field>
        {details.timestamp && (
          <Field term="Happened at">
            <DateTime value={details.timestamp} /> <span className="font-mono text-xs">({details.timestamp})</span>
          </Field>
        )}
      </dl>

      <div className="grid gap-2 sm:grid-cols-[1fr_auto] sm:items-end">
        <div className="grid gap-1.5">
          <Label htmlFor={searchId}>Search the stack trace and context</Label>
          <Input
            id={searchId}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="flex h-9 items-center gap-2">
          <input
            id={framesId}
            type="checkbox"
            className="size-4 accent-primary"
            checked={appFramesOnly}
            onChange={(event) => setAppFramesOnly(event.target.checked)}
          />
          <Label htmlFor={framesId}>App frames only</Label>
        </div>
      </div>
      <p aria-live="polite" className="text-xs text-muted-foreground" data-testid="match-count">
        {searching ? `${lines.matchCount} ${lines.matchCount === 1 ? "match" : "matches"}` : ""}
      </p>

      <Section title="Stack trace" empty={searching ? "No match in the stack trace." : "No stack trace was recorded."}>
        {lines.stack.length > 0 && <Lines lines={lines.stack} query={query} label="Stack trace" />}
      </Section>
      <Section title="Context" empty={searching ? "No match in the context." : "No context was recorded."}>
        {lines.context.length > 0 && <Lines lines={lines.context} query={query} label="Context" />}
      </Section>
      {/* Only an API call has these; other errors do not show empty sections. */}
      {details.request && (
        <Section title="Request" empty="">
          <Lines lines={requestLines(details.request)} query="" label="Request" />
        </Section>
      )}
      {(details.request || details.response) && (
        <Section title="Response" empty="No response: the request did not reach the server.">
          {details.response && <Lines lines={responseLines(details.response)} query="" label="Response" />}
        </Section>
      )}
    </div>
  );
}

function Section({ title, empty, children }: { title: string; empty: string; children: React.ReactNode }) {
  return (
    <section className="grid gap-1.5">
      <h3 className="font-medium">{title}</h3>
      {children || <p className="text-muted-foreground">{empty}</p>}
    </section>
  );
}

function Lines({ lines, query, label }: { lines: string[]; query: string; label: string }) {
  return (
    // Focusable so keyboard users can scroll long traces (axe: scrollable-region-focusable); a named
    // region because a plain <pre> may not carry aria-label (axe: aria-prohibited-attr).
    <pre
      tabIndex={0}
      role="region"
      aria-label={label}
      className="max-h-60 overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed outline-none focus-visible:ring-2 focus-visible:ring-ring"
    >
      {lines.map((line, index) => (
        <div key={index}>
          <HighlightedText text={line} query={query} />
        </div>
      ))}
    </pre>
  );
}

function ManualCopy({ text }: { text: string }) {
  const ref = React.useRef<HTMLTextAreaElement>(null);
  const id = React.useId();
  React.useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, [text]);
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>Copying was blocked: select this text and copy it</Label>
      <textarea
        id={id}
        ref={ref}
        readOnly
        value={text}
        rows={6}
        className="w-full rounded-md border bg-background p-2 font-mono text-xs"
      />
    </div>
  );
}

export default ErrorDetailsModal;
