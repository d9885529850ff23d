using System.Net;
using System.Text.Json;
using CuKhoi.EndToEnd.Support;
using Xunit.Abstractions;

namespace CuKhoi.EndToEnd;

/// <summary>
/// Idempotency across replicas: a retried create may reach the other instance than its first
/// try, so only the shared database (the key's lock and its stored answer) keeps it to one record.
/// </summary>
[Collection(ReplicatedCollection.Name)]
public sealed class ConcurrentCreateTests(ReplicatedSystemFixture fixture, ITestOutputHelper log)
{
    private const int Records = 200;
    private const string Articles = "/api/v1/articles";

    private CuKhoiSystem System => fixture.System;

    [SkippableFact]
    public async Task Two_hundred_concurrent_keyed_creates_over_two_replicas_store_each_record_exactly_once()
    {
        ReplicatedSystemFixture.SkipUnlessPostgres();
        await fixture.WholeAsync();
        var instances = System.InstancesOf("CuKhoi.Articles");
        await WarmAsync(instances);
        var tag = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        var creates = Enumerable.Range(0, Records)
            .Select(n => (Key: $"{tag}-{n}", Body: JsonSerializer.Serialize(new { title = $"Bài gửi đồng thời {tag} số {n}", category = "tin-tuc", body = "<p>Gửi cùng lúc.</p>", tags = new[] { tag } })))
            .ToList();
        var before = CreatesServed(instances, null);

        // Every fourth key is sent twice at once (a client retrying while its first try still
        // runs, most likely on the other instance), then every tenth once more after all were
        // answered (a retry after a lost answer). A 503/504 is sent again as a client would.
        var unknown = new List<HttpStatusCode>();
        void Unknown(KeyedCreate.Answer answer)
        {
            lock (unknown)
            {
                unknown.Add(answer.Status);
            }
        }

        async Task<(string Key, KeyedCreate.Answer Answer)> CreateAsync((string Key, string Body) create) =>
            (create.Key, await KeyedCreate.UntilKnownAsync(fixture.Http, System.AdminKey, Articles, create.Key, create.Body, Unknown));

        var concurrent = await Task.WhenAll(creates.Concat(creates.Where((_, n) => n % 4 == 0)).Select(CreateAsync)).WaitAsync(TimeSpan.FromMinutes(2));
        var later = await Task.WhenAll(creates.Where((_, n) => n % 10 == 1).Select(CreateAsync)).WaitAsync(TimeSpan.FromMinutes(1));
        var answers = concurrent.Concat(later).ToList();

        await Poll.UntilAsync(() => CreatesServed(instances, before).Values.Sum() >= answers.Count, ReplicatedSystemFixture.PhaseTimeout, $"the articles instances log all {answers.Count} creates");
        var split = CreatesServed(instances, before);
        log.WriteLine($"{answers.Count} creates for {Records} keys; answered 503/504 and sent again: {unknown.Count} ({string.Join(", ", unknown.GroupBy(s => (int)s).Select(g => $"{g.Key} × {g.Count()}").DefaultIfEmpty("none"))}); CreateArticle served: {string.Join(", ", split.Select(s => $"{s.Key} {s.Value}"))}");
        Assert.True(answers.All(a => a.Answer.Status == HttpStatusCode.Created), $"not every create was answered 201:{string.Concat(answers.Where(a => a.Answer.Status != HttpStatusCode.Created).Select(a => $"{Environment.NewLine}{a.Key}: {(int)a.Answer.Status} {a.Answer.Body}"))}");
        var idsByKey = answers.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Select(a => a.Answer.Id).Distinct().ToList());
        Assert.All(idsByKey, key => Assert.True(key.Value.Count == 1, $"{key.Key} was answered with {key.Value.Count} ids: {string.Join(", ", key.Value)}"));
        var stored = await MixedLoad.ArticlesTaggedAsync(fixture.Http, System.AdminKey, tag);
        Assert.Equal(Records, stored.Count);
        Assert.Equal(idsByKey.Values.Select(ids => ids[0]).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        var served = split.Values.Sum();
        Assert.All(split, s => Assert.True(s.Value >= served / 4, $"{s.Key} served only {s.Value} of the {served} creates: not balanced"));
    }

    /// <summary>Creates until each instance has served one: the first create in a fresh process is start-up (JIT, first queries), not what this test judges.</summary>
    private Task WarmAsync(IReadOnlyList<string> instances)
    {
        var tag = "e2e-warm-" + Guid.NewGuid().ToString("N")[..8];
        var n = 0;
        return Poll.UntilAsync(
            async () =>
            {
                n++;
                await KeyedCreate.SendAsync(fixture.Http, System.AdminKey, Articles, $"{tag}-{n}", JsonSerializer.Serialize(new { title = $"Bài khởi động {tag} số {n}", category = "tin-tuc", tags = new[] { tag } }));
                return instances.All(i => System.Requests(i).Of("CreateArticle") > 0);
            },
            ReplicatedSystemFixture.PhaseTimeout,
            "each articles instance serves a create");
    }

    /// <summary>CreateArticle calls each instance has logged, since <paramref name="before"/> when given.</summary>
    private Dictionary<string, long> CreatesServed(IReadOnlyList<string> instances, Dictionary<string, long>? before) =>
        instances.ToDictionary(i => i, i => System.Requests(i).Of("CreateArticle") - (before?[i] ?? 0));
}
