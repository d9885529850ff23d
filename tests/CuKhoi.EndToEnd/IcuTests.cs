using System.Diagnostics;
using CuKhoi.EndToEnd.Support;

namespace CuKhoi.EndToEnd;

/// <summary>
/// In globalization-invariant mode Vietnamese collation and normalisation would silently be
/// wrong, so every host refuses to start there (the README's promise). The switch is read
/// when the runtime starts, so only a real process can show it.
/// </summary>
public sealed class IcuTests
{
    [Theory]
    [InlineData("CuKhoi.Gateway")]
    [InlineData("CuKhoi.Articles")]
    [InlineData("CuKhoi.DvkModels")]
    [InlineData("CuKhoi.Contests")]
    public async Task A_host_in_invariant_mode_refuses_to_start_and_says_why(string host)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { BuildOutput.HostDll(host) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(BuildOutput.HostDll(host))!,
        };
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        // Were the check gone, the host would start: never on the contract's ports.
        foreach (var endpoint in new[] { "Rest", "Grpc" })
        {
            start.Environment[$"Kestrel__Endpoints__{endpoint}__Url"] = "http://127.0.0.1:0";
        }

        start.Environment["Database__ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"cukhoi-icu-{Guid.NewGuid():N}.db")}";
        start.Environment["CUKHOI_INTERNAL_TOKEN"] = new string('t', 40);
        start.Environment["CUKHOI_ADMIN_KEY"] = "ck_" + new string('a', 40);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{host} kept running in invariant mode.");
        }

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("ICU is not available", await output + await error);
    }
}
