using System.Net;
using CuKhoi.Gateway.Tests.Support;
using static CuKhoi.Gateway.Tests.Support.ServiceData;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// The DVK models' write routes over REST through the gateway, against the real DVK host:
/// keys and scopes, 201 + Location, validation, Idempotency-Key, PATCH masks and If-Match,
/// recognitions (the district rule), transitions, soft delete and undelete.
/// </summary>
public sealed class DvkWriteRoutesTests(GatewayWithServices fixture) : IClassFixture<GatewayWithServices>
{
    private HttpClient Client => fixture.Client;

    private string Editor => fixture.DvkEditor.Key;

    private static string ModelJson(string? name = null, int year = 2024, string field = "ECONOMY") =>
        Json(new { kind = "MODEL", name = name ?? GatewayWithServices.Unique("Dân vận khéo"), ownerUnit = "Chi bộ Công an phường", field, year });

    [Fact]
    public async Task Register_needs_a_key_with_dvk_write_and_answers_201_with_location_and_etag()
    {
        var json = ModelJson();

        var anonymous = await Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", json);
        var wrongScope = await Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", json, fixture.ArticlesEditor.Key);
        var badKey = await Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", json, "ck_not-a-key");
        var created = await Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", json, Editor);

        Assert.Equal(16, (await anonymous.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED")).GetProperty("code").GetInt32());
        Assert.Equal(7, (await wrongScope.AssertErrorAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED")).GetProperty("code").GetInt32());
        await badKey.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        var model = await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/dvk-models/{model.Id()}", created.Headers.Location?.ToString());
        Assert.Equal($"\"{model.Text("etag")}\"", created.Headers.ETag?.ToString());
        Assert.Equal("REGISTERED", model.Text("status"));
        Assert.StartsWith("DVK-2024-", model.Text("code"));
        var fetched = await Client.SendAsync(HttpMethod.Get, created.Headers.Location!.ToString(), key: Editor);
        Assert.Equal(model.Id(), (await fetched.ExpectAsync(HttpStatusCode.OK)).Id());
    }

    [Theory]
    [InlineData("", 2024, "dvkModel.name")]
    [InlineData("   ", 2024, "dvkModel.name")]
    [InlineData("301", 2024, "dvkModel.name")]
    [InlineData(null, 1800, "dvkModel.year")]
    public async Task Register_refuses_bad_fields_with_field_violations(string? name, int year, string field)
    {
        var json = ModelJson(name == "301" ? new string('á', 301) : name, year);

        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", json, Editor);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        var violation = Assert.Single(Rest.Violations(error));
        Assert.Equal(field, violation.Field);
    }

    [Fact]
    public async Task A_name_of_exactly_300_characters_is_accepted()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", ModelJson(new string('ế', 300)), Editor);

        Assert.Equal(300, (await response.ExpectAsync(HttpStatusCode.Created)).Text("name").Length);
    }

    [Fact]
    public async Task An_unknown_enum_value_in_the_body_is_400_listing_the_allowed_values()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", ModelJson(field: "NOPE"), Editor);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ENUM_VALUE");
        var violation = Assert.Single(Rest.Violations(error));
        Assert.Equal("dvkModel.field", violation.Field);
        Assert.Contains("ECONOMY, CULTURE_SOCIETY, DEFENCE_SECURITY, PARTY_POLITICAL_SYSTEM", violation.Description);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_response_and_refuses_another_body_with_422()
    {
        var key = $"dvk-{Guid.NewGuid():N}";
        var json = ModelJson();

        var first = await Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", json, Editor, ("Idempotency-Key", key));
        var replay = await Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", json, Editor, ("Idempotency-Key", key));
        var reused = await Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", ModelJson(), Editor, ("Idempotency-Key", key));

        var original = await first.ExpectAsync(HttpStatusCode.Created);
        var replayed = await replay.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(original.ToString(), replayed.ToString());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        var error = await reused.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(3, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Patch_updates_the_keys_present_and_honours_If_Match()
    {
        var created = await (await Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", Json(new
        {
            kind = "MODEL", name = "Tên giữ nguyên", ownerUnit = "Chi bộ", field = "ECONOMY", year = 2024, description = "Mô tả giữ nguyên", methods = "Sẽ bị xóa",
        }), Editor)).ExpectAsync(HttpStatusCode.Created);
        var etag = created.Text("etag");

        var stale = await Client.SendAsync(HttpMethod.Patch, $"/api/v1/dvk-models/{created.Id()}", """{"methods":""}""", Editor, ("If-Match", "\"v0\""));
        // An empty string is "not set" to proto3: only the mask derived from the keys says "clear it".
        var updated = await Client.SendAsync(HttpMethod.Patch, $"/api/v1/dvk-models/{created.Id()}", """{"methods":"","results":"Kết quả mới"}""", Editor, ("If-Match", $"\"{etag}\""));
        var statusByPatch = await Client.SendAsync(HttpMethod.Patch, $"/api/v1/dvk-models/{created.Id()}", """{"status":"RECOGNISED"}""", Editor);

        await stale.AssertErrorAsync(HttpStatusCode.Conflict, "ETAG_MISMATCH");
        var model = await updated.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(string.Empty, model.Text("methods"));
        Assert.Equal("Kết quả mới", model.Text("results"));
        Assert.Equal(("Tên giữ nguyên", "Mô tả giữ nguyên"), (model.Text("name"), model.Text("description")));
        Assert.NotEqual(etag, model.Text("etag"));
        Assert.Equal($"\"{model.Text("etag")}\"", updated.Headers.ETag?.ToString());
        var error = await statusByPatch.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Contains(Rest.Violations(error), v => v.Field == "updateMask" && v.Description.Contains(":transition", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recognition_answers_201_with_the_model_location_and_makes_it_RECOGNISED()
    {
        var id = (await fixture.RegisterModelAsync("Mô hình được công nhận", GatewayWithServices.Unique("Chi bộ"))).Id();

        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}/recognitions", RecognitionJson("CITY", 2024), Editor);

        var model = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/dvk-models/{id}", response.Headers.Location?.ToString());
        Assert.Equal($"\"{model.Text("etag")}\"", response.Headers.ETag?.ToString());
        Assert.Equal(("RECOGNISED", "CITY"), (model.Text("status"), model.Text("highestLevel")));
        var recognition = Assert.Single(model.Items("recognitions"));
        var date = recognition.GetProperty("decisionDate");
        Assert.Equal((2024, 12, 15), (date.GetProperty("year").GetInt32(), date.GetProperty("month").GetInt32(), date.GetProperty("day").GetInt32()));
        Assert.Equal("125/QĐ-UBND", recognition.Text("decisionNumber"));
        // Anyone may now read it.
        var anonymous = await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models/{id}");
        Assert.Equal("RECOGNISED", (await anonymous.ExpectAsync(HttpStatusCode.OK)).Text("status"));
    }

    [Fact]
    public async Task A_district_recognition_dated_from_2025_07_01_is_refused_and_one_before_is_kept()
    {
        var id = (await fixture.RegisterModelAsync("Mô hình cấp quận", GatewayWithServices.Unique("Chi bộ"))).Id();

        var abolished = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}/recognitions", RecognitionJson("DISTRICT", 2025, new DateOnly(2025, 7, 1)), Editor);
        var unchanged = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models/{id}", key: Editor)).ExpectAsync(HttpStatusCode.OK);
        var lastDay = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}/recognitions", RecognitionJson("DISTRICT", 2025, new DateOnly(2025, 6, 30)), Editor);

        var error = await abolished.AssertErrorAsync(HttpStatusCode.BadRequest, "DISTRICT_LEVEL_ABOLISHED");
        Assert.Equal(9, error.GetProperty("code").GetInt32());
        Assert.Contains(Rest.Violations(error), v => v.Field == "recognition.level");
        Assert.Contains("01/7/2025", Rest.Detail(error, "google.rpc.LocalizedMessage")!.Value.GetProperty("message").GetString());
        Assert.Equal("REGISTERED", unchanged.Text("status"));
        Assert.Empty(unchanged.Items("recognitions"));
        Assert.Equal("DISTRICT", (await lastDay.ExpectAsync(HttpStatusCode.Created)).Text("highestLevel"));
    }

    [Fact]
    public async Task A_recognition_without_decision_number_and_date_names_both_fields()
    {
        var id = (await fixture.RegisterModelAsync("Mô hình thiếu quyết định", GatewayWithServices.Unique("Chi bộ"))).Id();

        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}/recognitions", """{"level":"WARD","kind":"RECOGNITION","year":2024}""", Editor);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Equal(
            new[] { "recognition.decisionDate", "recognition.decisionNumber" },
            Rest.Violations(error).Select(v => v.Field).Order());
    }

    [Fact]
    public async Task Transitions_follow_the_lifecycle_and_refusals_name_the_allowed_moves()
    {
        var id = (await fixture.RegisterModelAsync("Mô hình chuyển trạng thái", GatewayWithServices.Unique("Chi bộ"))).Id();

        var stale = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}:transition", """{"to":"IMPLEMENTING"}""", Editor, ("If-Match", "\"v7\""));
        var legal = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}:transition", """{"to":"IMPLEMENTING"}""", Editor, ("If-Match", "\"v1\""));
        var illegal = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}:transition", """{"to":"REGISTERED"}""", Editor);
        var unknown = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}:transition", """{"to":"FLYING"}""", Editor);
        var missing = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}:transition", key: Editor);
        var noScope = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}:transition", """{"to":"CLOSED"}""", fixture.Organiser.Key);

        await stale.AssertErrorAsync(HttpStatusCode.Conflict, "ETAG_MISMATCH");
        Assert.Equal("IMPLEMENTING", (await legal.ExpectAsync(HttpStatusCode.OK)).Text("status"));
        var error = await illegal.AssertErrorAsync(HttpStatusCode.BadRequest, "ILLEGAL_TRANSITION");
        Assert.Equal(9, error.GetProperty("code").GetInt32());
        Assert.Contains("UNDER_REVIEW, SUSPENDED, CLOSED", error.GetProperty("message").GetString());
        var info = Rest.Detail(error, "google.rpc.ErrorInfo")!.Value.GetProperty("metadata");
        Assert.Equal(("IMPLEMENTING", "REGISTERED", "UNDER_REVIEW,SUSPENDED,CLOSED"), (info.Text("from"), info.Text("to"), info.Text("allowed")));
        var invalid = await unknown.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ENUM_VALUE");
        var violation = Assert.Single(Rest.Violations(invalid));
        Assert.Equal("to", violation.Field);
        Assert.Contains("REGISTERED, IMPLEMENTING, UNDER_REVIEW, RECOGNISED, SUSPENDED, CLOSED", violation.Description);
        Assert.Contains(Rest.Violations(await missing.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT")), v => v.Field == "to");
        await noScope.AssertErrorAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Delete_is_soft_204_hidden_from_lists_readable_by_id_and_undelete_restores()
    {
        var unit = GatewayWithServices.Unique("Chi bộ xóa mềm");
        var id = (await fixture.RecogniseAsync((await fixture.RegisterModelAsync("Mô hình sẽ bị xóa", unit)).Id())).Id();
        var list = $"/api/v1/dvk-models?ownerUnit={Uri.EscapeDataString(unit)}";

        var deleted = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/dvk-models/{id}", key: Editor);
        var listed = await (await Client.SendAsync(HttpMethod.Get, list, key: Editor)).ExpectAsync(HttpStatusCode.OK);
        var byId = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models/{id}", key: Editor)).ExpectAsync(HttpStatusCode.OK);
        var anonymous = await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models/{id}");
        var again = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/dvk-models/{id}", key: Editor);
        var undeleted = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}:undelete", key: Editor);
        var relisted = await (await Client.SendAsync(HttpMethod.Get, list)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        Assert.Empty(listed.Items("dvkModels"));
        Assert.Equal(0, listed.TryGetProperty("totalSize", out var total) ? total.GetInt32() : 0);
        Assert.NotEqual(string.Empty, byId.Text("deleteTime"));
        await anonymous.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await again.AssertErrorAsync(HttpStatusCode.NotFound, "MODEL_DELETED");
        var restored = await undeleted.ExpectAsync(HttpStatusCode.OK);
        Assert.False(restored.TryGetProperty("deleteTime", out _));
        Assert.Equal([id], relisted.Items("dvkModels").Select(m => m.Id()));
    }

    [Fact]
    public async Task Delete_and_undelete_need_dvk_write_and_honour_If_Match()
    {
        var model = await fixture.RegisterModelAsync("Mô hình có khóa", GatewayWithServices.Unique("Chi bộ"));

        var anonymous = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/dvk-models/{model.Id()}");
        var wrongScope = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/dvk-models/{model.Id()}", key: fixture.Reporter.Key);
        var stale = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/dvk-models/{model.Id()}", key: Editor, headers: ("If-Match", "\"v42\""));
        var notDeleted = await Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{model.Id()}:undelete", key: Editor);

        await anonymous.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await wrongScope.AssertErrorAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await stale.AssertErrorAsync(HttpStatusCode.Conflict, "ETAG_MISMATCH");
        await notDeleted.AssertErrorAsync(HttpStatusCode.BadRequest, "MODEL_NOT_DELETED");
    }
}
