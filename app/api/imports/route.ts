import { jsonResponse, parseQuery, withRoute } from "@/lib/http/route-handler";
import { assertImportMediaType, importFile, importQuerySchema } from "@/lib/import";

/**
 * POST /api/imports?format=backup|messages|sharegpt[&sha256=<hex>] with the file as the body
 * (application/json for a backup; application/x-ndjson, application/jsonl or text/plain for
 * JSONL) -> 200 ImportResult. All or nothing per file: 400 with details.lines naming the bad
 * lines, 409 checksum or id conflict, 413 over the size cap, 429 over the import rate.
 * The user is resolved (401) before a byte of the body is read.
 */
export const POST = withRoute({
  parse: (request) => {
    const query = parseQuery(request, importQuerySchema);
    assertImportMediaType(query.format, request.headers.get("content-type"));
    return query;
  },
  handle: async ({ request, input, user }) =>
    jsonResponse(
      await importFile({
        userId: user.id,
        format: input.format,
        sha256: input.sha256,
        body: request.body,
        declaredLength: request.headers.get("content-length"),
      }),
    ),
});
