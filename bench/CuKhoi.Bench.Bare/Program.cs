using CuKhoi.Bench.Bare;

// GET /articles/{id-or-slug} and GET /search?q=...: what the articles service does for
// GetArticle and for an anonymous ListArticles with q, minus everything around it.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJson.Default));
builder.Services.AddSingleton(new ArticleStore(
    builder.Configuration.GetConnectionString("Default")
        ?? throw new InvalidOperationException("ConnectionStrings:Default (env ConnectionStrings__Default) must name the articles database.")));

var app = builder.Build();

app.MapGet("/articles/{id}", async (string id, ArticleStore store, CancellationToken ct) =>
    await store.FindAsync(id, ct) is { } article ? Results.Ok(article) : Results.NotFound());

app.MapGet("/search", async (string? q, ArticleStore store, CancellationToken ct) =>
    await store.SearchAsync(q ?? string.Empty, ct) is { } page ? Results.Ok(page) : Results.BadRequest());

app.Run();
