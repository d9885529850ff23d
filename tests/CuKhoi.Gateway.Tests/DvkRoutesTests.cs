using System.Net;
using System.Text.Json;
using CuKhoi.Gateway.Tests.Support;

namespace CuKhoi.Gateway.Tests;

/// <summary>
/// The DVK models' read routes over REST through the gateway, against the real DVK host:
/// every filter, Vietnamese order, paging, what anonymous callers see, ETag/304, batch get,
/// and the 400s for bad query values.
/// </summary>
public sealed class DvkRoutesTests(GatewayWithServices fixture) : IClassFixture<GatewayWithServices>
{
    private HttpClient Client => fixture.Client;

    private string Editor => fixture.DvkEditor.Key;

    [Fact]
    public async Task Each_filter_and_their_combination_select_the_right_models()
    {
        var year = GatewayWithServices.NewYear();
        var unit = GatewayWithServices.Unique("Chi bộ thử");
        var token = $"kheoleo{Guid.NewGuid():N}";
        var a = (await fixture.RegisterModelAsync("Mô hình A", unit, year, "ECONOMY", description: $"Cách làm khéo léo {token}")).Id();
        var b = (await fixture.RecogniseAsync((await fixture.RegisterModelAsync("Mô hình B", unit, year, "CULTURE_SOCIETY")).Id(), "WARD")).Id();
        var c = (await fixture.RecogniseAsync((await fixture.RegisterModelAsync("Mô hình C", unit, year - 1, "ECONOMY")).Id(), "CITY")).Id();
        var d = (await fixture.TransitionModelAsync((await fixture.RegisterModelAsync("Mô hình D", GatewayWithServices.Unique("Đoàn thanh niên"), year, "DEFENCE_SECURITY")).Id(), "IMPLEMENTING")).Id();
        string[] mine = [a, b, c, d];
        var unitQuery = Uri.EscapeDataString(unit);

        // Single filters: every model listed matches, and of this test's models exactly the expected ones.
        await AssertListAsync($"year={year}", m => m.GetProperty("year").GetInt32() == year, mine, [a, b, d]);
        await AssertListAsync("field=ECONOMY", m => m.Text("field") == "ECONOMY", mine, [a, c]);
        await AssertListAsync("status=RECOGNISED", m => m.Text("status") == "RECOGNISED", mine, [b, c]);
        await AssertListAsync("status=IMPLEMENTING", m => m.Text("status") == "IMPLEMENTING", mine, [d]);
        await AssertListAsync("level=CITY", m => m.Items("recognitions").Any(r => r.Text("level") == "CITY"), mine, [c]);
        await AssertListAsync($"ownerUnit={unitQuery}", m => m.Text("ownerUnit") == unit, mine, [a, b, c]);
        // q is accent-insensitive: "khéo léo" in the text, found by the folded token.
        await AssertListAsync($"q={token}", _ => true, mine, [a]);

        // Combined filters are ANDed.
        await AssertListAsync($"ownerUnit={unitQuery}&field=ECONOMY&year={year}", _ => true, mine, [a]);
        await AssertListAsync($"ownerUnit={unitQuery}&status=RECOGNISED&level=WARD", _ => true, mine, [b]);
        await AssertListAsync($"ownerUnit={unitQuery}&field=CULTURE_SOCIETY&status=REGISTERED", _ => true, mine, []);
    }

    [Fact]
    public async Task Search_folds_Vietnamese_accents_in_the_query_too()
    {
        var unit = GatewayWithServices.Unique("Hội Cựu chiến binh");
        var id = (await fixture.RegisterModelAsync("Dân vận khéo trong giải phóng mặt bằng", unit)).Id();

        var list = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models?ownerUnit={Uri.EscapeDataString(unit)}&q={Uri.EscapeDataString("giai phong mat bang")}", key: Editor)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([id], list.Items("dvkModels").Select(m => m.Id()));
    }

    [Fact]
    public async Task OrderBy_name_is_Vietnamese_alphabetical_order_across_pages()
    {
        var unit = GatewayWithServices.Unique("Chi bộ sắp xếp");
        string[] expected = ["An", "Ân", "Ấp", "Ba", "Dung", "Đức"];
        foreach (var name in new[] { "Đức", "Ba", "Ấp", "Dung", "An", "Ân" })
        {
            await fixture.RegisterModelAsync(name, unit);
        }

        var names = new List<string>();
        var pages = 0;
        var url = $"/api/v1/dvk-models?ownerUnit={Uri.EscapeDataString(unit)}&orderBy=name&pageSize=4";
        string? token = null;
        do
        {
            var page = await (await Client.SendAsync(HttpMethod.Get, token is null ? url : $"{url}&pageToken={Uri.EscapeDataString(token)}", key: Editor)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(6, page.GetProperty("totalSize").GetInt32());
            names.AddRange(page.Items("dvkModels").Select(m => m.Text("name")));
            token = page.Text("nextPageToken") is { Length: > 0 } next ? next : null;
            pages++;
        }
        while (token is not null && pages < 5);

        Assert.Equal(2, pages);
        Assert.Equal(expected, names);
    }

    [Fact]
    public async Task Paging_with_pageToken_visits_every_model_once_and_a_foreign_token_is_400()
    {
        var unit = GatewayWithServices.Unique("Chi bộ phân trang");
        var ids = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await fixture.RegisterModelAsync($"Mô hình {i}", unit)).Id());
        }

        var url = $"/api/v1/dvk-models?ownerUnit={Uri.EscapeDataString(unit)}&pageSize=2";
        var seen = new List<string>();
        var first = await (await Client.SendAsync(HttpMethod.Get, url, key: Editor)).ExpectAsync(HttpStatusCode.OK);
        var page = first;
        for (var i = 0; i < 5 && page.Text("nextPageToken").Length > 0; i++)
        {
            seen.AddRange(page.Items("dvkModels").Select(m => m.Id()));
            page = await (await Client.SendAsync(HttpMethod.Get, $"{url}&pageToken={Uri.EscapeDataString(page.Text("nextPageToken"))}", key: Editor)).ExpectAsync(HttpStatusCode.OK);
        }

        seen.AddRange(page.Items("dvkModels").Select(m => m.Id()));
        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(5, seen.Count);

        // A token belongs to its filters: under other filters it is refused, not misread.
        var foreign = await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models?year=2024&pageSize=2&pageToken={Uri.EscapeDataString(first.Text("nextPageToken"))}", key: Editor);
        await foreign.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_PAGE_TOKEN");
    }

    [Fact]
    public async Task Anonymous_callers_see_recognised_models_only()
    {
        var unit = GatewayWithServices.Unique("Công an phường");
        var registered = (await fixture.RegisterModelAsync("Mô hình chưa công nhận", unit)).Id();
        var recognised = (await fixture.RecogniseAsync((await fixture.RegisterModelAsync("Mô hình đã công nhận", unit)).Id())).Id();
        var query = $"/api/v1/dvk-models?ownerUnit={Uri.EscapeDataString(unit)}";

        var anonymous = await (await Client.SendAsync(HttpMethod.Get, query)).ExpectAsync(HttpStatusCode.OK);
        var editor = await (await Client.SendAsync(HttpMethod.Get, query, key: Editor)).ExpectAsync(HttpStatusCode.OK);
        var hidden = await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models/{registered}");
        var visible = await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models/{recognised}");
        var askedForRecognised = await (await Client.SendAsync(HttpMethod.Get, $"{query}&status=RECOGNISED")).ExpectAsync(HttpStatusCode.OK);
        var askedForRegistered = await Client.SendAsync(HttpMethod.Get, $"{query}&status=REGISTERED");
        var otherScope = await Client.SendAsync(HttpMethod.Get, $"{query}&status=REGISTERED", key: fixture.Organiser.Key);

        Assert.Equal([recognised], anonymous.Items("dvkModels").Select(m => m.Id()));
        Assert.Equal(1, anonymous.GetProperty("totalSize").GetInt32());
        Assert.Equal([recognised], askedForRecognised.Items("dvkModels").Select(m => m.Id()));
        Assert.Equal(2, editor.GetProperty("totalSize").GetInt32());
        await hidden.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(HttpStatusCode.OK, visible.StatusCode);
        var error = await askedForRegistered.AssertErrorAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Equal(7, error.GetProperty("code").GetInt32());
        await otherScope.AssertErrorAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Get_by_id_carries_the_ETag_and_If_None_Match_answers_304()
    {
        var model = await fixture.RegisterModelAsync("Mô hình có ETag", GatewayWithServices.Unique("Chi bộ"));
        var etag = model.Text("etag");

        var fetched = await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models/{model.Id()}", key: Editor);
        var notModified = await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models/{model.Id()}", key: Editor, headers: ("If-None-Match", $"\"{etag}\""));
        var changed = await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models/{model.Id()}", key: Editor, headers: ("If-None-Match", "\"v999\""));
        var missing = await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models/{Guid.NewGuid():N}", key: Editor);

        var body = await fetched.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal($"\"{etag}\"", fetched.Headers.ETag?.ToString());
        Assert.Equal(model.Text("name"), body.Text("name"));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{etag}\"", notModified.Headers.ETag?.ToString());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await missing.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task BatchGet_returns_models_in_the_order_asked_and_names_the_missing_ones()
    {
        var unit = GatewayWithServices.Unique("Chi bộ");
        var first = (await fixture.RegisterModelAsync("Mô hình một", unit)).Id();
        var second = (await fixture.RecogniseAsync((await fixture.RegisterModelAsync("Mô hình hai", unit)).Id())).Id();
        var unknown = Guid.NewGuid().ToString("N");
        var url = $"/api/v1/dvk-models:batchGet?ids={second}&ids={unknown}&ids={first}";

        var editor = await (await Client.SendAsync(HttpMethod.Get, url, key: Editor)).ExpectAsync(HttpStatusCode.OK);
        var anonymous = await (await Client.SendAsync(HttpMethod.Get, url)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([second, first], editor.Items("dvkModels").Select(m => m.Id()));
        Assert.Equal([unknown], editor.Items("missingIds").Select(m => m.GetString()));
        // What an anonymous caller may not see is as missing as what does not exist.
        Assert.Equal([second], anonymous.Items("dvkModels").Select(m => m.Id()));
        Assert.Equal(new[] { unknown, first }.Order(), anonymous.Items("missingIds").Select(m => m.GetString()!).Order());
    }

    [Theory]
    [InlineData("field=NOPE", "field", "ECONOMY, CULTURE_SOCIETY, DEFENCE_SECURITY, PARTY_POLITICAL_SYSTEM")]
    [InlineData("status=DONE", "status", "REGISTERED, IMPLEMENTING, UNDER_REVIEW, RECOGNISED, SUSPENDED, CLOSED")]
    [InlineData("level=PROVINCE", "level", "WARD, DISTRICT, CITY, CENTRAL")]
    public async Task An_unknown_enum_value_in_the_query_is_400_listing_the_allowed_values(string query, string field, string allowed)
    {
        var response = await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models?{query}", key: Editor);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ENUM_VALUE");
        var violation = Assert.Single(Rest.Violations(error));
        Assert.Equal(field, violation.Field);
        Assert.Contains(allowed, violation.Description);
    }

    [Theory]
    [InlineData("year=1800", "year")]
    [InlineData("year=2101", "year")]
    [InlineData("pageSize=-1", "pageSize")]
    [InlineData("orderBy=popularity", "orderBy")]
    public async Task An_out_of_range_query_value_is_400_naming_the_field(string query, string field)
    {
        var response = await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models?{query}", key: Editor);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(3, error.GetProperty("code").GetInt32());
        Assert.Contains(Rest.Violations(error), v => v.Field == field);
    }

    /// <summary>Lists with the editor's key: every model matches, and of <paramref name="mine"/> exactly <paramref name="expected"/>.</summary>
    private async Task AssertListAsync(string query, Func<JsonElement, bool> matches, string[] mine, string[] expected)
    {
        var list = await (await Client.SendAsync(HttpMethod.Get, $"/api/v1/dvk-models?pageSize=100&{query}", key: Editor)).ExpectAsync(HttpStatusCode.OK);
        var models = list.Items("dvkModels");
        Assert.True(list.GetProperty("totalSize").GetInt32() <= 100, $"{query}: more than one page");
        Assert.All(models, m => Assert.True(matches(m), $"{query} listed {m}"));
        Assert.Equal(expected.Order(), models.Select(m => m.Id()).Where(mine.Contains).Order());
    }
}
