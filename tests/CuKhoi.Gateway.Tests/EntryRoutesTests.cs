using System.Net;
using System.Text.Json;
using CuKhoi.Gateway.Tests.Support;
using static CuKhoi.Gateway.Tests.Support.ServiceData;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// Contest entries over REST through the gateway, against the real contests host: who sees
/// what, list filters, the status lifecycle, forwarding up a level, judging, the export.
/// </summary>
public sealed class EntryRoutesTests(GatewayWithServices fixture) : IClassFixture<GatewayWithServices>
{
    private HttpClient Client => fixture.Client;

    private string Organiser => fixture.Organiser.Key;

    [Fact]
    public async Task Anonymous_readers_see_forwarded_and_awarded_entries_without_phones()
    {
        var (ward, district, _) = await fixture.ChainAsync(GatewayWithServices.NewYear());
        var submitted = (await fixture.SubmitEntryAsync(ward)).Id();
        var forwarded = await fixture.ShortlistedAsync(ward);
        await (await Forward(ward, forwarded, district)).ExpectAsync(HttpStatusCode.OK);
        var awarded = await fixture.ShortlistedAsync(ward);
        await fixture.MoveContestAsync(ward, "JUDGING");
        await (await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{ward}/entries/{awarded}:award", """{"prize":"SECOND"}""", Organiser)).ExpectAsync(HttpStatusCode.OK);

        var anonymous = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{ward}/entries")).ExpectAsync(HttpStatusCode.OK);
        var organiser = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{ward}/entries", key: Organiser)).ExpectAsync(HttpStatusCode.OK);
        var hiddenById = await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{ward}/entries/{submitted}");
        var askedForSubmitted = await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{ward}/entries?status=SUBMITTED");
        var publicById = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{ward}/entries/{awarded}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(new[] { forwarded, awarded }.Order(), anonymous.Items("entries").Select(e => e.Id()).Order());
        Assert.Equal(2, anonymous.GetProperty("totalSize").GetInt32());
        Assert.All(anonymous.Items("entries").Append(publicById), e => Assert.All(e.Items("authors"), a => Assert.Equal(string.Empty, a.Text("phone"))));
        Assert.DoesNotContain("0900 000 001", anonymous.ToString());
        Assert.Equal(new[] { submitted, forwarded, awarded }.Order(), organiser.Items("entries").Select(e => e.Id()).Order());
        Assert.All(organiser.Items("entries"), e => Assert.Equal("0900 000 001", Assert.Single(e.Items("authors")).Text("phone")));
        await hiddenById.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await askedForSubmitted.AssertErrorAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task List_entries_filters_by_status_and_accent_insensitive_q()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2024)).Id();
        var about = (await fixture.SubmitEntryAsync(contest, EntryJson(title: GatewayWithServices.Unique("Người giữ đình làng")))).Id();
        var other = await fixture.ShortlistedAsync(contest);
        var route = $"/api/v1/contests/{contest}/entries";

        var shortlisted = await (await Client.SendAsync(HttpMethod.Get, $"{route}?status=SHORTLISTED", key: Organiser)).ExpectAsync(HttpStatusCode.OK);
        var found = await (await Client.SendAsync(HttpMethod.Get, $"{route}?q={Uri.EscapeDataString("dinh lang")}", key: Organiser)).ExpectAsync(HttpStatusCode.OK);
        var unknown = await Client.SendAsync(HttpMethod.Get, $"{route}?status=LOST", key: Organiser);
        var noContest = await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{Guid.NewGuid():N}/entries", key: Organiser);

        Assert.Equal([other], shortlisted.Items("entries").Select(e => e.Id()));
        Assert.Equal([about], found.Items("entries").Select(e => e.Id()));
        Assert.Contains("SUBMITTED, VALID, INVALID, SHORTLISTED, FORWARDED, AWARDED, NOT_AWARDED", Assert.Single(Rest.Violations(await unknown.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ENUM_VALUE"))).Description);
        await noContest.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Patch_status_moves_VALID_then_SHORTLISTED_and_refuses_skips_and_stale_etags()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2024)).Id();
        var entry = await fixture.SubmitEntryAsync(contest);
        var route = $"/api/v1/contests/{contest}/entries/{entry.Id()}";

        var skip = await Client.SendAsync(HttpMethod.Patch, route, """{"status":"SHORTLISTED"}""", Organiser);
        var stale = await Client.SendAsync(HttpMethod.Patch, route, """{"status":"VALID"}""", Organiser, ("If-Match", "\"v99\""));
        var valid = await Client.SendAsync(HttpMethod.Patch, route, """{"status":"VALID"}""", Organiser, ("If-Match", $"\"{entry.Text("etag")}\""));
        var shortlisted = await Client.SendAsync(HttpMethod.Patch, route, """{"status":"SHORTLISTED"}""", Organiser);
        var byPatch = await Client.SendAsync(HttpMethod.Patch, route, """{"status":"FORWARDED"}""", Organiser);
        var anonymous = await Client.SendAsync(HttpMethod.Patch, route, """{"status":"NOT_AWARDED"}""");

        var error = await skip.AssertErrorAsync(HttpStatusCode.BadRequest, "ILLEGAL_TRANSITION");
        Assert.Contains("VALID, INVALID", error.GetProperty("message").GetString());
        await stale.AssertErrorAsync(HttpStatusCode.Conflict, "ETAG_MISMATCH");
        Assert.Equal("VALID", (await valid.ExpectAsync(HttpStatusCode.OK)).Text("status"));
        var listed = await shortlisted.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("SHORTLISTED", listed.Text("status"));
        Assert.Equal($"\"{listed.Text("etag")}\"", shortlisted.Headers.ETag?.ToString());
        Assert.Contains(":forward", (await byPatch.AssertErrorAsync(HttpStatusCode.BadRequest, "ILLEGAL_TRANSITION")).GetProperty("message").GetString());
        await anonymous.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Forward_to_the_parent_links_both_entries_and_refuses_other_targets_and_a_second_forward()
    {
        var (ward, district, city) = await fixture.ChainAsync(GatewayWithServices.NewYear());
        var entry = await fixture.ShortlistedAsync(ward);
        var other = await fixture.ShortlistedAsync(ward);

        var notParent = await Forward(ward, other, city);
        var stale = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{ward}/entries/{entry}:forward", Json(new { targetContestId = district }), Organiser, ("If-Match", "\"v1\""));
        var forwarded = await Forward(ward, entry, district);
        var twice = await Forward(ward, entry, district);

        var notParentError = await notParent.AssertErrorAsync(HttpStatusCode.BadRequest, "NOT_PARENT_CONTEST");
        Assert.Equal(9, notParentError.GetProperty("code").GetInt32());
        Assert.Contains(Rest.Violations(notParentError), v => v.Field == "targetContestId");
        await stale.AssertErrorAsync(HttpStatusCode.Conflict, "ETAG_MISMATCH");
        var source = await forwarded.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("FORWARDED", district), (source.Text("status"), source.Text("forwardedToContestId")));
        var copyId = source.Text("forwardedEntryId");
        Assert.NotEqual(string.Empty, copyId);
        var copy = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{district}/entries/{copyId}", key: Organiser)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((entry, ward, "SUBMITTED", source.Text("title")), (copy.Text("originEntryId"), copy.Text("originContestId"), copy.Text("status"), copy.Text("title")));
        await twice.AssertErrorAsync(HttpStatusCode.BadRequest, "ALREADY_FORWARDED");
        Assert.Equal(1, await fixture.CountEntriesAsync(district));
    }

    [Fact]
    public async Task Score_out_of_range_is_400_naming_score_and_judging_awards_a_prize()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2024)).Id();
        var entry = await fixture.ShortlistedAsync(contest);
        var route = $"/api/v1/contests/{contest}/entries/{entry}";
        var awardWhileOpen = await Client.SendAsync(HttpMethod.Post, $"{route}:award", """{"prize":"FIRST"}""", Organiser);
        await fixture.MoveContestAsync(contest, "JUDGING");

        var tooHigh = await Client.SendAsync(HttpMethod.Post, $"{route}:score", """{"judge":"Giám khảo Hòa","score":101}""", Organiser);
        await (await Client.SendAsync(HttpMethod.Post, $"{route}:score", """{"judge":"Giám khảo Hòa","score":90}""", Organiser)).ExpectAsync(HttpStatusCode.OK);
        var scored = await Client.SendAsync(HttpMethod.Post, $"{route}:score", """{"judge":"Giám khảo Bình","score":80.5}""", Organiser);
        var badPrize = await Client.SendAsync(HttpMethod.Post, $"{route}:award", """{"prize":"GOLD"}""", Organiser);
        var awarded = await Client.SendAsync(HttpMethod.Post, $"{route}:award", """{"prize":"FIRST"}""", Organiser);

        await awardWhileOpen.AssertErrorAsync(HttpStatusCode.BadRequest, "CONTEST_NOT_JUDGING");
        var error = await tooHigh.AssertErrorAsync(HttpStatusCode.BadRequest, "SCORE_OUT_OF_RANGE");
        Assert.Equal(3, error.GetProperty("code").GetInt32());
        Assert.Equal("score", Assert.Single(Rest.Violations(error)).Field);
        Assert.Equal(85.25, (await scored.ExpectAsync(HttpStatusCode.OK)).GetProperty("score").GetDouble(), 3);
        Assert.Contains("FIRST, SECOND, THIRD, CONSOLATION", Assert.Single(Rest.Violations(await badPrize.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ENUM_VALUE"))).Description);
        var prize = await awarded.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("AWARDED", "FIRST"), (prize.Text("status"), prize.Text("prize")));
    }

    [Fact]
    public async Task Export_of_every_contest_is_ndjson_with_resume_tokens_for_reports_read_only()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2024)).Id();
        var first = (await fixture.SubmitEntryAsync(contest)).Id();
        var second = (await fixture.SubmitEntryAsync(contest)).Id();
        const string route = "/api/v1/contests/-/entries:export";

        // An export needs reports:read; with contests:write as well (admin holds both) it is every entry.
        var exported = await Client.SendAsync(HttpMethod.Get, route, key: GatewayFactory.AdminKey);
        var published = await LinesAsync(await Client.SendAsync(HttpMethod.Get, route, key: fixture.Reporter.Key));
        var anonymous = await Client.SendAsync(HttpMethod.Get, route);
        var wrongScope = await Client.SendAsync(HttpMethod.Get, route, key: fixture.DvkEditor.Key);

        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        Assert.Equal("application/x-ndjson", exported.Content.Headers.ContentType?.MediaType);
        var lines = await LinesAsync(exported);
        Assert.All(lines, l => Assert.NotEqual(string.Empty, l.Text("resumeToken")));
        var ids = lines.Select(l => l.GetProperty("entry").Id()).ToList();
        Assert.True(ids.IndexOf(first) >= 0 && ids.IndexOf(first) < ids.IndexOf(second), string.Join(",", ids));
        // A reporting job reads what anyone may read (forwarded, awarded entries), no phone numbers.
        Assert.DoesNotContain(published, l => l.GetProperty("entry").Id() == first || l.GetProperty("entry").Id() == second);
        Assert.All(published, l => Assert.All(l.GetProperty("entry").Items("authors"), a => Assert.Equal(string.Empty, a.Text("phone"))));
        await anonymous.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await wrongScope.AssertErrorAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        // Resuming after the first entry's line yields exactly the lines that followed it.
        var at = ids.IndexOf(first);
        var resumed = await Client.SendAsync(HttpMethod.Get, $"{route}?resumeToken={Uri.EscapeDataString(lines[at].Text("resumeToken"))}", key: GatewayFactory.AdminKey);
        Assert.Equal(ids.Skip(at + 1), (await LinesAsync(resumed)).Select(l => l.GetProperty("entry").Id()));
    }

    private Task<HttpResponseMessage> Forward(string contest, string entry, string target) =>
        Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries/{entry}:forward", Json(new { targetContestId = target }), Organiser);

    private static async Task<List<JsonElement>> LinesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Rest.Timeout);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }
}
