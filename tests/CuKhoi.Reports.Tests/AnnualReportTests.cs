using System.Net;
using System.Text;
using CuKhoi.Gateway.Reports;
using CuKhoi.Protos.Reports.V1;
using CuKhoi.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace CuKhoi.Reports.Tests;

/// <summary>The annual report through the real gateway, computed live by the three real services.</summary>
public class AnnualReportTests(ReportHosts hosts) : IClassFixture<ReportHosts>
{
    [Fact]
    public async Task Sample_year_2020_shows_11_entries_1_sent_to_the_city_and_1_model_recognised_by_the_district()
    {
        await using var gateway = hosts.Gateway();

        var report = await gateway.CreateClient().GetJsonReportAsync(2020);

        Assert.Equal(2020, report.Year);
        Assert.Empty(report.Unavailable);
        Assert.Equal(Indicators.All.Select(d => d.Code), report.Indicators.Select(i => i.Code));
        Assert.Equal(11, report.Indicator("CONTEST_ENTRIES_SUBMITTED").Value);
        var city = report.Indicator("CONTEST_ENTRIES_FORWARDED_CITY");
        Assert.Equal((1L, 11L, "contests"), (city.Value, city.Denominator, city.Source));
        Assert.Equal(11, report.Indicator("CONTEST_ENTRIES_FORWARDED_DISTRICT").Denominator);
        var district = report.Indicator("DVK_MODELS_RECOGNISED_DISTRICT");
        Assert.Equal((1L, "dvk-models", false), (district.Value, district.Source, district.HasDenominator));
        Assert.Equal("Số bài dự thi được Quận gửi dự thi cấp Thành phố", city.LabelVi);
        Assert.NotNull(report.GenerateTime);
    }

    [Fact]
    public async Task The_same_report_over_gRPC_for_an_anonymous_caller()
    {
        await using var gateway = hosts.Gateway();
        using var channel = GrpcChannel.ForAddress(gateway.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = gateway.Server.CreateHandler() });
        var client = new ReportService.ReportServiceClient(channel);

        var report = await client.GetAnnualReportAsync(new GetAnnualReportRequest { Year = 2020 }, deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.Equal(11, report.Indicator("CONTEST_ENTRIES_SUBMITTED").Value);
        Assert.Equal(1, report.Indicator("DVK_MODELS_RECOGNISED_DISTRICT").Value);
        var invalid = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => client.GetAnnualReportAsync(new GetAnnualReportRequest { Year = 1989 }).ResponseAsync);
        Assert.Equal("year", Assert.Single(invalid.BadRequest()!.FieldViolations).Field);
    }

    [Theory]
    [InlineData("/api/v1/reports/annual/1989", "year")]
    [InlineData("/api/v1/reports/annual/2101?format=csv", "year")]
    [InlineData("/api/v1/reports/annual/2020?format=xml", "format")]
    public async Task Bad_years_and_formats_are_400_in_the_contract_shape(string url, string field)
    {
        await using var gateway = hosts.Gateway();

        using var response = await gateway.CreateClient().GetAsync(url).WaitAsync(ReportAssert.Timeout);

        await ReportAssert.AssertBadRequestAsync(response, field);
    }

    [Theory]
    [InlineData("/api/v1/reports/annual/2020")]
    [InlineData("/api/v1/reports/annual/2020?format=csv")]
    public async Task A_key_that_is_not_valid_is_401_on_the_public_report_while_no_key_and_a_valid_key_read_it(string url)
    {
        await using var gateway = hosts.Gateway();
        var client = gateway.CreateClient();

        using var rejected = await client.SendAsync(WithKey(url, "ck_made-up")).WaitAsync(ReportAssert.Timeout);
        using var admin = await client.SendAsync(WithKey(url, GatewayFactory.AdminKey)).WaitAsync(ReportAssert.Timeout);
        using var anonymous = await client.GetAsync(url).WaitAsync(ReportAssert.Timeout);

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(16, body.GetProperty("code").GetInt32());
        Assert.Contains("not valid or has been revoked", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_printable_page_refuses_a_key_that_is_not_valid_with_a_page()
    {
        await using var gateway = hosts.Gateway();

        using var response = await gateway.CreateClient().SendAsync(WithKey("/reports/annual/2020", "ck_made-up")).WaitAsync(ReportAssert.Timeout);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Khóa API không hợp lệ hoặc đã bị thu hồi.", html);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    private static HttpRequestMessage WithKey(string url, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    [Fact]
    public async Task Format_json_is_the_default_representation()
    {
        await using var gateway = hosts.Gateway();

        using var response = await gateway.CreateClient().GetAsync("/api/v1/reports/annual/2020?format=json").WaitAsync(ReportAssert.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Csv_is_UTF8_with_a_BOM_CRLF_and_the_live_figures()
    {
        await using var gateway = hosts.Gateway();

        using var response = await gateway.CreateClient().GetAsync("/api/v1/reports/annual/2020?format=csv").WaitAsync(ReportAssert.Timeout);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("bao-cao-dan-van-2020.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes.AsSpan(3));
        Assert.StartsWith("code,labelVi,value,denominator,source\r\n", text);
        Assert.Contains("CONTEST_ENTRIES_SUBMITTED,Số bài dự thi viết về điển hình “Dân vận khéo” cấp phường,11,,contests\r\n", text);
        Assert.Contains("CONTEST_ENTRIES_FORWARDED_CITY,Số bài dự thi được Quận gửi dự thi cấp Thành phố,1,11,contests\r\n", text);
        Assert.Contains("DVK_MODELS_RECOGNISED_DISTRICT,\"Số mô hình “Dân vận khéo” được Quận công nhận, khen thưởng\",1,,dvk-models\r\n", text);
        Assert.Equal(1 + Indicators.All.Count, CsvTests.Parse(bytes).Count);
    }

    [Fact]
    public async Task A_stopped_service_is_named_and_the_rest_of_the_report_still_answers_200()
    {
        await using var gateway = hosts.Gateway(down: ReportSources.Articles);
        var client = gateway.CreateClient();

        var report = await client.GetJsonReportAsync(2020);

        Assert.Equal(["articles"], report.Unavailable);
        Assert.DoesNotContain(report.Indicators, i => i.Source == "articles");
        Assert.Equal(11, report.Indicator("CONTEST_ENTRIES_SUBMITTED").Value);
        Assert.Equal(1, report.Indicator("DVK_MODELS_RECOGNISED_DISTRICT").Value);

        var csv = CsvTests.Parse(await client.GetByteArrayAsync("/api/v1/reports/annual/2020?format=csv").WaitAsync(ReportAssert.Timeout));
        Assert.Equal(["ARTICLES_PUBLISHED", "Số bài viết được đăng trên cổng thông tin", "", "", "articles"], csv[1]);

        var html = await client.GetStringAsync("/reports/annual/2020").WaitAsync(ReportAssert.Timeout);
        Assert.Contains("Số liệu chưa đầy đủ", html);
        Assert.Contains("Tin bài (articles)", html);
    }

    /// <summary>
    /// The budget is what the gateway sends downstream as the call's deadline (grpc-timeout),
    /// so the test reads it there: were `Reports:Timeout` ignored, the silent service would
    /// still be left out (by the 3 s default or the downstream's own bounds), but its call
    /// would carry another deadline.
    /// </summary>
    [Theory]
    [InlineData(null, 3.0)]
    [InlineData("00:00:01", 1.0)]
    public async Task A_service_that_does_not_answer_in_time_is_left_out_after_the_report_timeout(string? setting, double seconds)
    {
        var budget = TimeSpan.FromSeconds(seconds);
        await using var gateway = hosts.Gateway(reportTimeout: setting is null ? null : TimeSpan.Parse(setting, System.Globalization.CultureInfo.InvariantCulture), down: ReportSources.Contests);
        var silent = new SilentHandler();
        gateway.Downstream(GatewayFactory.Contests, () => silent);

        var report = await gateway.CreateClient().GetJsonReportAsync(2020);

        Assert.Equal(["contests"], report.Unavailable);
        Assert.Equal(1, report.Indicator("DVK_MODELS_RECOGNISED_DISTRICT").Value);
        var sent = await silent.FirstTimeout.WaitAsync(ReportAssert.Timeout);
        Assert.InRange(sent, budget - TimeSpan.FromSeconds(1), budget);
    }

    [Fact]
    public async Task Printable_page_has_the_title_the_table_and_three_or_more_inline_svg_charts()
    {
        await using var gateway = hosts.Gateway();

        using var response = await gateway.CreateClient().GetAsync("/reports/annual/2020").WaitAsync(ReportAssert.Timeout);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        PageTests.AssertSelfContainedReport(html, 2020);
        Assert.Contains("<td class=\"num\">11</td>", html);
        Assert.Contains("1/11 (9,1", html);
    }

    [Theory]
    [InlineData("1989")]
    [InlineData("abc")]
    public async Task Printable_page_for_a_bad_year_is_a_400_page(string year)
    {
        await using var gateway = hosts.Gateway();

        using var response = await gateway.CreateClient().GetAsync($"/reports/annual/{year}").WaitAsync(ReportAssert.Timeout);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("Năm phải", html);
    }

    /// <summary>A service that accepts the call, notes the deadline it was given and never answers.</summary>
    private sealed class SilentHandler : HttpMessageHandler
    {
        private readonly TaskCompletionSource<TimeSpan> _firstTimeout = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The grpc-timeout of the first call (a retry carries what is left of it).</summary>
        public Task<TimeSpan> FirstTimeout => _firstTimeout.Task;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _firstTimeout.TrySetResult(request.Headers.TryGetValues("grpc-timeout", out var values)
                ? GrpcTimeout(values.Single())
                : TimeSpan.MaxValue);
            await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        /// <summary>The gRPC wire format: digits and one unit letter (H, M, S, m, u, n).</summary>
        private static TimeSpan GrpcTimeout(string value)
        {
            var amount = long.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture);
            return value[^1] switch
            {
                'H' => TimeSpan.FromHours(amount),
                'M' => TimeSpan.FromMinutes(amount),
                'S' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMilliseconds(amount),
                'u' => TimeSpan.FromMicroseconds(amount),
                'n' => TimeSpan.FromTicks(amount / 100),
                _ => throw new FormatException($"Not a grpc-timeout: {value}"),
            };
        }
    }
}
