using CuKhoi.Gateway.Audit;
using CuKhoi.Gateway.Extensions;
using CuKhoi.Gateway.Http;
using CuKhoi.Gateway.Operations;
using CuKhoi.Gateway.Reports;
using CuKhoi.Gateway.Rules;
using CuKhoi.Gateway.Security;
using CuKhoi.ServiceDefaults;

var builder = WebApplication.CreateSlimBuilder(args);

// Not AddServiceDefaults: the gateway is the public door and takes no internal token.
builder.AddHostDefaults();
builder.AddDatabase("gateway", typeof(Program).Assembly);
builder.AddDownstreamServices();
builder.AddGatewayServices();
builder.AddReports();

var app = builder.Build();

// The whole request pipeline, in order (docs/ARCHITECTURE.md follows one request through it).
app.UseMiddleware<SecurityHeaders>();          // first, so every answer has them, refusals included: nosniff, no referrer, no framing of pages
app.UseMiddleware<DrainingMiddleware>();        // once stopping, new requests are refused (UNAVAILABLE) while those in flight finish
app.UseForwardedHeaders();                      // the client address every later step sees (X-Forwarded-For from known proxies only, none by default)
app.UseApiDocs();                               // /openapi/v1.json and /docs only: the static contract, needs no key, before routing
app.UseRouting();                               // picks the endpoint, so everything below can read its EndpointRule
app.UseCors(GatewayExtensions.CorsPolicy);      // after routing (per-endpoint CORS), before anything can refuse a preflight
app.UseMiddleware<ErrorShapeMiddleware>();      // wraps all below: whatever they or the frameworks answer leaves in the contract's error shape
app.UseAuthentication();                        // who is calling: the API key's principal (or anonymous; a bad key fails here, refused below)
app.UseRateLimiter();                           // per key (per address when anonymous), needs the principal; before audit, so a flood is refused unrecorded
app.UseMiddleware<AuditMiddleware>();           // before authorization: a write refused for its key is audited too
app.UseMiddleware<RequestBodyMiddleware>();     // REST bodies: size, UTF-8 and JSON checked (400/413 before any key check, as always), PATCH keys kept
app.UseAuthorization();                         // last: the rule's policy (public, a scope, admin); 401/403 in the caller's protocol

app.MapForwarders();
app.MapReports();
app.MapGatewayEndpoints();
app.EnsureEveryRpcHasARule();                   // refuse to start when a served gRPC method has no rule

app.Run();
