// The ward portal's path through the gateway, with a client generated from the document
// the gateway serves (openapi-typescript → src/generated/schema.d.ts) and openapi-fetch:
// list and search articles without accents, read one by slug and again with If-None-Match,
// create and publish one with a key, read the 2020 report. Compiled with tsc --strict, so a
// document that no longer matches what the portal calls fails at compile time.
//
//   npm run generate && npm run build && node dist/portal.js <restBase> <apiKey>
//
// Prints one "OK" line per check and exits 1 at the first mismatch.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

type Article = components["schemas"]["Articles.V1.Article"];
type Status = components["schemas"]["Google.Rpc.Status"];

const [restBase, apiKey] = process.argv.slice(2);
if (!restBase || !apiKey) {
  console.error("usage: node dist/portal.js <restBase> <apiKey>");
  process.exit(2);
}

const gateway = createClient<paths>({ baseUrl: restBase.replace(/\/$/, "") });
const auth = { Authorization: `Bearer ${apiKey}` };

function fail(what: string, detail: unknown): never {
  console.error(`FAIL ${what}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
  process.exit(1);
}

function expect(condition: boolean, what: string, detail: unknown): void {
  if (!condition) fail(what, detail);
  console.log(`OK ${what}`);
}

/** A typed success, or the typed google.rpc.Status of the failure. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data === undefined) fail(what, `${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Accent-insensitive, as the service searches: NFD, marks dropped, đ → d, lower-case. */
const fold = (s: string): string => s.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();

// ---- List, then search without accents ------------------------------------------------
const list = ok(await gateway.GET("/api/v1/articles", { params: { query: { pageSize: 5 } } }), "GET /api/v1/articles");
const listed: Article[] = list.articles ?? [];
expect(listed.length > 0 && listed.every((a) => a.status === "PUBLISHED"), "list: published articles only, for an anonymous portal", listed.map((a) => a.status));

const search = ok(
  await gateway.GET("/api/v1/articles", { params: { query: { q: "kiem tra giam sat", orderBy: "relevance" } } }),
  "GET /api/v1/articles?q=kiem tra giam sat",
);
const hit = (search.articles ?? []).find((a) => fold(a.title ?? "").includes("kiem tra giam sat"));
expect(hit !== undefined, "search without accents finds \"Kiểm tra giám sát\"", (search.articles ?? []).map((a) => a.title));

// ---- One article by slug, then If-None-Match -------------------------------------------
const slug = hit?.slug ?? fail("search", "the hit has no slug");
const first = await gateway.GET("/api/v1/articles/{id}", { params: { path: { id: slug } } });
const article = ok(first, `GET /api/v1/articles/${slug}`);
const etag = first.response.headers.get("ETag");
expect(article.id === hit?.id && etag !== null, "read by slug: the same article, with an ETag", { id: article.id, etag });
// int64 is a string in proto3 JSON; the generated type says so.
const views: string | undefined = article.viewCount;
expect(views === undefined || /^\d+$/.test(views), "viewCount is a 64-bit integer as a string", views);

const again = await gateway.GET("/api/v1/articles/{id}", { params: { path: { id: slug }, header: { "If-None-Match": etag ?? "" } } });
expect(again.response.status === 304, "If-None-Match with that ETag: 304 Not Modified", again.response.status);

// ---- Create with a key, then publish ------------------------------------------------------
const anonymous = await gateway.POST("/api/v1/articles", { body: { title: "Không có khóa" } });
const refusal: Status | undefined = anonymous.response.status === 401 ? (anonymous.error as Status) : undefined;
expect(refusal?.code === 16 && (refusal.details ?? []).some((d) => "locale" in d && d.locale === "vi-VN"), "create without a key: 401 google.rpc.Status with a vi-VN message", anonymous.error);

const idempotencyKey = `portal-${Date.now()}`;
const created = await gateway.POST("/api/v1/articles", {
  params: { header: { ...auth, "Idempotency-Key": idempotencyKey } },
  body: { title: `Cổng thông tin phường đưa tin ${idempotencyKey}`, category: "tin-tuc", body: "<p>Bài viết từ cổng thông tin.</p>", tags: ["cổng thông tin"] },
});
const draft = ok(created, "POST /api/v1/articles with a key");
expect(created.response.status === 201 && created.response.headers.get("Location") === `/api/v1/articles/${draft.id}`, "create: 201 with Location", {
  status: created.response.status,
  location: created.response.headers.get("Location"),
});
expect(draft.status === "DRAFT", "a new article is a DRAFT", draft.status);

const published = ok(
  await gateway.POST("/api/v1/articles/{id}:publish", {
    params: { path: { id: draft.id ?? "" }, header: { ...auth, "If-Match": created.response.headers.get("ETag") ?? "" } },
    body: {},
  }),
  `POST /api/v1/articles/${draft.id}:publish`,
);
expect(published.status === "PUBLISHED" && published.publishTime !== undefined, "publish with If-Match: PUBLISHED, with a publish time", published);

// ---- The 2020 report -------------------------------------------------------------------------
const report = ok(await gateway.GET("/api/v1/reports/annual/{year}", { params: { path: { year: 2020 } } }), "GET /api/v1/reports/annual/2020");
const value = new Map((report.indicators ?? []).map((i) => [i.code, Number(i.value ?? "0")]));
for (const [code, expected] of [
  ["CONTEST_ENTRIES_SUBMITTED", 11],
  ["CONTEST_ENTRIES_FORWARDED_CITY", 1],
  ["DVK_MODELS_RECOGNISED_DISTRICT", 1],
] as const) {
  expect(value.get(code) === expected, `report 2020: ${code} = ${expected}`, Object.fromEntries(value));
}
console.log("OK portal client: every check passed");
