// A client that is not .NET, checking a running CuKhoi gateway from outside:
// REST with fetch, gRPC (plaintext h2c) with @grpc/grpc-js and the repository's protos.
//
//   node check.mjs <restBase> <grpcHostPort> <adminKey>
//   node check.mjs http://localhost:8080 localhost:8081 "$KEY"
//
// The google/api and google/type imports come from build/proto-deps (scripts/buf-lint.sh
// puts them there); CUKHOI_PROTO_DEPS names another folder. Prints one "OK" line per check
// and exits 1 at the first mismatch.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const TIMEOUT_MS = 15_000;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const [restBase, grpcTarget, adminKey] = process.argv.slice(2);
if (!restBase || !grpcTarget || !adminKey) {
  console.error('usage: node check.mjs <restBase> <grpcHostPort> <adminKey>');
  process.exit(2);
}

const fail = (what, detail) => {
  console.error(`FAIL ${what}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  process.exit(1);
};
const ok = (what) => console.log(`OK ${what}`);
const expect = (condition, what, detail) => (condition ? ok(what) : fail(what, detail));

/** Accent-insensitive, as the service searches: NFD, marks dropped, đ → d, lower-case. */
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/** proto3 JSON writes int64 as strings ("140"); either form is a number here. */
const int64 = (v) => (v === undefined ? 0 : Number(v));

async function getJson(route, key) {
  const headers = key ? { authorization: `Bearer ${key}` } : {};
  let response, text;
  try {
    response = await fetch(new URL(route, restBase), { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    text = await response.text();
  } catch (error) {
    fail(`GET ${route}`, `${error.message} ${error.cause?.message ?? ''}`);
  }
  if (response.status !== 200) fail(`GET ${route}`, `${response.status} ${text}`);
  return JSON.parse(text);
}

// ---- REST -----------------------------------------------------------------------------
{
  const list = await getJson('/api/v1/articles?q=dan%20van');
  expect(Array.isArray(list.articles) && list.articles.length > 0, 'REST GET /api/v1/articles?q=dan%20van lists articles', list);
  expect(
    list.articles.every((a) => a.status === 'PUBLISHED') && list.articles.some((a) => fold(a.title).includes('dan van')),
    'REST accent-insensitive search: published hits, titled "Dân vận ..."',
    list.articles.map((a) => [a.title, a.status]),
  );
  const admin = await getJson('/api/v1/articles?pageSize=1', adminKey);
  expect(int64(admin.totalSize) >= list.articles.length, 'REST with Authorization: Bearer <admin key> sees every status', admin.totalSize);

  const report = await getJson('/api/v1/reports/annual/2020');
  const value = Object.fromEntries(report.indicators.map((i) => [i.code, int64(i.value)]));
  for (const [code, expected] of [
    ['CONTEST_ENTRIES_SUBMITTED', 11],
    ['CONTEST_ENTRIES_FORWARDED_CITY', 1],
    ['DVK_MODELS_RECOGNISED_DISTRICT', 1],
  ]) {
    expect(value[code] === expected, `REST annual report 2020: ${code} = ${expected}`, value);
  }
}

// ---- gRPC -----------------------------------------------------------------------------
{
  const protos = path.join(repo, 'protos');
  const deps = process.env.CUKHOI_PROTO_DEPS || path.join(repo, 'build', 'proto-deps');
  if (!existsSync(path.join(deps, 'google', 'api', 'annotations.proto'))) {
    fail('google protos', `${deps}/google/api is missing: run scripts/buf-lint.sh (or set CUKHOI_PROTO_DEPS)`);
  }

  const definition = protoLoader.loadSync('cukhoi/articles/v1/articles.proto', {
    includeDirs: [protos, deps],
    longs: String,
    enums: String,
    defaults: true,
  });
  const { ArticleService } = grpc.loadPackageDefinition(definition).cukhoi.articles.v1;
  const client = new ArticleService(grpcTarget, grpc.credentials.createInsecure());
  const call = (method, request, metadata = new grpc.Metadata()) =>
    new Promise((resolve, reject) =>
      client[method](request, metadata, { deadline: Date.now() + TIMEOUT_MS }, (error, response) => (error ? reject(error) : resolve(response))),
    );

  try {
    const response = await call('ListArticles', { q: 'dan van kheo', pageSize: 3 });
    expect(response.articles.length > 0, 'gRPC cukhoi.articles.v1.ArticleService/ListArticles q="dan van kheo" answers', response);
    expect(
      response.articles.some((a) => a.title.includes('Dân vận khéo')) && response.articles.every((a) => a.status === 'PUBLISHED'),
      'gRPC search finds "Dân vận khéo" without accents, published only',
      response.articles.map((a) => [a.title, a.status]),
    );

    // Drafts need a key: refused anonymously, answered with `authorization` metadata.
    const refused = await call('ListArticles', { status: 'DRAFT' }).then(
      () => null,
      (error) => error,
    );
    expect(refused?.code === grpc.status.PERMISSION_DENIED, 'gRPC status=DRAFT without a key is PERMISSION_DENIED', refused?.message ?? 'answered');
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${adminKey}`);
    const drafts = await call('ListArticles', { status: 'DRAFT' }, metadata);
    expect(drafts.articles.every((a) => a.status === 'DRAFT'), 'gRPC status=DRAFT with the admin key lists drafts only', drafts.articles.map((a) => a.status));
  } catch (error) {
    fail('gRPC call', `${error.code} ${error.details ?? error.message}`);
  } finally {
    client.close();
  }
}

console.log('external client: all checks passed');
