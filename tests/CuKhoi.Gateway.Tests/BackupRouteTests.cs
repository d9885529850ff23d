using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.ServiceDefaults.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// `POST /api/v1/admin/backups/{service}` in front of the three real services (each on its own
/// SQLite file) and the gateway's own database: admin only, audited, the folder and the name
/// the hosts' own, the services' answers (PostgreSQL, one at a time) in the contract's shape.
/// </summary>
public sealed class BackupRouteTests(GatewayWithServices fixture) : IClassFixture<GatewayWithServices>
{
    private HttpClient Client => fixture.Client;

    [Theory]
    [InlineData("articles")]
    [InlineData("dvk-models")]
    [InlineData("contests")]
    [InlineData("gateway")]
    public async Task An_admin_backs_up_each_database_into_its_hosts_folder_and_it_is_audited(string service)
    {
        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/admin/backups/{service}", key: GatewayFactory.AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var name = body.GetProperty("fileName").GetString()!;
        Assert.Equal(service, body.GetProperty("service").GetString());
        Assert.Matches(new Regex($"^{Regex.Escape(service)}-[0-9]{{8}}T[0-9]{{6}}Z(_[0-9]+)?\\.db$"), name);
        var file = Path.Combine(Backups.DefaultFolder(DatabaseOf(service)), name);
        Assert.Equal(new FileInfo(file).Length, body.GetProperty("sizeBytes").GetInt64());
        Assert.Equal("ok", await Backups.IntegrityAsync(file));
        Assert.Equal(await Backups.SchemaVersionsAsync(file), body.GetProperty("schemaVersions").Deserialize<Dictionary<string, int>>());
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(body.GetProperty("createTime").GetString()!, CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(1));

        var audit = await (await Client.SendAsync(HttpMethod.Get, "/api/v1/admin/audit", key: GatewayFactory.AdminKey)).JsonAsync();
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e =>
            e.GetProperty("action").GetString() == "BackupDatabase"
            && e.GetProperty("resource").GetString() == $"/api/v1/admin/backups/{service}"
            && e.GetProperty("status").GetInt32() == 200
            && e.GetProperty("principalId").GetString() == "bootstrap-admin");
    }

    [Fact]
    public async Task The_copy_holds_what_was_written_through_the_gateway_before_it()
    {
        var title = GatewayWithServices.Unique("Bài viết trước khi sao lưu");
        var created = await Client.SendAsync(HttpMethod.Post, "/api/v1/articles", JsonSerializer.Serialize(new { title, summary = "Tóm tắt", body = "<p>Nội dung</p>", category = "tin-tuc" }), fixture.ArticlesEditor.Key);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;

        var body = await (await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/backups/articles", key: GatewayFactory.AdminKey)).JsonAsync();

        var file = Path.Combine(Backups.DefaultFolder(fixture.Articles.Database), body.GetProperty("fileName").GetString()!);
        Assert.Contains(id, await Backups.IdsAsync(file, "articles"));
    }

    [Fact]
    public async Task Keys_without_admin_are_refused_with_403_and_callers_without_a_valid_key_with_401_and_nothing_is_written()
    {
        var before = Backups.FilesIn(Backups.DefaultFolder(fixture.Articles.Database));

        foreach (var key in new[] { fixture.ArticlesEditor, fixture.DvkEditor, fixture.Organiser, fixture.Reporter })
        {
            var refused = await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/backups/articles", key: key.Key);
            await refused.AssertErrorAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        }

        await (await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/backups/articles")).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await (await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/backups/articles", key: "ck_not-a-key-anyone-was-given-0123456789")).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");

        Assert.Equal(before, Backups.FilesIn(Backups.DefaultFolder(fixture.Articles.Database)));
        var audit = await (await Client.SendAsync(HttpMethod.Get, "/api/v1/admin/audit", key: GatewayFactory.AdminKey)).JsonAsync();
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e =>
            e.GetProperty("action").GetString() == "BackupDatabase" && e.GetProperty("status").GetInt32() == 403 && e.GetProperty("principalId").GetString() == fixture.Reporter.Id);
    }

    [Theory]
    [InlineData("..%2F..%2Ftmp")]
    [InlineData("articles%2F..%2F..%2Fetc")]
    [InlineData("articles.db")]
    [InlineData("ARTICLES")]
    [InlineData("%2Ftmp%2Fcukhoi")]
    public async Task Anything_but_a_service_name_is_404_and_reaches_no_service(string service)
    {
        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/admin/backups/{service}", key: GatewayFactory.AdminKey);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_folder_or_name_in_the_query_or_body_is_ignored()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), "cukhoi-tests", Guid.NewGuid().ToString("N"));
        var query = $"?directory={Uri.EscapeDataString(elsewhere)}&fileName=..%2F..%2Fevil.db&path={Uri.EscapeDataString(elsewhere)}";
        var json = JsonSerializer.Serialize(new { directory = elsewhere, fileName = "../../evil.db", path = Path.Combine(elsewhere, "evil.db") });

        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/backups/articles" + query, json, GatewayFactory.AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var name = (await response.JsonAsync()).GetProperty("fileName").GetString()!;
        Assert.StartsWith("articles-", name);
        Assert.True(File.Exists(Path.Combine(Backups.DefaultFolder(fixture.Articles.Database), name)));
        Assert.False(Directory.Exists(elsewhere));
    }

    [Fact]
    public async Task A_second_backup_of_a_database_while_one_runs_is_409()
    {
        var backup = fixture.Gateway.Services.GetRequiredService<DatabaseBackup>();
        Directory.CreateDirectory(backup.Directory);
        var before = Backups.FilesIn(backup.Directory);

        // What a running backup holds (this host or a replica on the same folder).
        await using (new FileStream(DatabaseBackup.LockFile(backup.Directory, "gateway"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var refused = await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/backups/gateway", key: GatewayFactory.AdminKey);
            await refused.AssertErrorAsync(HttpStatusCode.Conflict, DatabaseBackup.InProgress);
        }

        Assert.Equal(before, Backups.FilesIn(backup.Directory));
    }

    [Fact]
    public async Task A_service_that_is_down_is_503()
    {
        await using var database = TestDatabase.Sqlite();
        await using var gateway = new GatewayFactory(database); // every downstream on a closed port
        using var client = gateway.CreateClient();

        var response = await client.SendAsync(HttpMethod.Post, "/api/v1/admin/backups/contests", key: GatewayFactory.AdminKey);

        await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
    }

    [SkippableFact]
    public async Task On_PostgreSQL_the_gateway_and_the_services_answer_400_FAILED_PRECONDITION_pointing_at_pg_dump()
    {
        await using var articlesDb = await TestDatabase.PostgresAsync();
        await using var gatewayDb = await TestDatabase.PostgresAsync();
        await using var articles = new ArticlesFactory(articlesDb);
        await using var gateway = new GatewayFactory(gatewayDb).Downstream(GatewayFactory.Articles, () => articles.Server.CreateHandler());
        using var client = gateway.CreateClient();

        foreach (var service in new[] { "gateway", "articles" })
        {
            var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/admin/backups/{service}", key: GatewayFactory.AdminKey);

            var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, DatabaseBackup.UsePgDump);
            Assert.Equal(9, error.GetProperty("code").GetInt32()); // FAILED_PRECONDITION
            Assert.Contains("pg_dump", error.GetProperty("message").GetString());
            Assert.Contains("pg_dump", Rest.Detail(error, "google.rpc.LocalizedMessage")!.Value.GetProperty("message").GetString());
        }
    }

    private TestDatabase DatabaseOf(string service) => service switch
    {
        "articles" => fixture.Articles.Database,
        "dvk-models" => fixture.Dvk.Database,
        "contests" => fixture.Contests.Database,
        _ => fixture.Gateway.Database,
    };
}
