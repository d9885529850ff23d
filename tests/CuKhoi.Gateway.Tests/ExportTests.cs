using System.Net;
using System.Text.Json;
using CsCheck;
using CuKhoi.Gateway.Tests.Support;
using CuKhoi.Protos.Articles.V1;

namespace CuKhoi.Gateway.Tests;

/// <summary>Exports as newline-delimited JSON: one message per line, each with its resume token.</summary>
public sealed class ExportTests(GatewayWithFake fixture) : IClassFixture<GatewayWithFake>
{
    [Fact]
    public async Task An_export_is_ndjson_with_a_resume_token_on_every_line()
    {
        var response = await fixture.Client.SendAsync(HttpMethod.Get, "/api/v1/articles:export", key: GatewayFactory.AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = await LinesAsync(response);
        Assert.Equal(["a1", "a2", "a3"], lines.Select(l => l.GetProperty("article").GetProperty("id").GetString()));
        Assert.Equal(["1", "2", "3"], lines.Select(l => l.GetProperty("resumeToken").GetString()));
    }

    [Fact]
    public async Task An_export_resumes_after_a_token_and_takes_since_as_rfc3339()
    {
        var response = await fixture.Client.SendAsync(HttpMethod.Get, "/api/v1/articles:export?resumeToken=2&since=2020-12-31T17:00:00Z", key: GatewayFactory.AdminKey);

        var lines = await LinesAsync(response);
        Assert.Equal("a3", lines[0].GetProperty("article").GetProperty("id").GetString());
        Assert.Equal(DateTimeOffset.Parse("2020-12-31T17:00:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(lines[1].GetProperty("resumeToken").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Lines_reach_the_caller_as_they_are_written()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Fake.Articles.ExportGate = gate;
        try
        {
            using var request = Rest.Request(HttpMethod.Get, "/api/v1/articles:export", key: GatewayFactory.AdminKey);
            using var response = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Rest.Timeout);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

            // The service is still holding the stream open: the first line was not buffered.
            var first = await reader.ReadLineAsync().WaitAsync(Rest.Timeout);
            Assert.False(gate.Task.IsCompleted);
            gate.SetResult();
            var rest = await reader.ReadToEndAsync().WaitAsync(Rest.Timeout);

            Assert.Equal("1", JsonDocument.Parse(first!).RootElement.GetProperty("resumeToken").GetString());
            Assert.Equal(2, rest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            gate.TrySetResult();
            fixture.Fake.Articles.ExportGate = null;
        }
    }

    [Fact]
    public async Task An_export_with_a_bad_since_is_400()
    {
        var response = await fixture.Client.SendAsync(HttpMethod.Get, "/api/v1/articles:export?since=last-year", key: GatewayFactory.AdminKey);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
    }

    /// <summary>
    /// A line, and a REST read, are written from the service's bytes, not by transcoding
    /// (<see cref="Http.WireJson"/>): they must still be, byte for byte, the JSON transcoding
    /// writes for the same article, here as the answer to a create (a write's answer is decoded).
    /// </summary>
    [Fact]
    public async Task A_line_and_a_read_are_byte_for_byte_what_transcoding_writes_for_the_same_article()
    {
        // One sample at a time: they share the fake service.
        var articles = fixture.Fake.Articles;
        try
        {
            await Gen.Int.SampleAsync(
                async seed =>
                {
                    var article = RandomMessages.Create<Article>(seed);
                    article.Id = $"a{seed}"; // the create's Location is built from it
                    article.Etag = "v1";
                    articles.Answer = article;
                    articles.ExportAnswer = [new ExportArticlesResponse { Article = article, ResumeToken = $"token-{seed}" }];

                    var created = await fixture.Client.SendAsync(HttpMethod.Post, "/api/v1/articles", """{"title":"x","category":"tin-tuc"}""", GatewayFactory.AdminKey);
                    Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                    var transcoded = await created.Content.ReadAsStringAsync();
                    var read = await (await fixture.Client.SendAsync(HttpMethod.Get, "/api/v1/articles/a1")).Content.ReadAsStringAsync();
                    var export = await (await fixture.Client.SendAsync(HttpMethod.Get, "/api/v1/articles:export", key: GatewayFactory.AdminKey)).Content.ReadAsStringAsync();

                    Assert.StartsWith("{\"id\":", transcoded);
                    Assert.Equal(transcoded, read);
                    Assert.Equal($"{{\"article\":{transcoded},\"resumeToken\":\"token-{seed}\"}}\n", export);
                },
                iter: 150,
                threads: 1);
        }
        finally
        {
            articles.Answer = null;
            articles.ExportAnswer = null;
        }
    }

    /// <summary>Every line is one JSON object; the body ends with a newline.</summary>
    private static async Task<List<JsonElement>> LinesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Rest.Timeout);
        Assert.EndsWith("\n", text);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }
}
