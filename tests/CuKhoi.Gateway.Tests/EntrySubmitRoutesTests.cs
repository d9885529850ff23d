using System.Net;
using CuKhoi.Gateway.Tests.Support;
using static CuKhoi.Gateway.Tests.Support.ServiceData;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// Submitting contest entries over REST through the gateway, against the real contests host
/// and the real DVK host it checks models with: 201 + Location, the model's name snapshot,
/// every refusal (unknown model, word limit, closed contest, duplicate), Idempotency-Key.
/// </summary>
public sealed class EntrySubmitRoutesTests(GatewayWithServices fixture) : IClassFixture<GatewayWithServices>
{
    private HttpClient Client => fixture.Client;

    private string Organiser => fixture.Organiser.Key;

    [Fact]
    public async Task An_entry_about_a_DVK_model_is_201_with_location_and_keeps_the_models_name()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2024)).Id();
        var model = await fixture.RegisterRecognisedModelAsync(GatewayWithServices.Unique("Dân vận khéo trong công tác tôn giáo"), "Chi bộ Tổ dân phố số 5");

        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", EntryJson(ModelSubject(model.Id())), Organiser);

        var entry = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/contests/{contest}/entries/{entry.Id()}", response.Headers.Location?.ToString());
        Assert.Equal($"\"{entry.Text("etag")}\"", response.Headers.ETag?.ToString());
        Assert.Equal(("SUBMITTED", contest), (entry.Text("status"), entry.Text("contestId")));
        var subject = entry.GetProperty("subject");
        Assert.Equal(("MODEL", model.Id(), model.Text("name")), (subject.Text("kind"), subject.Text("dvkModelId"), subject.Text("name")));

        // The name is a snapshot taken at submission: renaming the model later leaves it.
        await (await Client.SendAsync(HttpMethod.Patch, $"/api/v1/dvk-models/{model.Id()}", Json(new { name = "Tên mới của mô hình" }), fixture.DvkEditor.Key)).ExpectAsync(HttpStatusCode.OK);
        var fetched = await (await Client.SendAsync(HttpMethod.Get, response.Headers.Location!.ToString(), key: Organiser)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(model.Text("name"), fetched.GetProperty("subject").Text("name"));
    }

    [Fact]
    public async Task An_unknown_or_deleted_DVK_model_is_400_with_a_field_violation_and_nothing_is_stored()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2024)).Id();
        var deleted = (await fixture.RegisterModelAsync("Mô hình đã xóa", "Chi bộ")).Id();
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"/api/v1/dvk-models/{deleted}", key: fixture.DvkEditor.Key)).StatusCode);

        foreach (var id in new[] { Guid.NewGuid().ToString("N"), deleted })
        {
            var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", EntryJson(ModelSubject(id)), Organiser);

            var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "UNKNOWN_DVK_MODEL");
            Assert.Equal(3, error.GetProperty("code").GetInt32());
            Assert.Equal("entry.subject.dvkModelId", Assert.Single(Rest.Violations(error)).Field);
        }

        Assert.Equal(0, await fixture.CountEntriesAsync(contest));
    }

    [Fact]
    public async Task An_entry_about_a_model_deleted_later_keeps_working()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2024)).Id();
        var model = await fixture.RegisterRecognisedModelAsync("Mô hình sẽ bị xóa sau", "Chi bộ");
        var entry = (await fixture.SubmitEntryAsync(contest, EntryJson(ModelSubject(model.Id())))).Id();
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"/api/v1/dvk-models/{model.Id()}", key: fixture.DvkEditor.Key)).StatusCode);

        var fetched = await Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{contest}/entries/{entry}", key: Organiser);
        var validated = await fixture.SetEntryStatusAsync(contest, entry, "VALID");

        Assert.Equal(model.Text("name"), (await fetched.ExpectAsync(HttpStatusCode.OK)).GetProperty("subject").Text("name"));
        Assert.Equal("VALID", validated.Text("status"));
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_submission_even_after_the_contest_stopped_taking_entries()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2024)).Id();
        var model = (await fixture.RegisterRecognisedModelAsync("Mô hình cho bài gửi lại", "Chi bộ")).Id();
        var key = $"entry-{Guid.NewGuid():N}";
        var json = EntryJson(ModelSubject(model));

        var first = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", json, Organiser, ("Idempotency-Key", key));
        var replay = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", json, Organiser, ("Idempotency-Key", key));
        // The client lost the answer and retries after the organiser moved the contest on:
        // the entry was taken, so the retry must say so, not "closed".
        await fixture.MoveContestAsync(contest, "JUDGING");
        var late = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", json, Organiser, ("Idempotency-Key", key));
        var reused = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", EntryJson(), Organiser, ("Idempotency-Key", key));

        var entry = await first.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(entry.ToString(), (await replay.ExpectAsync(HttpStatusCode.Created)).ToString());
        Assert.Equal(entry.ToString(), (await late.ExpectAsync(HttpStatusCode.Created)).ToString());
        Assert.Equal(first.Headers.Location, late.Headers.Location);
        await reused.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(1, await fixture.CountEntriesAsync(contest));
    }

    [Fact]
    public async Task Over_maxWords_is_400_failed_precondition_TOO_MANY_WORDS()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2024, maxWords: 5)).Id();

        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", EntryJson(body: "một hai ba bốn năm sáu"), Organiser);
        var fits = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", EntryJson(body: "một hai ba bốn năm"), Organiser);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "TOO_MANY_WORDS");
        Assert.Equal(9, error.GetProperty("code").GetInt32());
        Assert.Contains(Rest.Violations(error), v => v.Field == "entry.body");
        Assert.Equal(5, (await fits.ExpectAsync(HttpStatusCode.Created)).GetProperty("wordCount").GetInt32());
    }

    [Fact]
    public async Task After_closesOn_is_400_failed_precondition_CONTEST_CLOSED()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2020, opens: new DateOnly(2020, 1, 1), closes: new DateOnly(2020, 2, 1))).Id();

        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", EntryJson(), Organiser);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "CONTEST_CLOSED");
        Assert.Equal(9, error.GetProperty("code").GetInt32());
        Assert.Equal(0, await fixture.CountEntriesAsync(contest));
    }

    [Fact]
    public async Task The_same_title_by_the_same_primary_author_is_409()
    {
        var contest = (await fixture.CreateContestAsync("WARD", 2024)).Id();
        var title = GatewayWithServices.Unique("Người tổ trưởng");
        await fixture.SubmitEntryAsync(contest, EntryJson(title: title));

        var duplicate = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", EntryJson(title: title), Organiser);
        var otherAuthor = await Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contest}/entries", EntryJson(title: title, author: "Trần Thị Lan"), Organiser);

        var error = await duplicate.AssertErrorAsync(HttpStatusCode.Conflict, "DUPLICATE_ENTRY");
        Assert.Equal(6, error.GetProperty("code").GetInt32());
        Assert.Contains(Rest.Violations(error), v => v.Field == "entry.title");
        Assert.Equal(HttpStatusCode.Created, otherAuthor.StatusCode);
        Assert.Equal(2, await fixture.CountEntriesAsync(contest));
    }
}
