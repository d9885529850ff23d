using System.Net;
using CuKhoi.Gateway.Tests.Support;
using static CuKhoi.Gateway.Tests.Support.ServiceData;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// The contests' own routes over REST through the gateway, against the real contests host:
/// create (keys, 201 + Location), get (ETag, 304), list filters, transitions and refusals.
/// </summary>
public sealed class ContestRoutesTests(GatewayWithServices fixture) : IClassFixture<GatewayWithServices>
{
    private HttpClient Client => fixture.Client;

    private string Organiser => fixture.Organiser.Key;

    [Fact]
    public async Task Create_needs_contests_write_and_answers_201_with_location_and_etag()
    {
        var json = ContestJson("WARD", 2024, maxWords: 2000);

        var anonymous = await Client.SendAsync(HttpMethod.Post, "/api/v1/contests", json);
        var wrongScope = await Client.SendAsync(HttpMethod.Post, "/api/v1/contests", json, fixture.DvkEditor.Key);
        var created = await Client.SendAsync(HttpMethod.Post, "/api/v1/contests", json, Organiser);

        await anonymous.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await wrongScope.AssertErrorAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var contest = await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/contests/{contest.Id()}", created.Headers.Location?.ToString());
        Assert.Equal($"\"{contest.Text("etag")}\"", created.Headers.ETag?.ToString());
        Assert.Equal(("OPEN", "WARD", 2000), (contest.Text("status"), contest.Text("level"), contest.GetProperty("maxWords").GetInt32()));
    }

    [Fact]
    public async Task Anyone_reads_a_contest_by_id_with_its_ETag_and_If_None_Match_answers_304()
    {
        var contest = await fixture.CreateContestAsync("WARD", 2024);
        var etag = contest.Text("etag");

        var fetched = await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{contest.Id()}");
        var notModified = await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{contest.Id()}", headers: ("If-None-Match", $"\"{etag}\""));
        var missing = await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{Guid.NewGuid():N}");

        Assert.Equal(contest.Text("name"), (await fetched.ExpectAsync(HttpStatusCode.OK)).Text("name"));
        Assert.Equal($"\"{etag}\"", fetched.Headers.ETag?.ToString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        await missing.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task List_filters_by_year_and_level()
    {
        var year = GatewayWithServices.NewYear();
        var (ward, district, city) = await fixture.ChainAsync(year);

        var ofYear = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests?year={year}")).ExpectAsync(HttpStatusCode.OK);
        var districts = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests?year={year}&level=DISTRICT")).ExpectAsync(HttpStatusCode.OK);
        var wards = await (await Client.SendAsync(HttpMethod.Get, "/api/v1/contests?level=WARD&pageSize=100")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(new[] { ward, district, city }.Order(), ofYear.Items("contests").Select(c => c.Id()).Order());
        Assert.Equal(3, ofYear.GetProperty("totalSize").GetInt32());
        var only = Assert.Single(districts.Items("contests"));
        Assert.Equal((district, city), (only.Id(), only.Text("parentContestId")));
        Assert.All(wards.Items("contests"), c => Assert.Equal("WARD", c.Text("level")));
        Assert.Contains(ward, wards.Items("contests").Select(c => c.Id()));
    }

    [Theory]
    [InlineData("level=PROVINCE", "level", "INVALID_ENUM_VALUE")]
    [InlineData("year=1800", "year", "INVALID_ARGUMENT")]
    [InlineData("pageSize=-5", "pageSize", "INVALID_ARGUMENT")]
    public async Task A_bad_list_query_is_400_naming_the_field(string query, string field, string reason)
    {
        var response = await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests?{query}");

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, reason);
        Assert.Contains(Rest.Violations(error), v => v.Field == field);
    }

    [Fact]
    public async Task Create_refuses_bad_fields_and_a_parent_that_is_not_one_level_up()
    {
        var year = GatewayWithServices.NewYear();
        var city = (await fixture.CreateContestAsync("CITY", year)).Id();
        var today = new DateOnly(2024, 6, 1);

        var noName = await Client.SendAsync(HttpMethod.Post, "/api/v1/contests", ContestJson("WARD", 2024, name: ""), Organiser);
        var backwards = await Client.SendAsync(HttpMethod.Post, "/api/v1/contests", ContestJson("WARD", 2024, opens: today, closes: today.AddDays(-1)), Organiser);
        var skipsLevel = await Client.SendAsync(HttpMethod.Post, "/api/v1/contests", ContestJson("WARD", year, city), Organiser);

        Assert.Contains(Rest.Violations(await noName.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT")), v => v.Field == "contest.name");
        Assert.Contains(Rest.Violations(await backwards.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT")), v => v.Field == "contest.closesOn");
        Assert.Contains(Rest.Violations(await skipsLevel.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PARENT_CONTEST")), v => v.Field == "contest.parentContestId");
    }

    [Fact]
    public async Task Transition_moves_OPEN_JUDGING_CLOSED_and_refuses_the_rest()
    {
        var contest = await fixture.CreateContestAsync("WARD", 2024);
        var route = $"/api/v1/contests/{contest.Id()}:transition";

        var stale = await Client.SendAsync(HttpMethod.Post, route, """{"to":"JUDGING"}""", Organiser, ("If-Match", "\"v9\""));
        var judging = await Client.SendAsync(HttpMethod.Post, route, """{"to":"JUDGING"}""", Organiser, ("If-Match", $"\"{contest.Text("etag")}\""));
        var back = await Client.SendAsync(HttpMethod.Post, route, """{"to":"OPEN"}""", Organiser);
        var unknown = await Client.SendAsync(HttpMethod.Post, route, """{"to":"FINISHED"}""", Organiser);
        var anonymous = await Client.SendAsync(HttpMethod.Post, route, """{"to":"CLOSED"}""");
        var closed = await Client.SendAsync(HttpMethod.Post, route, """{"to":"CLOSED"}""", Organiser);

        await stale.AssertErrorAsync(HttpStatusCode.Conflict, "ETAG_MISMATCH");
        Assert.Equal("JUDGING", (await judging.ExpectAsync(HttpStatusCode.OK)).Text("status"));
        var error = await back.AssertErrorAsync(HttpStatusCode.BadRequest, "ILLEGAL_TRANSITION");
        Assert.Equal(9, error.GetProperty("code").GetInt32());
        Assert.Contains("CLOSED", Rest.Detail(error, "google.rpc.ErrorInfo")!.Value.GetProperty("metadata").Text("allowed"));
        var invalid = await unknown.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ENUM_VALUE");
        var violation = Assert.Single(Rest.Violations(invalid));
        Assert.Equal("to", violation.Field);
        Assert.Contains("OPEN, JUDGING, CLOSED", violation.Description);
        await anonymous.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal("CLOSED", (await closed.ExpectAsync(HttpStatusCode.OK)).Text("status"));
    }
}
