using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace CuKhoi.Reports.Tests;

/// <summary>
/// The printable page as a reader gets it: served by the real gateway on a loopback port,
/// opened by Debian's headless chromium, screenshot to PNG and printed to PDF. Skipped
/// only off CI when chromium is not installed; under CI=true it must run.
/// </summary>
public class BrowserTests(ReportHosts hosts, ITestOutputHelper output) : IClassFixture<ReportHosts>
{
    [SkippableFact]
    public async Task Chromium_renders_and_prints_the_2020_report_without_console_errors()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var executable = Chromium.Find();
        Skip.If(executable is null && !ci, $"chromium is not installed ({Chromium.DefaultPath}); apt-get install -y chromium to run the browser test.");
        Assert.True(executable is not null, $"CI=true but chromium is missing at {Chromium.DefaultPath}: .ci/run must install the chromium package.");

        await using var gateway = hosts.Gateway();
        gateway.UseKestrel();
        var page = new Uri(await gateway.KestrelRestAddressAsync(), "/reports/annual/2020");
        var outputs = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "browser", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture))).FullName;
        var png = Path.Combine(outputs, "bao-cao-dan-van-2020.png");
        var pdf = Path.Combine(outputs, "bao-cao-dan-van-2020.pdf");
        var chromium = new Chromium(executable!, outputs);

        var screenshot = await chromium.ScreenshotAsync(page, png);
        var print = await chromium.PrintToPdfAsync(page, pdf);
        var dom = await chromium.DumpDomAsync(page);
        output.WriteLine($"page: {page}");
        output.WriteLine($"screenshot: {png}");
        output.WriteLine($"pdf: {pdf}");

        foreach (var run in new[] { screenshot, print, dom })
        {
            Assert.True(run.ExitCode == 0, $"chromium exited {run.ExitCode}: {run.StandardError}");
            Assert.Empty(run.ConsoleLines);
        }

        Assert.True(new FileInfo(png).Length > 20_000, $"{png} is {new FileInfo(png).Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
        Assert.True(new FileInfo(pdf).Length > 10_000, $"{pdf} is {new FileInfo(pdf).Length} bytes");
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(pdf)[..4]);
        Assert.Contains("Báo cáo tổng kết công tác Dân vận năm 2020", dom.StandardOutput);
        Assert.True(Regex.Count(dom.StandardOutput, "<svg[ >]") >= 3, "the rendered DOM has fewer than three charts");
    }
}
