using System.Net;
using CuKhoi.Gateway.Tests.Support;
using static CuKhoi.Gateway.Tests.Support.ServiceData;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// The DVK host stopped while the contests host is up: an entry about a model is 503 over
/// REST, and nothing is stored. Its own fixture, since the test stops the DVK host.
/// </summary>
public sealed class DvkOutageRoutesTests(GatewayWithServices fixture) : IClassFixture<GatewayWithServices>
{
    [Fact]
    public async Task An_entry_about_a_model_while_the_DVK_host_is_stopped_is_503_and_nothing_is_stored()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2024)).Id();
        var model = (await fixture.RegisterRecognisedModelAsync("Đồng hành cùng đồng bào có đạo", "Chi bộ Tổ dân phố số 5")).Id();
        await fixture.SubmitEntryAsync(contest, EntryJson(ModelSubject(model)));

        await fixture.StopDvkAsync();
        var response = await fixture.Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", EntryJson(ModelSubject(model)), fixture.Organiser.Key);
        // Entries that name no model do not need the DVK service.
        var unrelated = await fixture.Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", EntryJson(), fixture.Organiser.Key);

        var error = await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        Assert.Equal(14, error.GetProperty("code").GetInt32());
        Assert.DoesNotContain("dvk-models.test", error.ToString(), StringComparison.OrdinalIgnoreCase); // no host names leak
        Assert.Equal(HttpStatusCode.Created, unrelated.StatusCode);
        var list = await (await fixture.Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{contest}/entries", key: fixture.Organiser.Key)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, list.GetProperty("totalSize").GetInt32());
        Assert.Single(list.Items("entries"), e => e.GetProperty("subject").Text("dvkModelId") == model);
    }
}
