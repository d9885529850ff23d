// bench/soak.sh's driver. Two phases, so the script can bring every host back between them:
//   load   --gateway URL --admin-key K --state FILE --seconds S --max-requests N --concurrency C
//   verify --gateway URL --state FILE [--articles-killed]
// The load phase writes what was attempted and acknowledged to FILE; verify replays every
// keyed create (acknowledged or not) and checks each record exists exactly once, and that
// the stored view counts are neither above what was attempted nor below what was
// acknowledged (less, after a kill -9 of the articles service, the ≤ 100 ms it buffers).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

var options = Options.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.Gateway), Timeout = TimeSpan.FromSeconds(15) };
return options.Phase switch
{
    "load" => await Load.RunAsync(http, options),
    "verify" => await Verify.RunAsync(http, options),
    _ => Options.Usage(),
};

internal sealed record Options(string Phase, string Gateway, string AdminKey, string State, int Seconds, long MaxRequests, int Concurrency, bool ArticlesKilled)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new Options(
            args.FirstOrDefault() ?? "",
            Value("--gateway", "http://127.0.0.1:8080"),
            Value("--admin-key", ""),
            Value("--state", "soak-state.json"),
            int.Parse(Value("--seconds", "600")),
            long.Parse(Value("--max-requests", "2000000")),
            int.Parse(Value("--concurrency", "8")),
            args.Contains("--articles-killed"));
    }

    public static int Usage()
    {
        Console.Error.WriteLine("usage: CuKhoi.Soak load|verify --gateway URL --state FILE [--admin-key K --seconds S --max-requests N --concurrency C] [--articles-killed]");
        return 2;
    }
}

/// <summary>One keyed create: what was sent, and the id if the gateway acknowledged it.</summary>
internal sealed record Create(string Kind, string Key, string Body, string Marker, string? Id);

/// <summary>What the load phase leaves for the verify phase.</summary>
internal sealed record SoakState(
    string EditorKey,
    List<Create> Creates,
    Dictionary<string, long> ViewsAttempted,
    Dictionary<string, long> ViewsAcknowledged,
    Dictionary<string, long> Errors,
    long Requests,
    double Seconds);

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}

internal static class Load
{
    public static async Task<int> RunAsync(HttpClient http, Options options)
    {
        var editor = await CreateKeyAsync(http, options.AdminKey);
        var creates = new ConcurrentBag<Create>();
        var published = new ConcurrentBag<string>();
        var viewsAttempted = new ConcurrentDictionary<string, long>();
        var viewsAcknowledged = new ConcurrentDictionary<string, long>();
        var errors = new ConcurrentDictionary<string, long>();
        long requests = 0;
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(options.Seconds);

        // A few published articles first, for the views (retried until the suite answers).
        while (published.Count < 4 && clock.Elapsed < end)
        {
            var (id, _) = await CreateAsync(http, editor, "article", errors, creates);
            if (id is not null && await SendAsync(http, HttpMethod.Post, $"/api/v1/articles/{id}:publish", editor, "{}", errors) is { IsSuccessStatusCode: true })
            {
                published.Add(id);
            }
        }

        var targets = published.ToArray();
        async Task WorkerAsync(int worker)
        {
            var random = new Random(worker);
            while (clock.Elapsed < end && Interlocked.Increment(ref requests) <= options.MaxRequests)
            {
                switch (random.Next(10))
                {
                    case 0:
                        await CreateAsync(http, editor, "article", errors, creates);
                        break;
                    case 1:
                        await CreateAsync(http, editor, "dvk-model", errors, creates);
                        break;
                    case 2 or 3 or 4:
                    {
                        var id = targets[random.Next(targets.Length)];
                        viewsAttempted.AddOrUpdate(id, 1, (_, n) => n + 1);
                        if (await SendAsync(http, HttpMethod.Post, $"/api/v1/articles/{id}:view", null, "{}", errors) is { IsSuccessStatusCode: true })
                        {
                            viewsAcknowledged.AddOrUpdate(id, 1, (_, n) => n + 1);
                        }

                        break;
                    }

                    case 5 or 6:
                        await SendAsync(http, HttpMethod.Get, $"/api/v1/articles/{targets[random.Next(targets.Length)]}", null, null, errors);
                        break;
                    case 7:
                        await SendAsync(http, HttpMethod.Get, "/api/v1/articles?q=dan%20van&pageSize=5", null, null, errors);
                        break;
                    case 8:
                        await SendAsync(http, HttpMethod.Get, "/api/v1/dvk-models?pageSize=5", null, null, errors);
                        break;
                    default:
                        await SendAsync(http, HttpMethod.Get, "/api/v1/contests?pageSize=5", null, null, errors);
                        break;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(() => WorkerAsync(w))));
        var state = new SoakState(
            editor,
            [.. creates],
            new(viewsAttempted),
            new(viewsAcknowledged),
            new(errors),
            Math.Min(Interlocked.Read(ref requests), options.MaxRequests),
            clock.Elapsed.TotalSeconds);
        await File.WriteAllTextAsync(options.State, JsonSerializer.Serialize(state, Json.Options));

        var acknowledged = state.Creates.Count(c => c.Id is not null);
        Console.WriteLine($"load: {state.Requests} requests in {state.Seconds:F0} s ({state.Requests / state.Seconds:F0}/s), " +
                          $"{state.Creates.Count} keyed creates ({acknowledged} acknowledged), " +
                          $"{state.ViewsAttempted.Values.Sum()} views ({state.ViewsAcknowledged.Values.Sum()} acknowledged)");
        Console.WriteLine($"errors by kind ({state.Errors.Values.Sum()} in all):");
        foreach (var (kind, count) in state.Errors.OrderByDescending(e => e.Value))
        {
            Console.WriteLine($"  {count,7}  {kind}");
        }

        return 0;
    }

    private static async Task<string> CreateKeyAsync(HttpClient http, string adminKey)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/keys")
            {
                Content = Json.Body("""{"name":"soak","scopes":["articles:write","dvk:write","reports:read"]}"""),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            try
            {
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
                }
            }
            catch (HttpRequestException) when (attempt < 50)
            {
            }

            if (attempt >= 50)
            {
                throw new InvalidOperationException("could not create the soak's API key");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A keyed create of a record whose body carries a marker unique to it.</summary>
    public static async Task<(string? Id, Create Create)> CreateAsync(HttpClient http, string key, string kind, ConcurrentDictionary<string, long> errors, ConcurrentBag<Create> creates)
    {
        var marker = $"soak-{Guid.NewGuid():N}";
        var body = kind == "article"
            ? JsonSerializer.Serialize(new { title = $"Tin kiểm thử {marker}", summary = "Tóm tắt", body = "<p>Nội dung</p>", category = "tin-tuc" })
            : JsonSerializer.Serialize(new { kind = "MODEL", name = $"Mô hình kiểm thử {marker}", ownerUnit = "Chi bộ Tổ dân phố số 3", field = "CULTURE_SOCIETY", topics = new[] { "môi trường" }, year = 2021 });
        var requestId = Guid.NewGuid().ToString("N");
        var id = await CreateOnceAsync(http, key, kind, requestId, body, errors);
        var create = new Create(kind, requestId, body, marker, id);
        creates.Add(create);
        return (id, create);
    }

    public static async Task<string?> CreateOnceAsync(HttpClient http, string key, string kind, string requestId, string body, ConcurrentDictionary<string, long>? errors)
    {
        var path = kind == "article" ? "/api/v1/articles" : "/api/v1/dvk-models";
        using var response = await SendAsync(http, HttpMethod.Post, path, key, body, errors, ("Idempotency-Key", requestId));
        return response is { IsSuccessStatusCode: true }
            ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>()
            : null;
    }

    /// <summary>One call; a failure is counted under its kind (status and reason, or the transport error).</summary>
    public static async Task<HttpResponseMessage?> SendAsync(
        HttpClient http, HttpMethod method, string path, string? key, string? body, ConcurrentDictionary<string, long>? errors, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = Json.Body(body);
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        try
        {
            var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode && errors is not null)
            {
                errors.AddOrUpdate($"{method} {Shape(path)} → {(int)response.StatusCode} {await ReasonAsync(response)}", 1, (_, n) => n + 1);
            }

            await response.Content.LoadIntoBufferAsync();
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            errors?.AddOrUpdate($"{method} {Shape(path)} → transport: {e.GetType().Name} {(e as HttpRequestException)?.HttpRequestError}", 1, (_, n) => n + 1);
            // As a client would: no hammering of a gateway that is not there.
            await Task.Delay(100);
            return null;
        }
    }

    private static string Shape(string path) =>
        string.Join('/', path.Split('?')[0].Split('/').Select(s => s.Length > 20 ? "{id}" + (s.Contains(':') ? s[s.IndexOf(':')..] : "") : s));

    private static async Task<string> ReasonAsync(HttpResponseMessage response)
    {
        try
        {
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            var reason = error?["details"]?.AsArray().Select(d => d?["reason"]?.GetValue<string>()).FirstOrDefault(r => r is not null);
            return reason ?? error?["status"]?.GetValue<string>() ?? "";
        }
        catch (JsonException)
        {
            return "(no JSON body)";
        }
    }
}

internal static class Verify
{
    public static async Task<int> RunAsync(HttpClient http, Options options)
    {
        var state = JsonSerializer.Deserialize<SoakState>(await File.ReadAllTextAsync(options.State), Json.Options)!;
        var problems = new List<string>();

        // Every keyed create again, acknowledged or not: the same key must give the same
        // record (an acknowledged one its original id), so afterwards each exists once.
        var replayed = new Dictionary<string, string>();
        foreach (var create in state.Creates)
        {
            var id = await Load.CreateOnceAsync(http, state.EditorKey, create.Kind, create.Key, create.Body, null);
            if (id is null)
            {
                problems.Add($"replay of {create.Kind} {create.Key} failed");
            }
            else if (create.Id is not null && create.Id != id)
            {
                problems.Add($"replay of acknowledged {create.Kind} {create.Key} gave {id}, not {create.Id}");
            }
            else
            {
                replayed[create.Marker] = id;
            }
        }

        // Then the stored records, from the exports: each marker exactly once.
        var stored = new Dictionary<string, int>();
        foreach (var (path, field, name) in new[] { ("/api/v1/articles:export", "article", "title"), ("/api/v1/dvk-models:export", "dvkModel", "name") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", state.EditorKey);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                var text = JsonNode.Parse(line)?[field]?[name]?.GetValue<string>();
                var marker = text?.Split(' ').LastOrDefault(w => w.StartsWith("soak-", StringComparison.Ordinal));
                if (marker is not null)
                {
                    stored[marker] = stored.GetValueOrDefault(marker) + 1;
                }
            }
        }

        var missing = state.Creates.Count(c => !stored.ContainsKey(c.Marker));
        var duplicated = stored.Count(s => s.Value > 1);
        if (missing > 0)
        {
            problems.Add($"{missing} records missing after the replay");
        }

        if (duplicated > 0)
        {
            problems.Add($"{duplicated} records stored more than once");
        }

        // Views: never more than attempted; no fewer than acknowledged, except what a
        // kill -9 of the articles service took from its buffer (≤ 100 ms of increments).
        long lost = 0;
        foreach (var (id, attempted) in state.ViewsAttempted)
        {
            using var response = await Load.SendAsync(http, HttpMethod.Get, $"/api/v1/articles/{id}", null, null, null);
            var count = long.Parse(JsonNode.Parse(await response!.Content.ReadAsStringAsync())!["viewCount"]!.GetValue<string>());
            var acknowledged = state.ViewsAcknowledged.GetValueOrDefault(id);
            if (count > attempted)
            {
                problems.Add($"article {id}: {count} views stored, only {attempted} attempted (counted twice)");
            }

            lost += Math.Max(0, acknowledged - count);
        }

        if (lost > 0 && !options.ArticlesKilled)
        {
            problems.Add($"{lost} acknowledged views lost without a kill -9 of the articles service");
        }

        Console.WriteLine($"verify: {state.Creates.Count} keyed creates replayed, {stored.Count} stored once each, {missing} missing, {duplicated} duplicated; " +
                          $"views: {state.ViewsAcknowledged.Values.Sum()} acknowledged, {lost} lost" +
                          (options.ArticlesKilled ? " (allowed: the articles service was killed with -9, its ≤ 100 ms buffer goes with it)" : ""));
        foreach (var problem in problems.Take(20))
        {
            Console.WriteLine($"  PROBLEM {problem}");
        }

        Console.WriteLine(problems.Count == 0 ? "verify: PASS" : $"verify: FAIL ({problems.Count} problems)");
        return problems.Count == 0 ? 0 : 1;
    }
}
