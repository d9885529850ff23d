using CuKhoi.Contests.Domain;
using CuKhoi.Contests.Seed;
using CuKhoi.Protos.Contests.V1;
using CuKhoi.ServiceDefaults.Text;
using CuKhoi.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CuKhoi.Protos.Contests.V1.Contest.Types;
using Status = CuKhoi.Protos.Contests.V1.Contest.Types.Status;
using EntryStatus = CuKhoi.Protos.Contests.V1.ContestEntry.Types.Status;

namespace CuKhoi.Contests.Tests;

/// <summary>The same repositories on SQLite and PostgreSQL: unique index, paging, search, transactions.</summary>
public class RepositoryTests(ContestsPerProvider hosts) : IClassFixture<ContestsPerProvider>
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Concurrent_duplicates_cannot_both_pass_the_unique_index(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var contest = await host.Organiser.CreateAsync(Samples.Contest(Level.Ward));
        string[] titles = ["Dân vận khéo", "DÂN VẬN KHÉO", " dân  vận khéo ", "Dân Vận Khéo", "dan van kheo", "Dân vận khéo", "DAN VAN KHEO", "Dân vận   khéo"];

        var results = await Task.WhenAll(titles.Select(async title =>
        {
            try
            {
                await host.Organiser.SubmitAsync(contest.Id, Samples.Entry(title: title, author: "Nguyễn Văn Đức"));
                return "ok";
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
                return e.Reason()!;
            }
        }));

        Assert.Equal(1, results.Count(r => r == "ok"));
        Assert.All(results.Where(r => r != "ok"), r => Assert.Equal(ContestReasons.DuplicateEntry, r));
        Assert.Equal(1, await host.Organiser.CountAsync(contest.Id));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Pages_cover_every_entry_once_in_each_order(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var contest = await host.Organiser.CreateAsync(Samples.Contest(Level.Ward));
        string[] authors = ["Nguyễn Văn An", "Trần Thị Ánh", "Phạm Thị Ân", "Vũ Thị Ba", "Lê Văn Bình", "Hoàng Văn Dũng", "Đỗ Văn Đức", "Bùi Văn Đức"];
        var entries = new List<ContestEntry>();
        foreach (var author in authors)
        {
            entries.Add(await host.Organiser.SubmitAsync(contest.Id, Samples.Entry(author: author)));
            await host.Organiser.SetStatusAsync(entries[^1], EntryStatus.Valid);
        }

        await host.Organiser.MoveAsync(contest.Id, Status.Judging);
        double[] scores = [70, 90, 70, 55, 90, 100, 0];
        for (var i = 0; i < scores.Length; i++)
        {
            await host.Organiser.ScoreEntryAsync(new ScoreEntryRequest { ContestId = contest.Id, Id = entries[i].Id, Judge = "Lê Văn Thắng", Score = scores[i] });
        }

        async Task<List<ContestEntry>> AllPagesAsync(string orderBy)
        {
            var all = new List<ContestEntry>();
            var token = string.Empty;
            do
            {
                var page = await host.Organiser.ListEntriesAsync(new ListEntriesRequest { ContestId = contest.Id, PageSize = 3, OrderBy = orderBy, PageToken = token });
                Assert.Equal(authors.Length, page.TotalSize);
                Assert.True(page.Entries.Count <= 3);
                all.AddRange(page.Entries);
                token = page.NextPageToken;
            }
            while (token.Length > 0);

            Assert.Equal(authors.Length, all.Select(e => e.Id).Distinct().Count());
            return all;
        }

        var bySubmit = await AllPagesAsync("submitTime");
        Assert.Equal(entries.Select(e => e.Id), bySubmit.Select(e => e.Id));
        Assert.Equal(bySubmit.Select(e => e.Id), (await AllPagesAsync("")).Select(e => e.Id));

        var byScore = await AllPagesAsync("score desc");
        Assert.Equal([100, 90, 90, 70, 70, 55, 0], byScore.Take(7).Select(e => e.Score));
        Assert.False(byScore[^1].HasScore); // unscored last
        Assert.Equal(byScore.Take(7).Where(e => e.Score == 90).Select(e => e.Id).Order(StringComparer.Ordinal), byScore.Skip(1).Take(2).Select(e => e.Id));

        var byAuthor = (await AllPagesAsync("author")).Select(e => e.Authors[0].FullName).ToList();
        Assert.Equal(authors.Order(Comparer<string>.Create(VietnameseText.ComparePersonNames)), byAuthor);
        // Given name first in Vietnamese order: An < Ánh < Ân < Ba < Bình < Dũng < Đức (Bùi) < Đức (Đỗ).
        Assert.Equal(["Nguyễn Văn An", "Trần Thị Ánh", "Phạm Thị Ân", "Vũ Thị Ba", "Lê Văn Bình", "Hoàng Văn Dũng", "Bùi Văn Đức", "Đỗ Văn Đức"], byAuthor);

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Organiser.ListEntriesAsync(new ListEntriesRequest { ContestId = contest.Id, OrderBy = "title" }).ResponseAsync);
        Assert.Equal("orderBy", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        var first = await host.Organiser.ListEntriesAsync(new ListEntriesRequest { ContestId = contest.Id, PageSize = 3, OrderBy = "author" });
        await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => host.Organiser.ListEntriesAsync(new ListEntriesRequest { ContestId = contest.Id, PageSize = 3, PageToken = first.NextPageToken }).ResponseAsync);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Search_is_accent_insensitive_over_title_body_authors_and_subject(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var contest = await host.Organiser.CreateAsync(Samples.Contest(Level.Ward));
        var titled = await host.Organiser.SubmitAsync(contest.Id, Samples.Entry(title: "Dân vận khéo ở khu dân cư", body: "Nội dung."));
        var bodied = await host.Organiser.SubmitAsync(contest.Id, Samples.Entry(body: "Đảng ủy phường chỉ đạo sát sao."));
        var authored = await host.Organiser.SubmitAsync(contest.Id, Samples.Entry(author: "Phạm Thị Thùy Dung", body: "Nội dung."));
        var about = await host.Organiser.SubmitAsync(contest.Id, Samples.Entry(body: "Nội dung.", subject: new Subject { Kind = Subject.Types.Kind.Collective, Name = "Hội Cựu chiến binh phường" }));

        async Task<IEnumerable<string>> FindAsync(string q)
        {
            var page = await host.Organiser.ListEntriesAsync(new ListEntriesRequest { ContestId = contest.Id, Q = q });
            Assert.Equal(page.Entries.Count, page.TotalSize);
            return page.Entries.Select(e => e.Id);
        }

        Assert.Equal([titled.Id], await FindAsync("dan van kheo"));
        Assert.Equal([titled.Id], await FindAsync("DÂN VẬN"));
        Assert.Equal([titled.Id], await FindAsync("kheo dan"));
        Assert.Equal([bodied.Id], await FindAsync("dang uy"));
        Assert.Equal([bodied.Id], await FindAsync("ĐẢNG ỦY"));
        Assert.Equal([authored.Id], await FindAsync("thuy dung"));
        Assert.Equal([about.Id], await FindAsync("cuu chien binh"));
        Assert.Empty(await FindAsync("giải phóng mặt bằng"));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_forward_is_one_transaction(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var (ward, district, _) = await host.Organiser.ChainAsync();

        // The parent already has this title by this author: the copy breaks the unique index, so nothing changes.
        var entry = await host.Organiser.ShortlistedAsync(ward.Id, Samples.Entry(title: "Người tổ trưởng", author: "Trần Văn Bình"));
        await host.Organiser.SubmitAsync(district.Id, Samples.Entry(title: "Người tổ trưởng", author: "Trần Văn Bình"));
        var e = await RpcAssert.ThrowsAsync(StatusCode.AlreadyExists, () => host.Organiser.ForwardAsync(entry, district.Id));
        Assert.Equal(ContestReasons.DuplicateEntry, e.Reason());
        Assert.Equal(EntryStatus.Shortlisted, (await host.Organiser.GetAsync(ward.Id, entry.Id)).Status);
        Assert.Equal(1, await host.Organiser.CountAsync(district.Id));

        // Two forwards of one entry at once: one copy, one refusal.
        var raced = await host.Organiser.ShortlistedAsync(ward.Id);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                return (await host.Organiser.ForwardAsync(raced, district.Id)).ForwardedEntryId;
            }
            catch (RpcException failure) when (failure.StatusCode == StatusCode.FailedPrecondition)
            {
                return failure.Reason()!;
            }
        }));
        Assert.Equal(3, results.Count(r => r == ContestReasons.AlreadyForwarded));
        Assert.Equal(2, await host.Organiser.CountAsync(district.Id));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Sample_data_gives_the_same_figures_on_both_databases(string provider)
    {
        await using var host = await ContestsHost.StartAsync(provider, sample: true);

        var stats = await host.Service.GetContestStatisticsAsync(new GetContestStatisticsRequest { Year = 2020 });

        Assert.Equal((11, 2, 1), (stats.WardEntriesSubmitted, stats.ReachedDistrict, stats.ReachedCity));
        Assert.Equal(11, await host.Organiser.CountAsync(SampleContests.WardContestId));
        var since = Timestamp.FromDateTimeOffset(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var all = await ExportAsync(host.Organiser, since);
        var published = await ExportAsync(host.Reporter, since);

        Assert.Equal(14, all.Count); // 11 ward entries, the 2 sent to the district, the 1 of those sent to the city
        // A reporting job reads what anyone may read: forwarded and awarded entries, no phone numbers.
        Assert.Equal(all.Where(e => e.Status is ContestEntry.Types.Status.Forwarded or ContestEntry.Types.Status.Awarded).Select(e => e.Id), published.Select(e => e.Id));
        Assert.NotEmpty(published);
        Assert.All(published, e => Assert.All(e.Authors, a => Assert.Empty(a.Phone)));
    }

    private static async Task<List<ContestEntry>> ExportAsync(ContestService.ContestServiceClient client, Timestamp since)
    {
        using var export = client.ExportEntries(new ExportEntriesRequest { ContestId = "-", Since = since });
        var entries = new List<ContestEntry>();
        await foreach (var message in export.ResponseStream.ReadAllAsync())
        {
            entries.Add(message.Entry);
        }

        return entries;
    }
}
