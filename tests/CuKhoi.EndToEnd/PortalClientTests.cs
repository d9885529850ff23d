using System.Diagnostics;
using CuKhoi.EndToEnd.Support;
using Xunit.Abstractions;

namespace CuKhoi.EndToEnd;

/// <summary>
/// The ward portal's path, as its developers will build it: a TypeScript client generated
/// from the /openapi/v1.json this running gateway serves (openapi-typescript), compiled with
/// tsc --strict against openapi-fetch, then run against the same gateway
/// (tests/portal-client/src/portal.ts). A document that generators cannot read, or that no
/// longer types what the portal calls, fails here. Needs `npm ci --prefix tests/portal-client`;
/// without it the test is skipped on a developer machine and fails under CI=true.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class PortalClientTests(SystemFixture fixture, ITestOutputHelper log)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(120);

    private static string Client => Path.Combine(BuildOutput.RepositoryRoot, "tests", "portal-client");

    [SkippableFact]
    public async Task A_typescript_client_generated_from_the_served_document_compiles_strict_and_runs_the_portal_path()
    {
        var modules = Path.Combine(Client, "node_modules");
        MustRunOnCi(Directory.Exists(Path.Combine(modules, "openapi-typescript")) && Directory.Exists(Path.Combine(modules, "typescript")),
            "tests/portal-client/node_modules is missing: run `npm ci --prefix tests/portal-client`");
        var restBase = fixture.System.RestBase.ToString().TrimEnd('/');

        await NodeAsync(Path.Combine(modules, "openapi-typescript", "bin", "cli.js"), $"{restBase}/openapi/v1.json", "--output", Path.Combine("src", "generated", "schema.d.ts"));
        await NodeAsync(Path.Combine(modules, "typescript", "bin", "tsc"), "--strict", "-p", "tsconfig.json");
        var output = await NodeAsync(Path.Combine("dist", "portal.js"), restBase, fixture.System.AdminKey);

        Assert.Contains("OK search without accents finds", output);
        Assert.Contains("OK If-None-Match with that ETag: 304 Not Modified", output);
        Assert.Contains("OK create: 201 with Location", output);
        Assert.Contains("OK publish with If-Match: PUBLISHED", output);
        Assert.Contains("OK report 2020: CONTEST_ENTRIES_SUBMITTED = 11", output);
        Assert.Contains("OK portal client: every check passed", output);
    }

    /// <summary>Runs one node script in tests/portal-client; its output goes to the test log, a non-zero exit fails the test.</summary>
    private async Task<string> NodeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = Client,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        try
        {
            await node.WaitForExitAsync().WaitAsync(StepTimeout);
        }
        catch (TimeoutException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }

        var output = (await stdout) + (await stderr);
        log.WriteLine($"$ node {string.Join(' ', arguments)}{Environment.NewLine}{output}");
        Assert.True(node.ExitCode == 0, $"node {arguments[0]} exited with {node.ExitCode}:{Environment.NewLine}{output}");
        return output;
    }

    /// <summary>Skipped where the packages are missing, except under CI=true, where it must run.</summary>
    private static void MustRunOnCi(bool ready, string why)
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Assert.False(!ready && ci, $"{why} (CI=true: this test must run).");
        Skip.IfNot(ready, why);
    }
}
