using System.Net;
using System.Text.Json;
using CuKhoi.ServiceDefaults.Text;

namespace CuKhoi.Gateway.Tests.Support;

/// <summary>Test data made over REST through the gateway, as the ward portal would make it.</summary>
public static class ServiceData
{
    public const string Body = "(Dữ liệu thử) Người tổ trưởng gõ cửa từng nhà vận động giải phóng mặt bằng.";

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public static object Day(DateOnly day) => new { year = day.Year, month = day.Month, day = day.Day };

    /// <summary>The body of a success, after asserting its status (the body is shown when it differs).</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Rest.Timeout);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Id(this JsonElement resource) => resource.GetProperty("id").GetString()!;

    public static string Text(this JsonElement resource, string property) =>
        resource.TryGetProperty(property, out var value) ? value.GetString() ?? string.Empty : string.Empty;

    public static async Task<JsonElement> RegisterModelAsync(this GatewayWithServices f, string name, string ownerUnit, int year = 2024, string field = "CULTURE_SOCIETY", string description = "")
    {
        var body = Json(new { kind = "MODEL", name, ownerUnit, field, year, description });
        return await (await f.Client.SendAsync(HttpMethod.Post, "/api/v1/dvk-models", body, f.DvkEditor.Key)).ExpectAsync(HttpStatusCode.Created);
    }

    public static string RecognitionJson(string level = "WARD", int year = 2024, DateOnly? date = null) =>
        Json(new { level, kind = "RECOGNITION", year, decisionNumber = "125/QĐ-UBND", decisionDate = Day(date ?? new DateOnly(year, 12, 15)), issuer = "UBND phường Cự Khối" });

    /// <summary>A model the public (and a contests:write key) may read: registered, then recognised by the ward.</summary>
    public static async Task<JsonElement> RegisterRecognisedModelAsync(this GatewayWithServices f, string name, string ownerUnit) =>
        await f.RecogniseAsync((await f.RegisterModelAsync(name, ownerUnit)).Id());

    public static async Task<JsonElement> RecogniseAsync(this GatewayWithServices f, string id, string level = "WARD", int year = 2024) =>
        await (await f.Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}/recognitions", RecognitionJson(level, year), f.DvkEditor.Key)).ExpectAsync(HttpStatusCode.Created);

    public static async Task<JsonElement> TransitionModelAsync(this GatewayWithServices f, string id, string to) =>
        await (await f.Client.SendAsync(HttpMethod.Post, $"/api/v1/dvk-models/{id}:transition", Json(new { to }), f.DvkEditor.Key)).ExpectAsync(HttpStatusCode.OK);

    /// <summary>A contest open from 30 days ago to 30 days ahead unless told otherwise.</summary>
    public static string ContestJson(string level, int year, string parentContestId = "", int maxWords = 0, DateOnly? opens = null, DateOnly? closes = null, string? name = null)
    {
        var today = VietnamTime.Today(TimeProvider.System);
        return Json(new
        {
            name = name ?? GatewayWithServices.Unique($"Cuộc thi viết {level}"),
            year,
            level,
            parentContestId,
            organiser = "Ban Dân vận Đảng ủy phường Cự Khối",
            opensOn = Day(opens ?? today.AddDays(-30)),
            closesOn = Day(closes ?? today.AddDays(30)),
            maxWords,
        });
    }

    public static async Task<JsonElement> CreateContestAsync(this GatewayWithServices f, string level, int year, string parentContestId = "", int maxWords = 0, DateOnly? opens = null, DateOnly? closes = null) =>
        await (await f.Client.SendAsync(HttpMethod.Post, "/api/v1/contests", ContestJson(level, year, parentContestId, maxWords, opens, closes), f.Organiser.Key)).ExpectAsync(HttpStatusCode.Created);

    /// <summary>WARD → DISTRICT → CITY of one year, all OPEN.</summary>
    public static async Task<(string Ward, string District, string City)> ChainAsync(this GatewayWithServices f, int year)
    {
        var city = (await f.CreateContestAsync("CITY", year)).Id();
        var district = (await f.CreateContestAsync("DISTRICT", year, city)).Id();
        var ward = (await f.CreateContestAsync("WARD", year, district)).Id();
        return (ward, district, city);
    }

    public static string EntryJson(object? subject = null, string? title = null, string author = "Nguyễn Văn An", string phone = "0900 000 001", string body = Body) =>
        Json(new
        {
            title = title ?? GatewayWithServices.Unique("Bài thử"),
            genre = "Bút ký",
            body,
            authors = new[] { new { fullName = author, unit = "Chi bộ Tổ dân phố số 5", phone } },
            subject = subject ?? new { kind = "INDIVIDUAL", name = "Bà Nguyễn Thị Hòa" },
        });

    public static object ModelSubject(string dvkModelId) => new { kind = "MODEL", dvkModelId };

    /// <summary>Every entry of a contest, as a contests:write key counts them.</summary>
    public static async Task<int> CountEntriesAsync(this GatewayWithServices f, string contestId)
    {
        var list = await (await f.Client.SendAsync(HttpMethod.Get, $"/api/v1/contests/{contestId}/entries?pageSize=1", key: f.Organiser.Key)).ExpectAsync(HttpStatusCode.OK);
        return list.TryGetProperty("totalSize", out var total) ? total.GetInt32() : 0;
    }

    public static async Task<JsonElement> SubmitEntryAsync(this GatewayWithServices f, string contestId, string? json = null) =>
        await (await f.Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contestId}/entries", json ?? EntryJson(), f.Organiser.Key)).ExpectAsync(HttpStatusCode.Created);

    public static async Task<JsonElement> SetEntryStatusAsync(this GatewayWithServices f, string contestId, string entryId, string status) =>
        await (await f.Client.SendAsync(HttpMethod.Patch, $"/api/v1/contests/{contestId}/entries/{entryId}", Json(new { status }), f.Organiser.Key)).ExpectAsync(HttpStatusCode.OK);

    /// <summary>Submits an entry and moves it SUBMITTED → VALID → SHORTLISTED; returns its id.</summary>
    public static async Task<string> ShortlistedAsync(this GatewayWithServices f, string contestId, string? json = null)
    {
        var id = (await f.SubmitEntryAsync(contestId, json)).Id();
        await f.SetEntryStatusAsync(contestId, id, "VALID");
        await f.SetEntryStatusAsync(contestId, id, "SHORTLISTED");
        return id;
    }

    public static async Task<JsonElement> MoveContestAsync(this GatewayWithServices f, string contestId, string to) =>
        await (await f.Client.SendAsync(HttpMethod.Post, $"/api/v1/contests/{contestId}:transition", Json(new { to }), f.Organiser.Key)).ExpectAsync(HttpStatusCode.OK);

    /// <summary>Every item of a list response's array (one page).</summary>
    public static IReadOnlyList<JsonElement> Items(this JsonElement list, string property) =>
        list.TryGetProperty(property, out var items) ? [.. items.EnumerateArray()] : [];
}
